"""Tests for scoring.writers: the workbook and CSV files, cell by cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from scoring.cells import display_width
from scoring.questionnaire import parse_survey
from scoring.report import build_report
from scoring.sample import generate
from scoring.tables import SHEETS, Table
from scoring.writers import write_csv, write_tables, write_xlsx
from tests.scoring_helpers import hand_report

ROOT = Path(__file__).resolve().parents[2]


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
