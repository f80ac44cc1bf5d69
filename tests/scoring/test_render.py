"""Tests for scoring.render: the plain-text report (and the tables it shares with the workbook)."""

from __future__ import annotations

import re

from scoring.cells import display_width
from scoring.render import render_text
from scoring.report import build_report
from scoring.sample import generate
from scoring.tables import SHEETS, tables
from tests.scoring_helpers import hand_report


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
