"""Staff stay signed in across reloads and tabs; signing out in one tab ends all (issue 13).

The browser holds the session's token in the ``culture_session`` cookie; the
database holds only its SHA-256 (`survey.session`, `Store.session_user`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from survey import navigation, session
from survey.db import staff_sessions
from survey.i18n import t
from tests.e2e.conftest import DESKTOP, HR, STATE_TIMEOUT_MS, YOUTH, App, _open, settle

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page in its own context: its own cookies."""
    fresh = _open(browser, DESKTOP)
    yield fresh
    fresh.context.close()


def signed_in_as(page: Page, name: str) -> None:
    """The sidebar says who is signed in (the account panel of every signed-in page)."""
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name=t("session.sign_out", "ko"))).to_be_visible()
    expect(sidebar.get_by_text(name, exact=False)).to_be_visible()


def token(page: Page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == session.COOKIE), None)


def stored_hashes(app: App) -> list[tuple[str, str]]:
    with app.store.engine.connect() as connection:
        rows = connection.execute(select(staff_sessions)).all()
    return [(row.token_hash, row.user_name) for row in rows]


def wait_cookie(page: Page, present: bool) -> None:
    """Wait until the browser holds the staff session's cookie, or no longer does."""
    page.wait_for_function(
        "([name, present]) => document.cookie.includes(name + '=') === present",
        arg=[session.COOKIE, present],
        timeout=STATE_TIMEOUT_MS,
    )


def test_signed_in_across_a_reload_and_a_second_tab_until_signed_out(
    app: App, page: Page, shots: Callable[..., Path]
) -> None:
    app.sign_in(page, HR)
    signed_in_as(page, HR.name)
    wait_cookie(page, present=True)
    held = token(page)
    assert held is not None
    # The table keeps the token's hash only.
    hashes = stored_hashes(app)
    assert (hashlib.sha256(held.encode()).hexdigest(), HR.name) in hashes
    assert all(held not in stored for stored, _ in hashes)
    cookie = next(c for c in page.context.cookies() if c["name"] == session.COOKIE)
    assert cookie["sameSite"] == "Strict" and cookie["expires"] == -1

    # A reload keeps the page and the session.
    address = page.url
    page.reload()
    signed_in_as(page, HR.name)
    assert page.url == address
    shots(page, "after-reload")

    # A second tab of the same browser opens an HR page directly.
    second = page.context.new_page()
    landing = navigation.landing(HR.role)
    assert landing is not None
    second.goto(app.address(f"/{Path(landing.path).stem}"))
    signed_in_as(second, HR.name)
    settle(second)

    # Signing out in the first tab ends the second one at its next run.
    page.get_by_test_id("stSidebar").get_by_role("button", name=t("session.sign_out", "ko")).click()
    expect(page.get_by_text(t("session.signed_out", "ko"))).to_be_visible()
    wait_cookie(page, present=False)
    # This session's row is gone (other tests' sessions of the account may remain).
    assert hashlib.sha256(held.encode()).hexdigest() not in dict(stored_hashes(app))
    second.get_by_test_id("stSidebar").get_by_role(
        "link", name=t("nav.signin", "ko"), exact=True
    ).click()
    expect(second.get_by_text(t("session.ended", "ko"))).to_be_visible()
    expect(second.get_by_label(t("users.name", "ko"), exact=True)).to_be_visible()
    expect(second.get_by_role("button", name=t("session.sign_out", "ko"))).to_have_count(0)
    shots(second, "second-tab-after-sign-out")

    # And a new tab finds no session either.
    third = page.context.new_page()
    third.goto(app.address("/signin"))
    expect(third.get_by_label(t("users.name", "ko"), exact=True)).to_be_visible()
    expect(third.get_by_test_id("stSidebar")).to_have_count(0)


def test_a_stolen_cookie_of_a_disabled_account_is_refused(app: App, page: Page) -> None:
    app.sign_in(page, YOUTH)
    signed_in_as(page, YOUTH.name)
    wait_cookie(page, present=True)
    app.store.set_disabled(YOUTH.name)
    try:
        page.reload()
        settle(page)
        expect(page.get_by_test_id("stSidebar")).to_have_count(0)
        # The cookie of a session that no longer exists is taken away.
        wait_cookie(page, present=False)
    finally:
        app.store.set_disabled(YOUTH.name, False)
