"""Renderers: the text table, the xlsx workbook, CSV and formula neutralization."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from scoring.cells import display_width, neutralize
from scoring.questionnaire import load_survey, parse_survey
from scoring.render import render_text
from scoring.report import build_report
from scoring.sample import generate
from scoring.tables import SHEETS, Table, tables
from scoring.writers import write_csv, write_tables, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def survey():
    return load_survey(ROOT / "questions.yaml")


def hand_report(survey) -> dict:
    """A report dictionary in the shape of `Report.to_dict()`, with chosen numbers."""
    dims = [d.id for d in survey.dimensions]
    return {
        "wave": "2026-H2",
        "n": 187,
        "respondents": 190,
        "suppressed": False,
        "min_group": 5,
        "filter": None,
        "headcount": None,
        "index": {
            "score": 66.66666,
            "ci_low": 63.04,
            "ci_high": 70.28,
            "target": 95.0,
            "gap": 28.33334,
            "p_below_target": 1e-9,
        },
        "dimensions": [
            {
                "id": d,
                "score": 60.0 + j + 0.04,
                "ci_low": 55.0 + j,
                "ci_high": 65.0 + j,
                "alpha": 0.8123,
                "alpha_ci": [0.7712, 0.8466],
                "n": 180 + j,
            }
            for j, d in enumerate(dims)
        ],
        "items": [
            {
                "id": item.id,
                "dimension": item.dimension,
                "score": 71.23,
                "favorable_pct": 58.04,
                "item_total_r": 0.6149,
                "alpha_if_deleted": 0.7921,
                "n": 185,
            }
            for item in survey.items
        ],
        "breakdowns": {
            "dept": [
                {
                    "group": "planning",
                    "suppressed": False,
                    "n": 41,
                    "index": 68.12,
                    "dimensions": dict.fromkeys(dims, 64.44),
                },
                {"group": "audit", "suppressed": True, "n": None, "index": None, "dimensions": {}},
                {"group": None, "suppressed": True, "n": None, "index": None, "dimensions": {}},
            ]
        },
        "youth": {
            "suppressed": False,
            "n_youth": 52,
            "n_rest": 135,
            "rows": [
                {
                    "id": "index",
                    "youth": 63.21,
                    "rest": 67.88,
                    "diff": -4.67,
                    "p": 0.01234,
                    "p_holm": 0.04936,
                    "hedges_g": -0.3512,
                    "tested": True,
                },
                {
                    "id": dims[1],
                    "youth": 58.01,
                    "rest": 66.02,
                    "diff": -8.01,
                    "p": None,
                    "p_holm": None,
                    "hedges_g": None,
                    "tested": False,
                },
            ],
        },
        "trend": [
            {
                "wave": "2026-H1",
                "n": None,
                "index": None,
                "ci_low": None,
                "ci_high": None,
                "dimensions": {},
                "suppressed": True,
            },
            {
                "wave": "2026-H2",
                "n": 187,
                "index": 66.66666,
                "ci_low": 63.04,
                "ci_high": 70.28,
                "dimensions": dict.fromkeys(dims, 61.11),
                "suppressed": False,
            },
        ],
        "enps": -12.3456,
        "gap_by_dimension": [
            {"id": d.id, "weight": d.weight, "score": 60.0, "contribution": d.weight * 35.0}
            for d in survey.dimensions
        ],
        "drivers": [],
        "projection": None,
    }


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


def test_text_rounds_scores_to_one_decimal_coefficients_to_two_and_p_to_three(survey):
    text = render_text(hand_report(survey), survey)
    index_line = next(line for line in text.splitlines() if line.startswith("  지수 "))
    assert index_line.split() == ["지수", "66.7"]
    assert "63.0 ~ 70.3" in text
    assert lines_with(text, "p (목표 미만)")[0].endswith("< 0.001")
    assert lines_with(text, "eNPS")[0].split()[-1] == "-12.3"
    dimension_line = lines_with(text, "혁신·도전")[0]
    assert dimension_line.split()[1:] == [
        "60.0",
        "55.0",
        "~",
        "65.0",
        "0.81",
        "0.77",
        "~",
        "0.85",
        "180",
    ]
    youth_block = text.split("■ 청년 비교")[1]
    youth_index = next(line for line in youth_block.splitlines() if line.startswith("  지수 "))
    assert youth_index.split()[1:] == ["63.2", "67.9", "-4.7", "0.012", "0.049", "-0.35"]
    assert "66.66666" not in text


def test_suppressed_groups_show_the_marker_and_no_number(survey):
    text = render_text(hand_report(survey), survey)
    for label in ("감사·윤리", "응답하지 않음"):
        (line,) = [ln for ln in lines_with(text, label) if "■" not in ln]
        assert "응답자 5명 미만" in line
        assert not re.search(r"\d", line.replace("응답자 5명 미만", ""))
    english = render_text(hand_report(survey), survey, lang="en")
    (line,) = lines_with(english, "Audit and ethics")
    assert "fewer than 5 respondents" in line
    assert not re.search(r"\d", line.replace("fewer than 5 respondents", ""))
    (wave_line,) = lines_with(text, "2026-H1")
    assert wave_line.split() == ["2026-H1", "응답자", "5명", "미만"]


def test_untested_youth_rows_are_marked_not_given_a_p_value(survey):
    text = render_text(hand_report(survey), survey)
    (line,) = [ln for ln in lines_with(text, "소통·참여") if "58.0" in ln]
    assert line.count("검정 안 함 (표본 부족)") == 2
    english = render_text(hand_report(survey), survey, lang="en")
    (line,) = [ln for ln in lines_with(english, "Communication") if "58.0" in ln]
    assert line.count("untested") == 2


def test_a_suppressed_youth_comparison_and_a_suppressed_view_show_only_a_notice(survey):
    report = hand_report(survey)
    report["youth"] = {"suppressed": True, "n_youth": None, "n_rest": None, "rows": []}
    text = render_text(report, survey)
    assert "청년 또는 그 외 응답자가 5명 미만이라 비교를 표시하지 않습니다." in text
    report.update(
        suppressed=True,
        n=None,
        respondents=None,
        index=None,
        dimensions=[],
        items=[],
        enps=None,
        gap_by_dimension=[],
        filter=["dept", "audit"],
    )
    text = render_text(report, survey)
    assert "필터: 소속 부서 = 감사·윤리" in text
    assert "이 보기는 응답자가 5명 미만이거나" in text
    assert "■ 조직문화 지수" not in text


def test_columns_line_up_counting_korean_as_two_columns(survey):
    text = render_text(hand_report(survey), survey)
    block = text.split("■ 영역별 점수\n")[1].split("\n\n")[0].splitlines()
    rows = block[2:]  # after the header and the rule
    assert len(rows) == len(survey.dimensions)
    assert len({display_width(row) for row in rows}) == 1
    assert len({len(row) for row in rows}) > 1  # the labels differ in wide characters


def test_display_width_counts_wide_characters_twice():
    assert display_width("ab") == 2
    assert display_width("한글") == 4
    assert display_width("혁신·도전") == 9  # the middle dot is narrow
    assert display_width("ＡＢ") == 4  # full-width Latin


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+82 10", "'+82 10"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("좋습니다 =1", "좋습니다 =1"),
        ("'=already", "'=already"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_xlsx_dimensions_sheet_cell_by_cell(survey, tmp_path):
    report = hand_report(survey)
    path = tmp_path / "report.xlsx"
    write_xlsx(report, survey, path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == list(SHEETS)
    sheet = workbook["dimensions"]
    assert [c.value for c in sheet[1]] == [
        "영역 ID",
        "영역",
        "가중치",
        "점수",
        "신뢰구간 하한",
        "신뢰구간 상한",
        "알파",
        "알파 하한",
        "알파 상한",
        "응답자",
        "격차 기여",
    ]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1 + len(survey.dimensions)
    for r, (dimension, gap) in enumerate(
        zip(report["dimensions"], report["gap_by_dimension"], strict=True), start=2
    ):
        cells = [c.value for c in sheet[r]]
        assert cells == [
            dimension["id"],
            survey.dimension(dimension["id"]).label.ko,
            gap["weight"],
            dimension["score"],
            dimension["ci_low"],
            dimension["ci_high"],
            dimension["alpha"],
            dimension["alpha_ci"][0],
            dimension["alpha_ci"][1],
            dimension["n"],
            gap["contribution"],
        ]
        assert sheet.cell(r, 4).number_format == "0.0"
        assert sheet.cell(r, 7).number_format == "0.00"
        assert sheet.cell(r, 10).number_format == "0"
    width = sheet.column_dimensions["B"].width
    assert width >= max(display_width(d.label.ko) for d in survey.dimensions)


def test_xlsx_suppressed_groups_hold_no_number(survey, tmp_path):
    path = tmp_path / "report.xlsx"
    write_xlsx(hand_report(survey), survey, path)
    workbook = openpyxl.load_workbook(path)
    rows = list(workbook["breakdowns"].iter_rows(min_row=2, values_only=True))
    assert rows[0][:4] == ("소속 부서", "경영기획", 41, 68.12)
    for row in rows[1:]:
        assert row[2] == "응답자 5명 미만"
        assert not any(isinstance(v, int | float) for v in row)
    trend = list(workbook["trend"].iter_rows(min_row=2, values_only=True))
    assert trend[0][1] == "응답자 5명 미만"
    assert not any(isinstance(v, int | float) for v in trend[0])
    youth = list(workbook["youth"].iter_rows(min_row=2, values_only=True))
    assert youth[0][:5] == ("지수", 63.21, 67.88, -4.67, 0.01234)
    assert youth[1][4:] == ("검정 안 함 (표본 부족)", "검정 안 함 (표본 부족)", None, "아니요")


def test_xlsx_neutralizes_text_taken_from_the_survey(tmp_path):
    text = (ROOT / "questions.yaml").read_text(encoding="utf-8")
    hostile = parse_survey(
        text.replace("label: {ko: 혁신·도전,", "label: {ko: '=HYPERLINK(\"x\")',"), "q.yaml"
    )
    report = build_report(hostile, generate(hostile, 60, seed=1))
    buffer = io.BytesIO()
    write_xlsx(report.to_dict(), hostile, buffer)
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer)["dimensions"]
    assert sheet["B2"].value == '\'=HYPERLINK("x")'
    assert sheet["B2"].data_type == "s"


def test_one_writer_writes_any_tables_by_name(tmp_path):
    """The youth page's workbook and the report's share `write_tables`: names made safe."""
    path = tmp_path / "tables.xlsx"
    long_name = "청년 비교: 차수별/격차 [전체] " + "가" * 30
    write_tables(
        {
            long_name: Table.by_column(("a", "=b"), [("-x", 0.123456), (None, 3)], (None, "0.0")),
            "second": Table.by_column(("c",), [], (None,)),
        },
        path,
    )
    book = openpyxl.load_workbook(path)
    first = book.worksheets[0]
    assert first.title == "청년 비교  차수별 격차  전체  " + "가" * 12
    assert book.sheetnames[1] == "second"
    assert list(first.values) == [("a", "'=b"), ("'-x", 0.123456), (None, 3)]
    assert first.cell(row=2, column=2).number_format == "0.0"
    assert first.freeze_panes == "A2"


def test_real_report_renders_in_both_languages_without_leaking_suppressed_groups(survey):
    report = build_report(
        survey, generate(survey, 200, waves=2, seed=0), by=("dept",), youth=True
    ).to_dict()
    hidden = [row["group"] for row in report["breakdowns"]["dept"] if row["suppressed"]]
    assert hidden
    for lang, marker in (("ko", "응답자 5명 미만"), ("en", "fewer than 5 respondents")):
        text = render_text(report, survey, lang=lang)
        for group in hidden:
            label = next(
                o.label.get(lang) for o in survey.demographic("dept").options if o.id == group
            )
            (line,) = [ln for ln in lines_with(text, label) if marker in ln]
            assert not re.search(r"\d", line.replace(marker, ""))
    sheets = tables(report, survey, "en")
    assert set(sheets) == set(SHEETS)
    assert sheets["items"].header[0] == "Item id"
    assert len(sheets["items"].rows) == len(survey.items)


def test_csv_has_a_bom_blank_missing_cells_and_neutralized_text(tmp_path):
    rows = [
        ["id", "value", "comment"],
        ["a", 1.5, "=cmd"],
        ["b", None, "좋아요"],
        ["c", float("nan"), "-"],
    ]
    path = tmp_path / "out.csv"
    write_csv(rows, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert back == [
        ["id", "value", "comment"],
        ["a", "1.5", "'=cmd"],
        ["b", "", "좋아요"],
        ["c", "", "'-"],
    ]
    binary = io.BytesIO()
    write_csv(rows, binary)
    assert binary.getvalue() == raw
    text = io.StringIO()
    write_csv(rows[:1], text)
    assert text.getvalue() == "\ufeffid,value,comment\r\n"
