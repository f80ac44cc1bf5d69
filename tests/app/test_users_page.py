"""AppTest of the users page, the account page and the forced change after a reset."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from survey.store import Store
from tests.app.conftest import HR_NAME
from tests.app.dashboard_fixtures import open_page, signed_in

pytestmark = pytest.mark.app


def test_hr_adds_a_user_and_the_one_time_password_shows_once(app: AppTest, app_store: Store):
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_users")
    assert not at.exception
    at.text_input(key="users_add_name").set_value("moon")
    at.radio(key="users_add_role").set_value("youth_panel")
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert "사용자 moon을 만들었습니다" in at.success[0].value
    password = at.code[0].value
    user = app_store.verify("moon", password)
    assert (user.role, user.must_change) == ("youth_panel", True)
    entry = app_store.list_audit()[0]
    assert (entry.user, entry.action, entry.detail) == (HR_NAME, "user.add", {"user": "moon"})
    assert password not in str([e.detail for e in app_store.list_audit()])
    at = at.button(key="users_once_forget").click().run()
    assert not at.code


def test_a_too_short_password_is_one_message_in_the_users_language(app: AppTest, app_store):
    at = open_page(signed_in(app, HR_NAME, "hr"), "account")
    at.text_input(key="account.now").set_value("fixture-password-123")
    at.text_input(key="account.new").set_value("short")
    at.text_input(key="account.again").set_value("short")
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["비밀번호는 10자 이상이어야 합니다"]
    assert app_store.verify(HR_NAME, "fixture-password-123")
    at.text_input(key="account.now").set_value("fixture-password-123")
    at.text_input(key="account.new").set_value("a-much-longer-phrase")
    at.text_input(key="account.again").set_value("a-much-longer-phrase")
    at = at.form_submit_button[0].click().run()
    assert "비밀번호를 바꿨습니다" in at.success[0].value
    assert app_store.verify(HR_NAME, "a-much-longer-phrase")
    assert app_store.list_audit()[0].action == "user.password"


def test_disable_unlock_and_reset_from_the_page(app: AppTest, app_store: Store):
    app_store.add_user("lee", "hr", "first-pass-phrase")
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_users")
    at.selectbox(key="users_pick").set_value("lee")
    at = at.run()
    at = at.button(key="users_toggle").click().run()
    assert not at.exception
    assert next(u for u in app_store.list_users() if u.name == "lee").disabled
    at.selectbox(key="users_pick").set_value("lee")
    at = at.run()
    at = at.button(key="users_toggle").click().run()
    assert not next(u for u in app_store.list_users() if u.name == "lee").disabled
    at.selectbox(key="users_pick").set_value("lee")
    at = at.run()
    at = at.button(key="users_reset").click().run()
    once = at.code[0].value
    assert app_store.verify("lee", once).must_change
    at.selectbox(key="users_pick").set_value("lee")
    at = at.run()
    at = at.button(key="users_unlock").click().run()
    actions = [e.action for e in app_store.list_audit() if e.user == HR_NAME]
    assert actions[:4] == ["user.unlock", "user.reset", "user.enable", "user.disable"]
    # HR cannot lock themselves out of the page.
    at.selectbox(key="users_pick").set_value(HR_NAME)
    at = at.run()
    at = at.button(key="users_toggle").click().run()
    assert "자기 계정" in at.error[0].value
    assert not next(u for u in app_store.list_users() if u.name == HR_NAME).disabled


def test_signin_refuses_a_disabled_account_like_a_wrong_password(
    app: AppTest, app_store: Store, sign_in
):
    app_store.add_user("lee", "hr", "first-pass-phrase")
    app.run()
    at = sign_in(app, "lee", "not-the-password")
    wrong = at.error[0].value
    app_store.set_disabled("lee")
    at = sign_in(at, "lee", "first-pass-phrase")
    assert at.error[0].value == wrong
    assert "session.user" not in at.session_state


def test_after_a_reset_the_person_must_choose_a_password_first(
    app: AppTest, app_store: Store, sign_in
):
    app_store.add_user("lee", "hr", "first-pass-phrase")
    once = app_store.reset_password("lee")
    app.run()
    at = sign_in(app, "lee", once)
    assert not at.exception
    assert "session.user" not in at.session_state
    assert "일회용 비밀번호로 로그인했습니다" in at.warning[0].value
    at.text_input(key="signin.once").set_value(once)
    at.text_input(key="signin.new").set_value("own-new-phrase-77")
    at.text_input(key="signin.again").set_value("own-new-phrase-77")
    at = at.form_submit_button[0].click().run()
    assert not at.exception
    assert at.session_state["session.user"].name == "lee"
    assert not app_store.verify("lee", "own-new-phrase-77").must_change


def test_the_audit_page_reads_as_sentences_with_filters_and_an_export(
    app: AppTest, app_store: Store
) -> None:
    app_store.create_wave("2026-Q3")
    app_store.audit("cli", "wave.create", {"wave": "2026-Q3", "mode": "codes"})
    app_store.audit("schedule", "wave.open", {"wave": "2026-Q3", "scheduled": True})
    app_store.audit(HR_NAME, "codes.issue", {"wave": "2026-H1", "count": 1200})
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_audit")
    assert not at.exception
    rows = list(at.dataframe[0].value["기록"])
    assert "schedule (예약 일정): 차수 응답 시작 (차수 2026-Q3, 일정에 따라)" in rows
    assert f"{HR_NAME}: 접근 코드 발급 (차수 2026-H1, 1,200건)" in rows
    assert "cli (명령줄): 차수 생성 (차수 2026-Q3, 참여 방식 codes)" in rows
    assert not any("{" in row for row in rows)
    at = at.multiselect(key="audit_waves").select("2026-Q3").run()
    assert len(at.dataframe[0].value) == 2
    [download] = at.get("download_button")
    assert download.proto.label == "보이는 기록 CSV로 내려받기"


def test_the_audit_page_reads_every_kind_of_detail_in_english(app: AppTest, app_store: Store):
    app_store.audit(HR_NAME, "report.view", {"page": "trends", "waves": ["2025-H2", "2026-H1"]})
    app_store.audit(HR_NAME, "report.view", {"page": "items", "filter": None, "key": "x"})
    app.query_params["lang"] = "en"
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_audit")
    assert not at.exception
    rows = list(at.dataframe[0].value["Entry"])
    assert f"{HR_NAME}: Viewed a report (page trends, waves 2025-H2, 2026-H1)" in rows
    assert f"{HR_NAME}: Viewed a report (page items, key x)" in rows


def test_the_chosen_account_stays_chosen_after_an_action(app: AppTest, app_store: Store):
    # An action changes the account's state; the next button must still act on it.
    app_store.add_user("aaa_first", "hr", "first-pass-phrase")
    app_store.add_user("lee", "hr", "second-pass-phrase")
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_users")
    at.selectbox(key="users_pick").set_value("lee")
    at = at.run()
    at = at.button(key="users_toggle").click().run()
    assert at.selectbox(key="users_pick").value == "lee"
    at = at.button(key="users_reset").click().run()
    assert not at.exception
    states = {u.name: (u.disabled, u.must_change) for u in app_store.list_users()}
    assert states == {"aaa_first": (False, False), HR_NAME: (False, False), "lee": (True, True)}
    assert "lee" in at.warning[0].value
    assert "lee의 상태: 사용 중지" in " ".join(c.value for c in at.caption)
