"""HR signs in once and reads every dashboard page: scoring's figures, the hidden kept hidden.

The tests share one signed-in browser session (as a person would keep one),
moving between pages through the sidebar. Every figure checked is computed
here with `scoring.report.build_report` on what the store holds, not taken
from the app.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from scoring import messages
from survey.i18n import t
from tests.e2e.conftest import CLOSED_WAVES, DOWNLOAD_TIMEOUT_MS, HR, LATEST, App, go_to

pytestmark = pytest.mark.e2e

NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


def shown(value: float) -> str:
    """A score as the pages show it: one decimal."""
    return f"{value:,.1f}"


@pytest.fixture(scope="module")
def hr_page(app: App, module_desktop: Page) -> Page:
    """A desktop session signed in as HR, landed on the overview."""
    app.sign_in(module_desktop, HR)
    title = t("dash.overview.title", "ko")
    expect(module_desktop.get_by_role("heading", name=title, exact=True)).to_be_visible()
    return module_desktop


def test_overview_index_matches_scoring(
    app: App, hr_page: Page, shots: Callable[..., Path]
) -> None:
    report = app.closed_report()
    go_to(hr_page, "dash.nav.overview", "dash.overview.title")
    metric = hr_page.get_by_test_id("stMetric").filter(
        has_text=t("dash.index_label", "ko", wave=LATEST)
    )
    expected = t("dash.points", "ko", value=shown(report.index.score))
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(expected)
    people = hr_page.get_by_test_id("stMetric").filter(has_text=t("render.respondents", "ko"))
    expect(people.get_by_test_id("stMetricValue")).to_have_text(
        t("dash.people", "ko", n=f"{report.respondents:,}")
    )
    # The picture shows the dimension chart drawn, not its placeholder.
    expect(hr_page.get_by_test_id("stVegaLiteChart").first.locator("svg").first).to_be_visible()
    shots(hr_page, "overview")


def test_excel_export_matches_scoring(app: App, hr_page: Page, shots: Callable[..., Path]) -> None:
    survey = app.survey
    go_to(hr_page, "dash.nav.overview", "dash.overview.title")
    button = hr_page.get_by_role("button", name=t("dash.download_workbook", "ko"))
    # The workbook is built when clicked; allow for a busy machine.
    with hr_page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as started:
        button.click()
    download = started.value
    assert download.suggested_filename.endswith(".xlsx")
    shots(hr_page, "overview-download")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))

    full = app.closed_report(by=[d.id for d in survey.demographics], youth=True)
    overview = {row[0]: row[1] for row in book["overview"].iter_rows(min_row=2, values_only=True)}
    assert overview[messages.text("render.wave", "ko")] == LATEST
    assert overview[messages.text("render.index", "ko")] == pytest.approx(full.index.score)
    assert overview[messages.text("render.respondents", "ko")] == full.respondents

    by = survey.demographics[0]
    labels = {o.id: o.label.get("ko") for o in by.options}
    rows = {
        row[1]: row[2:]
        for row in book["breakdowns"].iter_rows(min_row=2, values_only=True)
        if row[0] == by.label.get("ko")
    }
    for group in full.breakdowns[by.id]:
        if group.group is None:
            continue
        cells = rows[labels[group.group]]
        if group.suppressed:
            assert not any(isinstance(cell, int | float) for cell in cells), cells
        else:
            assert cells[0] == pytest.approx(group.n)
            assert cells[1] == pytest.approx(group.index)
    assert labels[app.hidden_group] in rows


def test_trends_show_each_closed_wave(app: App, hr_page: Page, shots: Callable[..., Path]) -> None:
    go_to(hr_page, "dash.nav.trends", "dash.trends.title")
    chart = hr_page.get_by_test_id("stVegaLiteChart").first
    labels = chart.locator("svg g.mark-text.role-mark text")
    trend = {point.wave: point for point in app.closed_report().trend}
    for wave in CLOSED_WAVES:
        label = re.compile(rf"^{re.escape(shown(trend[wave].index))}$")
        expect(labels.filter(has_text=label)).to_have_count(1)
    shots(hr_page, "trends")


def test_breakdowns_hide_a_small_group(app: App, hr_page: Page, shots: Callable[..., Path]) -> None:
    survey = app.survey
    by = survey.demographics[0]
    report = app.closed_report(by=(by.id,))
    groups = report.breakdowns[by.id]
    hidden = [g for g in groups if g.suppressed]
    assert app.hidden_group in {g.group for g in hidden}
    marker = t("dash.suppressed_cell", "ko", k=report.min_group)
    name = next(o.label.get("ko") for o in by.options if o.id == app.hidden_group)

    go_to(hr_page, "pdf.s.breakdowns", "dash.breakdowns.title")
    # The table: the hidden group's row holds its name and the marker, no number.
    table = hr_page.get_by_test_id("stDataFrame").first
    row = table.locator("table tr").filter(has=hr_page.locator("td", has_text=name))
    expect(row).to_have_count(1)
    # The grid puts only the columns in view into the DOM: respondents, the
    # index and the first dimensions at this width; each must be the marker.
    cells = row.locator("td")
    expect(cells.first).to_have_text(name)
    rendered = cells.all_text_contents()
    assert len(rendered) >= 3
    assert rendered[1:] == [marker] * (len(rendered) - 1)

    # The heatmap: a number in every shown cell, the marker once per hidden row.
    chart = hr_page.get_by_test_id("stVegaLiteChart").first
    labels = chart.locator("svg g.mark-text.role-mark text")
    expect(labels.filter(has_text=marker)).to_have_count(len(hidden))
    texts = labels.all_text_contents()
    numbers = [text for text in texts if NUMBER.match(text)]
    measures = len(survey.dimensions) + 1
    assert len(numbers) == measures * (len(groups) - len(hidden))
    chart.scroll_into_view_if_needed()
    shots(hr_page, "breakdowns")


def test_items_rank_scoring_items(app: App, hr_page: Page, shots: Callable[..., Path]) -> None:
    report = app.closed_report()
    strongest = max((i for i in report.items if i.n > 0), key=lambda i: (i.score, i.id))
    text = app.survey.item(strongest.id).text.get("ko")
    go_to(hr_page, "pdf.s.items", "dash.items.title")
    first = hr_page.get_by_test_id("stDataFrame").first.locator("table tr").nth(1)
    expect(first.locator("td")).to_have_text(
        [re.compile(re.escape(text)), shown(strongest.score), f"{strongest.favorable_pct:,.1f}%"]
    )
    shots(hr_page, "items")


def test_comments_of_the_closed_wave(app: App, hr_page: Page, shots: Callable[..., Path]) -> None:
    question = app.survey.comments[0].id
    stored = app.store.load_wave(LATEST)[question]
    written = sum(isinstance(text, str) and bool(text.strip()) for text in stored)
    go_to(hr_page, "dash.nav.comments", "dash.nav.comments")
    count = t("dash.comments.count", "ko", total=f"{written:,}")
    expect(hr_page.get_by_text(count)).to_be_visible()
    expect(hr_page.get_by_test_id("stText")).to_have_count(written)
    shots(hr_page, "comments")
