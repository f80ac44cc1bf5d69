"""Unsent answers survive a reload and a closed tab, in the browser only (issue 13).

Each test has its own browser context (its own cookies and ``localStorage``),
answers a little of the open-link wave in Korean and looks at what the
browser keeps (`survey.draft.STORAGE_KEY`), what the page shows after a
reload or a new page load, and that discarding, submitting and an hour's age
remove it. A distinctive comment typed before submission must not be in the
database file, its write-ahead log or the server's log.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from survey import draft, form
from survey.i18n import t
from tests.e2e.conftest import (
    CODES_WAVE,
    DESKTOP,
    OPEN_WAVE,
    OUTPUT,
    STATE_TIMEOUT_MS,
    App,
    _open,
    settle,
)

pytestmark = pytest.mark.e2e

LANG = "ko"
# Typed into the comment box and never submitted: it must reach no server-side byte.
SECRET = "초안전용-문장-7Q3ZK-아무데도-저장되면-안됩니다"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page in its own context: its own cookies and local storage."""
    fresh = _open(browser, DESKTOP)
    yield fresh
    fresh.context.close()


def stored(page: Page) -> dict | None:
    """The copy the browser keeps, parsed, or None."""
    raw = page.evaluate("(key) => window.localStorage.getItem(key)", draft.STORAGE_KEY)
    return None if raw is None else json.loads(raw)


def wait_stored(page: Page, text: str) -> None:
    """Wait until the browser's copy holds `text` (an answer, a question id)."""
    page.wait_for_function(
        "([key, text]) => (window.localStorage.getItem(key) || '').includes(text)",
        arg=[draft.STORAGE_KEY, text],
        timeout=STATE_TIMEOUT_MS,
    )


def wait_gone(page: Page) -> None:
    page.wait_for_function(
        "(key) => window.localStorage.getItem(key) === null",
        arg=draft.STORAGE_KEY,
        timeout=STATE_TIMEOUT_MS,
    )


def first_item(app: App) -> tuple[str, str, str]:
    """The first Likert item: its id, its radio group's name and the label of point 4."""
    item = app.survey.items[0]
    return item.id, item.text.get(LANG), app.survey.scale_labels[3].get(LANG)


def start(app: App, page: Page, wave: str = OPEN_WAVE) -> None:
    page.goto(app.address("/", wave=wave, lang=LANG))
    page.get_by_role("button", name=t("form.start", LANG), exact=True).click()
    settle(page)


def answer_first_item(app: App, page: Page) -> None:
    field, group, label = first_item(app)
    radios = page.get_by_role("radiogroup", name=group)
    radios.get_by_text(label, exact=True).click()
    expect(radios.get_by_role("radio").nth(3)).to_be_checked()
    settle(page)
    wait_stored(page, field)


def expect_first_item_back(app: App, page: Page) -> None:
    _, group, _ = first_item(app)
    expect(page.get_by_text(t("form.unsent.restored", LANG))).to_be_visible()
    radios = page.get_by_role("radiogroup", name=group)
    expect(radios.get_by_role("radio").nth(3)).to_be_checked()


def step_title(app: App, step: form.Step) -> str:
    if step.kind == "dimension":
        return app.survey.dimension(step.dimension).label.get(LANG)
    return t(f"form.step.{step.kind}", LANG)


def forward_to(app: App, page: Page, last: int) -> None:
    """From the first step, move on with "다음" to step `last`, each step's heading in turn."""
    steps = form.steps(app.survey)
    for number in range(1, last + 1):
        page.get_by_role("button", name=t("form.next", LANG), exact=True).click()
        heading = page.get_by_role("heading", name=step_title(app, steps[number]), exact=True)
        expect(heading).to_be_visible()
        settle(page)


def to_comments(app: App, page: Page) -> None:
    forward_to(app, page, len(form.steps(app.survey)) - 1)


def server_bytes(app: App) -> bytes:
    """The database file with its write-ahead log, and the server's log."""
    database = Path(app.db_url.removeprefix("sqlite:///"))
    parts = [database, database.with_name(database.name + "-wal"), OUTPUT / "server.log"]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def test_answers_survive_a_reload_and_a_new_page_load(
    app: App, page: Page, shots: Callable[..., Path]
) -> None:
    start(app, page)
    answer_first_item(app, page)
    copy = stored(page)
    assert copy is not None and copy["wave"] == OPEN_WAVE and copy["step"] == 0
    assert set(copy) == {"wave", "step", "answers", "saved"}

    page.reload()
    expect_first_item_back(app, page)
    shots(page, "after-reload")

    # A closed tab: a new page of the same browser profile, the first one gone.
    second = page.context.new_page()
    page.close()
    second.goto(app.address("/", wave=OPEN_WAVE, lang=LANG))
    expect_first_item_back(app, second)
    shots(second, "new-page")


def test_a_comment_typed_before_submission_reaches_no_server_byte(app: App, page: Page) -> None:
    start(app, page)
    to_comments(app, page)
    box = page.get_by_label(app.survey.comments[0].text.get(LANG), exact=True)
    box.fill(SECRET)
    box.press("Control+Enter")
    settle(page)
    wait_stored(page, SECRET)
    page.reload()
    expect(page.get_by_label(app.survey.comments[0].text.get(LANG), exact=True)).to_have_value(
        SECRET
    )
    settle(page)
    assert SECRET.encode("utf-8") not in server_bytes(app)

    page.get_by_role("button", name=t("form.unsent.discard", LANG), exact=True).click()
    page.get_by_role("button", name=t("form.unsent.confirm_yes", LANG), exact=True).click()
    expect(page.get_by_text(t("form.unsent.discarded", LANG))).to_be_visible()
    wait_gone(page)
    assert SECRET.encode("utf-8") not in server_bytes(app)


def test_discarding_leaves_nothing_for_the_next_person(app: App, page: Page) -> None:
    start(app, page)
    answer_first_item(app, page)
    page.get_by_role("button", name=t("form.unsent.discard", LANG), exact=True).click()
    # One confirmation: "계속 응답하기" keeps everything.
    page.get_by_role("button", name=t("form.unsent.confirm_no", LANG), exact=True).click()
    settle(page)
    assert stored(page) is not None
    page.get_by_role("button", name=t("form.unsent.discard", LANG), exact=True).click()
    page.get_by_role("button", name=t("form.unsent.confirm_yes", LANG), exact=True).click()
    expect(page.get_by_text(t("form.unsent.discarded", LANG))).to_be_visible()
    wait_gone(page)
    page.reload()
    expect(page.get_by_role("button", name=t("form.start", LANG), exact=True)).to_be_visible()
    expect(page.get_by_text(t("form.unsent.restored", LANG))).to_have_count(0)
    settle(page)
    assert stored(page) is None


def test_submitting_removes_the_copy(app: App, page: Page) -> None:
    before = app.store.count(OPEN_WAVE)
    start(app, page)
    answer_first_item(app, page)
    page.reload()
    expect_first_item_back(app, page)
    to_comments(app, page)
    page.get_by_role("button", name=t("form.to_review", LANG), exact=True).click()
    page.get_by_role("button", name=t("form.submit", LANG), exact=True).click()
    page.get_by_role("button", name=t("form.confirm_yes", LANG), exact=True).click()
    expect(page.get_by_role("heading", name=t("form.thanks.title", LANG))).to_be_visible()
    wait_gone(page)
    assert app.store.count(OPEN_WAVE) == before + 1
    field = first_item(app)[0]
    assert (app.store.load_wave(OPEN_WAVE)[field] == 4).any()


def test_a_copy_older_than_an_hour_is_dropped(app: App, page: Page) -> None:
    start(app, page)
    answer_first_item(app, page)
    # An hour and a minute ago, by the browser's clock that wrote it.
    page.evaluate(
        """([key, age]) => {
          const copy = JSON.parse(window.localStorage.getItem(key));
          copy.saved = Date.now() - age;
          window.localStorage.setItem(key, JSON.stringify(copy));
        }""",
        [draft.STORAGE_KEY, draft.MAX_AGE_MS + 60_000],
    )
    page.reload()
    expect(page.get_by_role("button", name=t("form.start", LANG), exact=True)).to_be_visible()
    wait_gone(page)
    expect(page.get_by_text(t("form.unsent.restored", LANG))).to_have_count(0)


def test_the_access_code_is_never_kept_in_the_browser(app: App, page: Page) -> None:
    code = app.codes[2]  # unused; only tried here, never submitted
    page.goto(app.address("/", wave=CODES_WAVE, lang=LANG))
    page.get_by_label(t("slips.code", LANG), exact=True).fill(code)
    page.get_by_role("button", name=t("form.code.submit", LANG), exact=True).click()
    settle(page)
    answer_first_item(app, page)
    everything = page.evaluate("() => JSON.stringify(window.localStorage) + document.cookie")
    assert code not in everything and code.replace("-", "") not in everything
    page.reload()
    expect_first_item_back(app, page)
    expect(page.get_by_text(t("form.unsent.code_again", LANG))).to_be_visible()
