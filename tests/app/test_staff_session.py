"""Staff sessions shared by a person's tabs: one row per session, ended everywhere (issue 13).

Each AppTest is one browser tab; the tab's token is in its session state, as
after signing in through the form, and the browser's cookie is what
`survey.session.keep_token` is given to write.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from survey import session
from survey.db import staff_sessions
from survey.store import Store

from .conftest import HR_NAME, HR_PASSWORD

pytestmark = pytest.mark.app


def _rows(store: Store) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(staff_sessions)).all()]


def _cookie_data(at: AppTest) -> dict:
    """What this run gave the browser's cookie script."""
    for element in at.get("bidi_component"):
        proto = element.proto
        if proto.component_name == "culture_session":
            return json.loads(proto.json)
    raise AssertionError("no session cookie script on the page")


def test_signing_in_opens_one_row_and_gives_the_browser_its_token(
    app: AppTest, app_store: Store, users, sign_in
) -> None:
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    token = at.session_state[session.TOKEN_KEY]
    (stored, name, _), *others = _rows(app_store)
    assert not others and name == HR_NAME
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert _cookie_data(at) == {"name": session.COOKIE, "token": token, "forget": None}


def test_signing_out_deletes_the_row_and_the_cookie(
    app: AppTest, app_store: Store, users, sign_in, page_text
) -> None:
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    token = at.session_state[session.TOKEN_KEY]
    at.sidebar.button(key="session.sign_out_button").click().run()
    assert _rows(app_store) == []
    assert "로그아웃되었습니다." in page_text(at)
    # Only that session's cookie is removed: another tab may have signed in since.
    assert _cookie_data(at) == {"name": session.COOKIE, "token": None, "forget": token}


def test_a_session_ended_elsewhere_ends_this_tab(
    app: AppTest, app_store: Store, users, sign_in, page_text
) -> None:
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    app_store.end_session(at.session_state[session.TOKEN_KEY])  # signed out in another tab
    at.run()
    assert at.session_state.get(session.USER_KEY) is None
    assert "다른 창에서 로그아웃했거나" in page_text(at)
    assert app_store.list_audit()[0].action == "session_rejected"


def test_changing_ones_own_password_keeps_this_tab_only(
    app: AppTest, app_store: Store, users, sign_in
) -> None:
    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    first = at.session_state[session.TOKEN_KEY]
    elsewhere = app_store.open_session(HR_NAME, session._now(), 30)
    at.switch_page("app_pages/account.py").run()
    at.text_input(key="account.now").input(HR_PASSWORD)
    at.text_input(key="account.new").input("a-brand-new-phrase-77")
    at.text_input(key="account.again").input("a-brand-new-phrase-77")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert at.session_state.get(session.USER_KEY) is not None
    now = session._now()
    assert app_store.session_user(first, now, 30) is None
    assert app_store.session_user(elsewhere, now, 30) is None
    assert app_store.session_user(at.session_state[session.TOKEN_KEY], now, 30) is not None
    at.run()
    assert at.session_state.get(session.USER_KEY) is not None


def test_a_busy_database_ends_no_session(
    app: AppTest, app_store: Store, users, sign_in, page_text, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row cannot be read for a moment: the run stops with the store's message,
    the tab stays signed in, and the next run goes on as before."""
    from survey.store import StoreUnavailable

    at = sign_in(app.run(), HR_NAME, HR_PASSWORD)
    user = at.session_state[session.USER_KEY]

    def busy(*args, **kwargs):
        raise StoreUnavailable.make()

    answering = Store.session_user
    monkeypatch.setattr(Store, "session_user", busy)
    at.run()
    assert at.session_state[session.USER_KEY] == user
    assert at.error and at.error[0].value == StoreUnavailable.make().message("ko")
    assert len(_rows(app_store)) == 1
    assert "session_rejected" not in {e.action for e in app_store.list_audit()}
    monkeypatch.setattr(Store, "session_user", answering)
    at.run()
    assert at.session_state[session.USER_KEY] == user and not at.error
