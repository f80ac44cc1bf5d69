"""Who reaches which page: signed-out visitors, the youth panel, and a password guesser.

Every protected page is found in `survey.navigation.PAGES` (st.navigation
names a page's address after its file, ``app_pages/hr_overview.py`` is
``/hr_overview``), so a page added later is covered without editing this file.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from scoring import messages
from survey import auth
from survey.db import users
from survey.i18n import t
from survey.navigation import PAGES, PageEntry
from tests.e2e.conftest import HR, LOCKED_HR, YOUTH, App, go_to, settle

pytestmark = pytest.mark.e2e

PROTECTED = [entry for entry in PAGES if entry.roles is not None]
HR_ONLY = [entry for entry in PROTECTED if "youth_panel" not in entry.roles]
# What shows a figure: metrics, charts, tables and downloads.
FIGURES = ("stMetric", "stVegaLiteChart", "stDataFrame", "stTable", "stDownloadButton")
DECIMAL = re.compile(r"\d\.\d")


def path_of(entry: PageEntry) -> str:
    """The page's address: its file name without the extension."""
    return f"/{Path(entry.path).stem}"


def shows_no_figure(page: Page, entry: PageEntry) -> None:
    """Nothing of the page renders: none of its figures, not its title."""
    for figure in FIGURES:
        expect(page.get_by_test_id(figure)).to_have_count(0)
    expect(page.get_by_role("heading", name=t(entry.title, "ko"))).to_have_count(0)
    assert not DECIMAL.search(page.get_by_test_id("stMain").inner_text())


def arrive(page: Page, address: str) -> None:
    """Open an address in a new session and wait until the app has answered."""
    page.goto(address)
    # Any visible element: a page that stops at the sign-in prompt has no
    # heading, and the first container holds the page script, which draws nothing.
    containers = page.get_by_test_id("stMain").get_by_test_id("stElementContainer")
    expect(containers.filter(visible=True).first).to_be_visible()
    settle(page)


def test_signed_out_page_addresses_show_no_figure(
    app: App, module_desktop: Page, shots: Callable[..., Path]
) -> None:
    assert {Path(e.path).stem for e in PROTECTED} >= {"hr_overview", "hr_comments", "youth"}
    for entry in PROTECTED:
        arrive(module_desktop, app.address(path_of(entry)))
        shots(module_desktop, Path(entry.path).stem)
        shows_no_figure(module_desktop, entry)


def test_signed_out_page_addresses_lead_to_sign_in(
    app: App, module_desktop: Page, shots: Callable[..., Path]
) -> None:
    # The sign-in page's form, or the prompt `require_role` shows before stopping.
    form = module_desktop.get_by_label(t("signin.password", "ko"), exact=True)
    prompt = module_desktop.get_by_text(t("session.signin_required", "ko"))
    elsewhere = []
    for entry in PROTECTED:
        arrive(module_desktop, app.address(path_of(entry)))
        shots(module_desktop, Path(entry.path).stem)
        try:
            expect(form.or_(prompt).first).to_be_visible(timeout=3_000)
        except AssertionError:
            elsewhere.append(path_of(entry))
    assert not elsewhere, f"signed out, these addresses do not show the sign-in page: {elsewhere}"


def test_youth_panel_cannot_reach_hr_pages(
    app: App, desktop: Page, shots: Callable[..., Path]
) -> None:
    app.sign_in(desktop, YOUTH)
    sidebar = desktop.get_by_test_id("stSidebar")
    account = t("session.signed_in_as", "ko", name=YOUTH.name, role=t("role.youth_panel", "ko"))
    expect(sidebar.get_by_text(account)).to_be_visible()
    for entry in PROTECTED:
        link = sidebar.get_by_role("link", name=t(entry.title, "ko"), exact=True)
        expect(link).to_have_count(1 if "youth_panel" in entry.roles else 0)
    shots(desktop, "youth-navigation")

    # An address typed into the bar starts a new, signed-out session (the tests
    # above); within this session the app's own router is asked for each page,
    # each time from the overview, so that its figures going away shows the
    # request was answered.
    overview = desktop.get_by_role("heading", name=t("dash.overview.title", "ko"), exact=True)
    for entry in HR_ONLY:
        go_to(desktop, "dash.nav.overview", "dash.overview.title")
        expect(desktop.get_by_test_id("stMetric").first).to_be_visible()
        desktop.evaluate(
            "path => { history.pushState({}, '', path);"
            " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }",
            path_of(entry),
        )
        expect(overview).to_have_count(0)
        settle(desktop)
        shows_no_figure(desktop, entry)
        expect(sidebar.get_by_text(account)).to_be_visible()
    shots(desktop, "youth-after-hr-addresses")


def _lock_state(app: App, name: str) -> tuple[int, bool]:
    with app.store.engine.connect() as connection:
        query = select(users.c.failed_count, users.c.locked_until).where(users.c.name == name)
        failed, locked_until = connection.execute(query).one()
    return int(failed), locked_until is not None


def _wait_for_lock_state(app: App, name: str, wanted: tuple[int, bool]) -> None:
    """Wait until the server has recorded an attempt: (failures in a row, locked)."""
    deadline = time.monotonic() + 20.0
    while (state := _lock_state(app, name)) != wanted:
        if time.monotonic() > deadline:
            pytest.fail(f"{name}: (failures, locked) is {state}, expected {wanted}")
        time.sleep(0.1)


def test_five_wrong_passwords_lock_the_account(
    app: App, desktop: Page, shots: Callable[..., Path]
) -> None:
    invalid = desktop.get_by_text(messages.text("auth.invalid", "ko"))
    locked = messages.text("auth.locked", "ko", failures=auth.MAX_FAILURES, minutes=999)
    lock_message = desktop.get_by_text(re.compile(re.escape(locked).replace("999", r"\d+")))

    desktop.goto(app.address("/signin"))
    desktop.get_by_label(t("users.name", "ko"), exact=True).fill(LOCKED_HR.name)
    password = desktop.get_by_label(t("signin.password", "ko"), exact=True)
    submit = desktop.get_by_role("button", name=t("signin.submit", "ko"), exact=True)
    for attempt in range(1, auth.MAX_FAILURES + 1):
        password.fill(f"wrong-password-{attempt}")
        submit.click()
        last = attempt == auth.MAX_FAILURES
        # The fifth failure locks the account and starts the count again.
        _wait_for_lock_state(app, LOCKED_HR.name, (0, True) if last else (attempt, False))
        expect(lock_message if last else invalid).to_be_visible()
        if attempt == 1:
            shots(desktop, "01-wrong-password")

    # The sixth attempt, with the right password, from a new session.
    app.sign_in(desktop, LOCKED_HR)
    expect(lock_message).to_be_visible()
    settle(desktop)
    shots(desktop, "02-locked")
    expect(desktop.get_by_test_id("stSidebar")).to_have_count(0)
    expect(desktop).to_have_url(re.compile(r"/signin"))
    assert _lock_state(app, LOCKED_HR.name) == (0, True)
    # One account's lock leaves the others alone.
    other = next(u for u in app.store.list_users() if u.name == HR.name)
    assert other.locked_until is None
