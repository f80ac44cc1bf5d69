"""Accessibility in a real browser: axe-core on every page, the keyboard alone, reloads.

axe-core (shipped by axe-playwright-python) runs its WCAG 2.1 A and AA rules on
every page an employee, HR and the youth panel see, in Korean and English, at
375 and 1280 px; no violation of impact serious or critical may remain. Each
run's violations are written to ``test-output/e2e/axe.json`` (or the file
named by ``AXE_REPORT``), the per-page record the accessibility notes quote.

One browser context serves each walk, so a page is measured at both widths
without being loaded twice; the language is changed with the app's own
switch, as a person would.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from survey import form
from survey.i18n import t
from tests.e2e.conftest import (
    DESKTOP,
    HR,
    OPEN_WAVE,
    OUTPUT,
    PHONE,
    YOUTH,
    App,
    _open,
    go_to,
    settle,
)
from tests.e2e.test_employee import COMMENTS, expected_row, matching_rows, plan

pytestmark = pytest.mark.e2e

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
LANGS = ("ko", "en")
AXE = Axe()

# (navigation title key, heading key) of every page HR opens.
HR_PAGES = [
    ("dash.nav.overview", "dash.overview.title"),
    ("dash.nav.trends", "dash.trends.title"),
    ("pdf.s.breakdowns", "dash.breakdowns.title"),
    ("pdf.s.items", "dash.items.title"),
    ("pdf.s.reliability", "pdf.s.reliability"),
    ("dash.nav.comments", "dash.nav.comments"),
    ("dash.nav.waves", "dash.waves.title"),
    ("dash.nav.audit", "dash.nav.audit"),
    ("youth.nav", "youth.title"),
    ("users.nav", "users.nav"),
    ("account.nav", "account.title"),
    ("plans.nav", "plans.title"),
    ("results.nav", "results.title"),
    ("a11y.nav", "a11y.title"),
]


def _report_path() -> Path:
    return Path(os.environ.get("AXE_REPORT") or OUTPUT / "axe.json")


@pytest.fixture(scope="module")
def record() -> Iterator[dict[str, list[dict[str, object]]]]:
    """Every audited page's violations, written out when the module ends."""
    results: dict[str, list[dict[str, object]]] = {}
    yield results
    path = _report_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(
        json.dumps({**previous, **results}, ensure_ascii=False, indent=1, sort_keys=True),
        encoding="utf-8",
    )


def _violations(page: Page) -> list[dict[str, object]]:
    settle(page)
    found = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [
        {
            "id": rule["id"],
            "impact": rule["impact"],
            "nodes": len(rule["nodes"]),
            "targets": [str(node["target"]) for node in rule["nodes"][:5]],
            "html": [node["html"][:200] for node in rule["nodes"][:3]],
        }
        for rule in found.response["violations"]
    ]


# While a run is under way Streamlit dims the elements it may replace
# (``data-stale``, opacity 0.33); a component's rerun can start right after a
# page has settled, so axe would measure the dimmed text. The page is judged
# at rest: no transition, no dimming.
STILL = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
    '[data-stale="true"] { opacity: 1 !important; }'
)


def audit(page: Page, name: str, record: dict, problems: list[str]) -> None:
    """axe on the page as it stands, at phone and desktop width; serious findings kept."""
    page.add_style_tag(content=STILL)
    for label, size in (("375", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        settle(page)
        expect(page.locator('[data-stale="true"]')).to_have_count(0)
        # The page script has run: our stylesheet is in <head> (survey/style.py).
        expect(page.locator("head style#culture-css")).to_have_count(1)
        found = _violations(page)
        record[f"{name}@{label}"] = found
        problems.extend(
            f"{name}@{label}: {v['id']} ({v['impact']}, {v['nodes']} nodes) {v['targets']}"
            for v in found
            if v["impact"] in BLOCKING
        )


def switch_language(page: Page, lang: str) -> None:
    """Change the language with the app's own switch (the session stays)."""
    name = {"ko": "한국어", "en": "English"}[lang]
    page.get_by_test_id("stButtonGroup").get_by_role("button", name=name, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    settle(page)


@pytest.fixture
def context_page(browser: Browser) -> Iterator[Page]:
    """A desktop page in its own context (own cookies and storage)."""
    page = _open(browser, DESKTOP)
    yield page
    page.context.close()


# ---------------------------------------------------------------- axe


def _step_title(app: App, step: form.Step, lang: str) -> str:
    if step.kind == "dimension":
        return app.survey.dimension(step.dimension).label.get(lang)
    return t(f"form.step.{step.kind}", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_employee_pages_pass_axe(
    app: App, context_page: Page, record: dict, shots: Callable[..., Path], lang: str
) -> None:
    page = context_page
    problems: list[str] = []
    page.goto(app.address("/", wave=OPEN_WAVE, lang=lang))
    expect(page.get_by_role("heading", name=app.survey.title.get(lang))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    audit(page, f"{lang}/landing", record, problems)
    page.get_by_role("button", name=t("form.start", lang), exact=True).click()
    steps = form.steps(app.survey)
    for number, step in enumerate(steps, start=1):
        expect(page.get_by_role("heading", name=_step_title(app, step, lang))).to_be_visible()
        audit(page, f"{lang}/step-{number:02d}-{step.kind}", record, problems)
        if number in (1, 8):
            page.set_viewport_size(PHONE)
            settle(page)
            shots(page, f"step-{number:02d}-375")
            page.set_viewport_size(DESKTOP)
            settle(page)
            shots(page, f"step-{number:02d}-1280")
        last = number == len(steps)
        page.get_by_role("button", name=t("form.to_review" if last else "form.next", lang)).click()
    expect(page.get_by_role("heading", name=t("form.step.review", lang))).to_be_visible()
    audit(page, f"{lang}/review", record, problems)
    page.get_by_role("button", name=t("form.submit", lang), exact=True).click()
    page.get_by_role("button", name=t("form.confirm_yes", lang), exact=True).click()
    expect(page.get_by_role("heading", name=t("form.thanks.title", lang))).to_be_visible()
    audit(page, f"{lang}/thanks", record, problems)
    shots(page, "thanks")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_staff_pages_pass_axe(app: App, context_page: Page, record: dict, lang: str) -> None:
    page = context_page
    problems: list[str] = []
    page.goto(app.address("/signin", lang=lang))
    expect(page.get_by_role("heading", name=t("signin.title", lang))).to_be_visible()
    audit(page, f"{lang}/signin", record, problems)
    app.sign_in(page, HR, lang)
    expect(page.get_by_role("heading", name=t("dash.overview.title", lang))).to_be_visible()
    for title, heading in HR_PAGES:
        page.set_viewport_size(DESKTOP)
        _open_sidebar(page)
        _show_every_page(page, title, lang)
        go_to(page, title, heading, lang)
        audit(page, f"{lang}/hr/{title}", record, problems)
    # Printing (issue 12): content only, without the sidebar, the switch or buttons.
    go_to(page, "dash.nav.overview", "dash.overview.title", lang)
    page.emulate_media(media="print")
    try:
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_test_id("stButtonGroup")).to_be_hidden()
        expect(page.get_by_role("heading", name=t("dash.overview.title", lang))).to_be_visible()
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        assert page.pdf(format="A4").startswith(b"%PDF")
    finally:
        page.emulate_media(media="screen")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_youth_panel_pages_pass_axe(app: App, context_page: Page, record: dict, lang: str) -> None:
    page = context_page
    problems: list[str] = []
    app.sign_in(page, YOUTH, lang)
    expect(page.get_by_role("heading", name=t("dash.overview.title", lang))).to_be_visible()
    audit(page, f"{lang}/youth_panel/overview", record, problems)
    go_to(page, "youth.nav", "youth.title", lang)
    audit(page, f"{lang}/youth_panel/youth", record, problems)
    assert not problems, "\n".join(problems)


def _show_every_page(page: Page, title: str, lang: str) -> None:
    """Unfold the navigation ("View N more") when the page's link is folded away."""
    sidebar = page.get_by_test_id("stSidebar")
    link = sidebar.get_by_role("link", name=t(title, lang), exact=True)
    more = sidebar.get_by_test_id("stSidebarNavViewButton")
    if not link.is_visible() and more.count():
        more.click()
    expect(link).to_be_visible()


def _open_sidebar(page: Page) -> None:
    """Bring back the sidebar a phone-width run collapsed."""
    settle(page)
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.count() and expand.is_visible():
        expand.click()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()


# ---------------------------------------------------------------- the keyboard alone


def _focused(locator) -> bool:
    return bool(
        locator.evaluate("e => e === document.activeElement || e.contains(document.activeElement)")
    )


def tab_to(page: Page, locator, limit: int = 80) -> None:
    """Press Tab until `locator` holds the focus (as a keyboard user moves through a page)."""
    for _ in range(limit):
        if _focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{limit} presses of Tab never reached {locator}")


def test_whole_survey_with_the_keyboard_alone(
    app: App, context_page: Page, shots: Callable[..., Path]
) -> None:
    page, lang, survey = context_page, "ko", app.survey
    before = app.store.count(OPEN_WAVE)
    steps = plan(survey, lang)
    page.goto(app.address("/", wave=OPEN_WAVE, lang=lang))
    start = page.get_by_role("button", name=t("form.start", lang), exact=True)
    tab_to(page, start)
    page.keyboard.press("Enter")
    kinds = form.steps(survey)
    for number, (step, clicks) in enumerate(zip(kinds, steps, strict=True)):
        expect(page.get_by_role("heading", name=_step_title(app, step, lang))).to_be_visible()
        settle(page)
        for click in clicks:
            group = page.get_by_role("radiogroup", name=click.group)
            radios = group.get_by_role("radio")
            tab_to(page, radios.first)
            page.keyboard.press("Space")
            for _ in range(click.index):
                page.keyboard.press("ArrowDown")
            expect(radios.nth(click.index)).to_be_checked()
            ring = group.locator("label:has(input:focus-visible)")
            expect(ring).to_have_css("outline-style", "solid")
            settle(page)
        if step.kind == "comments":
            box = page.get_by_label(survey.comments[0].text.get(lang), exact=True)
            tab_to(page, box)
            page.keyboard.type(COMMENTS[lang])
        if number == 0:
            shots(page, "first-step-focus")
        last = number == len(kinds) - 1
        forward = page.get_by_role(
            "button", name=t("form.to_review" if last else "form.next", lang), exact=True
        )
        tab_to(page, forward)
        expect(forward).to_have_css("outline-style", "solid")
        page.keyboard.press("Enter")
    submit = page.get_by_role("button", name=t("form.submit", lang), exact=True)
    expect(page.get_by_role("heading", name=t("form.step.review", lang))).to_be_visible()
    settle(page)
    tab_to(page, submit)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=t("form.thanks.title", lang))).to_be_visible()
    assert app.store.count(OPEN_WAVE) == before + 1
    expected = expected_row(survey, steps, lang)
    # Only the first comment was typed; the second stays blank.
    expected[survey.comments[1].id] = None
    assert matching_rows(app.store.load_wave(OPEN_WAVE), expected) == 1
