"""Sign-in, sign-out, lockout, idle expiry and who may open which page (app_pages/signin.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from survey import navigation, session
from survey.navigation import PageEntry
from survey.store import Store

from .conftest import HR_NAME, HR_PASSWORD, YOUTH_NAME, YOUTH_PASSWORD

pytestmark = pytest.mark.app

# A stand-in for an HR page: the lock first, then a figure.
FAKE_HR_PAGE = """
import streamlit as st
from survey import session

session.require_role("hr")
st.metric("index", 81.4)
"""


@pytest.fixture(autouse=True)
def own_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only this area's pages, so the tests do not depend on the dashboard's."""
    own = [p for p in navigation.PAGES if p.path in (navigation.FORM_PAGE, navigation.SIGNIN_PAGE)]
    monkeypatch.setattr(navigation, "PAGES", own)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The session clock, in seconds; tests move it by changing ``clock[0]``."""
    now = [10_000.0]
    monkeypatch.setattr(session, "clock", lambda: now[0])
    return now


@pytest.fixture
def hr_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Register a fake HR page for `roles`; returns its path for ``switch_page``."""

    def register(roles: set[str] | None) -> str:
        path = tmp_path / "hr_fake.py"
        path.write_text(FAKE_HR_PAGE, encoding="utf-8")
        entry = PageEntry(str(path), "nav.signin", ":material/insights:", roles)
        monkeypatch.setattr(navigation, "PAGES", [*navigation.PAGES, entry])
        return str(path)

    return register


def signed_in(at: AppTest):
    return at.session_state.get(session.USER_KEY)


def test_sign_in_and_out_are_audited(
    app: AppTest, app_store: Store, users, sign_in, page_text
) -> None:
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    assert not at.exception
    user = signed_in(at)
    assert (user.name, user.role) == (HR_NAME, "hr")
    assert "hr_kim 님(인사 담당)으로 로그인되어 있습니다." in page_text(at)
    assert [b.key for b in at.sidebar.button] == ["session.sign_out_button"]

    at.button(key="signin.sign_out").click().run()
    assert signed_in(at) is None
    assert "로그아웃되었습니다." in page_text(at)
    assert at.text_input(key="users.name")  # the form is back
    actions = [(e.user, e.action) for e in reversed(app_store.list_audit())]
    assert actions == [(HR_NAME, "sign_in"), (HR_NAME, "sign_out")]


def test_wrong_password_and_missing_fields(app: AppTest, users, sign_in, page_text) -> None:
    at = sign_in(app.run(), HR_NAME, "not-the-password")
    assert "이름 또는 비밀번호가 맞지 않습니다" in page_text(at)
    assert signed_in(at) is None
    at = sign_in(at, "nobody", HR_PASSWORD)
    assert "이름 또는 비밀번호가 맞지 않습니다" in page_text(at)
    at = sign_in(at, HR_NAME, "")
    assert "사용자 이름과 비밀번호를 모두 입력해 주십시오." in page_text(at)
    assert signed_in(at) is None


def test_five_failures_lock_the_account(app: AppTest, users, sign_in, page_text) -> None:
    at = app.run()
    for _ in range(4):
        at = sign_in(at, YOUTH_NAME, "wrong-password")
        assert "이름 또는 비밀번호가 맞지 않습니다" in page_text(at)
    at = sign_in(at, YOUTH_NAME, "wrong-password")
    assert "계정이 잠겼습니다. 15분 뒤에 다시 시도해 주십시오" in page_text(at)
    # While locked even the right password is refused.
    at = sign_in(at, YOUTH_NAME, YOUTH_PASSWORD)
    assert "계정이 잠겼습니다" in page_text(at)
    assert signed_in(at) is None


def test_an_idle_session_expires(
    app: AppTest, app_store: Store, users, sign_in, clock, page_text
) -> None:
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    clock[0] += 29 * 60
    at.run()
    assert signed_in(at) is not None
    clock[0] += 29 * 60  # 29 minutes since the last run: still active
    at.run()
    assert signed_in(at) is not None
    clock[0] += 30 * 60 + 1
    at.run()
    assert signed_in(at) is None
    assert "30분 동안 활동이 없어 자동으로 로그아웃되었습니다" in page_text(at)
    assert app_store.list_audit()[0].action == "session_expired"


def test_disabling_an_account_ends_its_open_session(
    app: AppTest, app_store: Store, users, sign_in, page_text
) -> None:
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    assert signed_in(at) is not None
    app_store.set_disabled(HR_NAME)
    at.run()
    assert signed_in(at) is None
    assert app_store.list_audit()[0].action == "session_rejected"
    at = sign_in(at, HR_NAME, HR_PASSWORD)
    assert signed_in(at) is None


def test_idle_minutes_follow_the_setting(
    app: AppTest, users, sign_in, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CULTURE_SESSION_IDLE_MIN", "5")
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    clock[0] += 5 * 60 + 1
    at.run()
    assert signed_in(at) is None


def test_navigation_holds_only_the_pages_of_the_role(hr_page) -> None:
    hr_page({"hr"})
    anonymous = [p.path for p in navigation.visible(None)]
    assert anonymous == [navigation.FORM_PAGE, navigation.SIGNIN_PAGE]
    assert len(navigation.visible("hr")) == 3
    assert len(navigation.visible("youth_panel")) == 2
    assert navigation.landing("hr").title == "nav.signin"
    assert navigation.landing(None) is None


def test_an_hr_page_shows_nothing_signed_out_or_to_the_wrong_role(
    app: AppTest, users, sign_in, clock, hr_page, page_text
) -> None:
    path = hr_page({"hr"})
    at = app.run()
    # Hidden from the menu; its address runs the page's guard, which shows only the prompt.
    at.switch_page(path).run()
    assert not at.exception and not at.metric
    assert "로그인" in at.info[0].value

    # Signing in lands an hr user on their first page, which shows its figure.
    at = sign_in(at, HR_NAME, HR_PASSWORD)
    assert not at.exception
    assert [m.value for m in at.metric] == ["81.4"]

    # The session expires while the page is open: the next run shows no figure,
    # only the sign-in page and why.
    clock[0] += 31 * 60
    at.run()
    assert not at.exception
    assert not at.metric
    assert signed_in(at) is None
    assert "30분 동안 활동이 없어 자동으로 로그아웃되었습니다" in page_text(at)
    assert at.text_input(key="users.name")

    # Signing out from the sidebar on the page: the same.
    at = sign_in(at, HR_NAME, HR_PASSWORD)
    assert [m.value for m in at.metric] == ["81.4"]
    at.sidebar.button(key="session.sign_out_button").click().run()
    assert not at.exception
    assert not at.metric
    assert "로그아웃되었습니다." in page_text(at)


def test_the_page_lock_itself_refuses(app: AppTest, users, sign_in, hr_page, page_text) -> None:
    # Registered for everyone, the page's own require_role("hr") still holds.
    path = hr_page(None)
    at = app.run()
    at.switch_page(path).run()
    assert not at.metric
    assert "이 화면은 로그인한 담당자만 볼 수 있습니다" in page_text(at)
    assert "로그인 화면으로 가기" in [link.proto.label for link in at.get("page_link")]

    at = sign_in(at, YOUTH_NAME, YOUTH_PASSWORD)
    at.switch_page(path).run()
    assert not at.metric
    assert "이 화면을 볼 권한이 없습니다" in page_text(at)


def test_sign_in_page_in_english(app: AppTest, users, page_text) -> None:
    app.query_params["lang"] = "en"
    at = app.run()
    at.switch_page("app_pages/signin.py").run()
    assert "Staff sign-in" in page_text(at)
    assert at.text_input(key="signin.password").label == "Password"


def test_no_single_sign_on_without_secrets(app: AppTest, users) -> None:
    at = app.run()
    at.switch_page("app_pages/signin.py").run()
    assert "signin.sso" not in [button.key for button in at.button]


SSO_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "culture-survey",
        "client_secret": "not-a-real-secret",
        "server_metadata_url": "https://idp.example.go.kr/.well-known/openid-configuration",
    }
}


def test_single_sign_on_maps_the_email_to_a_user_of_the_store(
    app: AppTest, app_store: Store, page_text
) -> None:
    app_store.add_user("kim.hr@example.go.kr", "hr", HR_PASSWORD)
    app.secrets = SSO_SECRETS
    app.user = {"is_logged_in": True, "email": "kim.hr@example.go.kr"}
    at = app.run()
    user = signed_in(at)
    assert (user.name, user.role) == ("kim.hr@example.go.kr", "hr")
    [entry] = app_store.list_audit()
    assert (entry.action, entry.detail) == ("sign_in", {"method": "sso"})

    # Signing out also ends the identity provider's session in this browser.
    at.switch_page("app_pages/signin.py").run()
    at.button(key="signin.sign_out").click().run()
    assert signed_in(at) is None
    assert at.user["is_logged_in"] is False


def test_single_sign_on_of_an_unknown_identity_gets_no_access(
    app: AppTest, app_store: Store, users, page_text
) -> None:
    app.secrets = SSO_SECRETS
    app.user = {"is_logged_in": True, "email": "stranger@example.com"}
    at = app.run()
    at.switch_page("app_pages/signin.py").run()
    assert signed_in(at) is None
    assert "stranger@example.com 계정은 이 서비스에 등록되어 있지 않습니다" in page_text(at)
    assert app_store.list_audit() == []


def test_the_sign_in_page_offers_single_sign_on_when_configured(app: AppTest) -> None:
    app.secrets = SSO_SECRETS
    at = app.run()
    at.switch_page("app_pages/signin.py").run()
    assert "signin.sso" in [button.key for button in at.button]
