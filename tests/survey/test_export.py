"""survey.export: workbook and CSV hold what the pages show, safely, in Excel's encoding."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from scoring.questionnaire import Survey, parse_survey
from scoring.report import Report, build_report
from scoring.sample import generate
from scoring.tables import SHEETS
from survey import export
from survey.store import Store
from tests.scoring_helpers import SMALL_SURVEY

BOM = b"\xef\xbb\xbf"
# A label a spreadsheet would run as a formula if it were written as it is.
HOSTILE_LABEL = '=HYPERLINK("http://evil.example","D2")'
MARKER = "응답자 5명 미만"


@pytest.fixture(scope="module")
def survey() -> Survey:
    text = SMALL_SURVEY.replace("{id: d2, label: D2}", "{id: d2, label: '" + HOSTILE_LABEL + "'}")
    return parse_survey(text, "hostile.yaml")


@pytest.fixture(scope="module")
def report(survey: Survey) -> Report:
    frame = generate(survey, 60, waves=2, seed=4, last_wave="2026-H1")
    latest = frame.index[frame["wave"] == "2026-H1"]
    # d1 holds 3 (hidden), d4 none: the hidden groups hold fewer than k, so the
    # smallest shown group (d3, 20) is hidden with them.
    groups = ["d1"] * 3 + ["d2"] * 37 + ["d3"] * 20
    frame.loc[latest, "dept"] = pd.Categorical(groups, categories=["d1", "d2", "d3", "d4"])
    return build_report(survey, frame, wave="2026-H1", by=("dept",), youth=True)


def test_report_fixture_hides_groups(report: Report) -> None:
    hidden = {row.group: row.suppressed for row in report.breakdowns["dept"]}
    assert hidden == {"d1": True, "d2": False, "d3": True, "d4": True, None: True}


def test_workbook_sheets_and_figures(report: Report, survey: Survey) -> None:
    book = load_workbook(io.BytesIO(export.workbook(report, survey)))
    assert book.sheetnames == list(SHEETS)
    overview = {row[0].value: row[1] for row in book["overview"].iter_rows(min_row=2)}
    assert overview["지수"].value == pytest.approx(report.index.score, abs=1e-12)
    assert overview["지수"].number_format == "0.0"
    assert overview["응답자"].value == report.respondents
    dimensions = list(book["dimensions"].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in dimensions] == pytest.approx([d.score for d in report.dimensions])
    items = list(book["items"].iter_rows(min_row=2, values_only=True))
    assert [r[5] for r in items] == pytest.approx([i.favorable_pct for i in report.items])
    trend = list(book["trend"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in trend] == ["2025-H2", "2026-H1"]
    youth = list(book["youth"].iter_rows(min_row=2, values_only=True))
    assert not report.youth.suppressed
    assert [r[3] for r in youth] == pytest.approx([r.diff for r in report.youth.rows])


def test_workbook_hides_and_neutralizes(report: Report, survey: Survey) -> None:
    book = load_workbook(io.BytesIO(export.workbook(report.to_dict(), survey)))
    rows = list(book["breakdowns"].iter_rows(min_row=2, values_only=True))
    by_group = {r[1]: r for r in rows}
    for group in ("D1", "D3", "D4", "응답하지 않음"):
        assert by_group[group][2] == MARKER
        assert all(cell is None for cell in by_group[group][3:])
    shown = by_group["'" + HOSTILE_LABEL]
    assert shown[2] == 37 and isinstance(shown[3], float)
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=")
        for sheet in book
        for row in sheet.iter_rows()
        for c in row
    )


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"))))


def test_sheet_csv(report: Report, survey: Survey) -> None:
    rows = read_csv(export.sheet_csv(report, survey, "breakdowns"))
    assert rows[0][:4] == ["응답자 특성", "집단", "응답자", "지수"]
    by_group = {r[1]: r for r in rows[1:]}
    assert by_group["D1"][2:] == [MARKER] + [""] * (len(rows[0]) - 3)
    assert by_group["'" + HOSTILE_LABEL][2] == "37"
    english = read_csv(export.sheet_csv(report, survey, "overview", "en"))
    assert english[0] == ["Field", "Value"]
    assert ["Respondents", str(report.respondents)] in english


def test_rows_csv_neutralizes_every_formula_start() -> None:
    texts = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "좋습니다"]
    rows = read_csv(export.rows_csv([["의견", "점수"], *zip(texts, range(7), strict=True)]))
    assert rows[0] == ["의견", "점수"]
    assert [r[0] for r in rows[1:]] == [
        "'=1+1",
        "'+cmd",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "좋습니다",
    ]
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(7)]


def test_codes_csv() -> None:
    rows = read_csv(export.codes_csv("2026-H1", ["K7M2-QX9P", "ABCD-EFGH"], ("차수", "접근 코드")))
    assert rows == [["차수", "접근 코드"], ["2026-H1", "K7M2-QX9P"], ["2026-H1", "ABCD-EFGH"]]


def test_file_name() -> None:
    assert export.file_name("report", "2025-H2", "xlsx") == "culture-index_2025-H2_report.xlsx"
    assert export.file_name("by-dept", "../x y", "csv") == "culture-index_x-y_by-dept.csv"
    assert export.file_name("trend", None, "csv") == "culture-index_trend.csv"


def test_deferred_download_is_audited_when_produced(sqlite_url: str, survey: Survey) -> None:
    store = Store(sqlite_url, survey)
    produce = export.deferred(
        sqlite_url, "hr_kim", "export.xlsx", {"page": "overview", "wave": "2026-H1"}, lambda: b"x"
    )
    assert store.list_audit() == []
    assert produce() == b"x"
    (entry,) = store.list_audit()
    assert (entry.user, entry.action, entry.detail) == (
        "hr_kim",
        "export.xlsx",
        {"page": "overview", "wave": "2026-H1"},
    )
