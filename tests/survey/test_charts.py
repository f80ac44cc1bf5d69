"""survey.charts: number formats, one palette, the target rule on every chart of scores."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pandas as pd
import pytest

from survey import charts

TARGET = 95.0


def spec(chart) -> dict:
    return chart.to_dict()


def mappings(node: object) -> list[dict]:
    """Every mapping in a spec, outermost first."""
    if isinstance(node, dict):
        return [node, *(found for value in node.values() for found in mappings(value))]
    if isinstance(node, list):
        return [found for value in node for found in mappings(value)]
    return []


def datums(node: object) -> list[object]:
    """Every ``datum`` an encoding holds, anywhere in a spec."""
    return [mapping["datum"] for mapping in mappings(node) if "datum" in mapping]


def rule_colors(node: object) -> list[str]:
    """The colour of every rule mark, anywhere in a spec."""
    marks = [mapping.get("mark") for mapping in mappings(node)]
    return [
        mark["color"]
        for mark in marks
        if isinstance(mark, dict) and mark.get("type") == "rule" and "color" in mark
    ]


def rows(chart_spec: dict) -> list[dict]:
    """The data rows of a chart (leaving out the empty dataset of rules drawn at a datum)."""
    return [row for values in chart_spec.get("datasets", {}).values() for row in values if row]


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (72.349, 1, "72.3"),
        (72.35, 1, "72.4"),  # half away from zero, on the value as written
        (65.74999999999999, 1, "65.8"),  # 65.75 summed in another order
        (0.25, 1, "0.3"),
        (-0.25, 1, "-0.3"),
        (1234.5, 1, "1,234.5"),
        (0.812, 2, "0.81"),
    ],
)
def test_number(value: float, digits: int, expected: str) -> None:
    # 72.35 is 72.3499999... in binary: Python rounds the stored value, as Excel's format does.
    assert charts.number(value, digits) == expected


def test_formats() -> None:
    assert charts.number(math.nan) == charts.number(None) == "–"
    assert charts.whole(12345) == "12,345"
    assert charts.percent(83.333) == "83.3%"
    assert charts.signed(1.25) == "+1.3" and charts.signed(-0.44) == "-0.4"
    assert charts.signed(-0.04) == "0.0"
    assert charts.p_value(0.0004) == "p < 0.001"
    assert charts.p_value(0.0123) == "p = 0.012"
    moment = datetime(2025, 3, 4, 5, 6, tzinfo=UTC)
    # Seoul is UTC+9 all year (no daylight saving since 1988).
    assert charts.timestamp(moment, "ko") == "2025년 3월 4일 14:06"
    assert charts.timestamp(moment, "en") == "2025-03-04 14:06"


def test_likert_colors_run_from_warm_to_navy() -> None:
    five = charts.likert_colors(5)
    assert five[0] == charts.PALETTE["negative"]
    assert five[2] == charts.PALETTE["neutral"]
    assert five[-1] == charts.PALETTE["positive"]
    assert len(set(charts.likert_colors(7))) == 7
    assert charts.PALETTE["target"] not in charts.CATEGORY


def scores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["혁신", "소통"],
            "score": [61.2, 70.4],
            "ci_low": [59.0, 68.1],
            "ci_high": [63.4, 72.7],
            "text": ["61.2", "70.4"],
        }
    )


def test_score_bars_and_waterfall_show_the_target() -> None:
    bars = spec(charts.score_bars(scores(), TARGET, score_title="점수", target_label="목표 95점"))
    assert TARGET in datums(bars)
    assert charts.PALETTE["target"] in rule_colors(bars)
    assert [r["label"] for r in rows(bars)] == ["혁신", "소통"]
    gaps = pd.DataFrame({"label": ["a", "b"], "contribution": [3.0, 5.0], "text": ["3.0", "5.0"]})
    waterfall = spec(
        charts.gap_waterfall(
            gaps, 87.0, TARGET, score_title="점수", target_label="목표", index_label="현재 87.0점"
        )
    )
    assert TARGET in datums(waterfall) and 87.0 in datums(waterfall)
    # Largest first, one after another from the index to the target.
    steps = [(r["label"], r["start"], r["end"]) for r in rows(waterfall)]
    assert steps == [("b", 87.0, 92.0), ("a", 92.0, 95.0)]


def test_trend_charts_show_the_target_and_bands() -> None:
    points = pd.DataFrame(
        {
            "wave": ["2025-H1", "2025-H2", "2026-H1"],
            "score": [60.0, None, 64.0],
            "ci_low": [58.0, None, 62.0],
            "ci_high": [62.0, None, 66.0],
            "text": ["60.0", "응답자 5명 미만", "64.0"],
        }
    )
    line = pd.DataFrame({"wave": ["2025-H1", "2026-H1", "2026-H2"], "score": [60.0, 64.0, 66.0]})
    chart = spec(
        charts.trend_chart(
            points,
            TARGET,
            score_title="지수",
            wave_title="차수",
            target_label="목표",
            projection=line,
        )
    )
    assert TARGET in datums(chart)
    marks = json.dumps(chart)
    assert '"area"' in marks and '"line"' in marks
    hidden = [r for r in rows(chart) if r.get("text") == "응답자 5명 미만"]
    assert hidden == [
        {
            "wave": "2025-H2",
            "score": None,
            "ci_low": None,
            "ci_high": None,
            "text": "응답자 5명 미만",
        }
    ]
    dims = pd.DataFrame(
        {
            "dimension": ["A", "A", "B", "B"],
            "wave": ["2025-H1", "2025-H2"] * 2,
            "score": [60.0, 61.0, 70.0, 71.0],
            "ci_low": [58.0, 59.0, 68.0, 69.0],
            "ci_high": [62.0, 63.0, 72.0, 73.0],
            "text": ["60.0", "61.0", "70.0", "71.0"],
        }
    )
    facets = spec(charts.dimension_trends(dims, TARGET, score_title="점수", wave_title="차수"))
    assert TARGET in datums(facets)
    assert facets["facet"]["field"] == "dimension"


def test_heatmap_hides_suppressed_cells() -> None:
    cells = pd.DataFrame(
        {
            "group": ["가", "가", "나", "나"],
            "measure": ["지수", "혁신", "지수", "혁신"],
            "score": [62.5, 60.1, None, None],
            "text": ["62.5", "60.1", "응답자 5명 미만", "응답자 5명 미만"],
        }
    )
    chart = spec(
        charts.heatmap(cells, TARGET, group_title="부서", measure_title="구분", score_title="점수")
    )
    hidden = [r for r in rows(chart) if r["group"] == "나"]
    assert all(r["score"] is None and r["text"] == "응답자 5명 미만" for r in hidden)
    # The colour scale ends at the target; hidden cells are grey, drawn apart from the scale.
    shown, grey = chart["layer"][0], chart["layer"][1]
    assert shown["encoding"]["color"]["scale"]["domain"] == [50.0, TARGET]
    assert grey["transform"] == [{"filter": "!isValid(datum.score)"}]
    assert grey["encoding"]["color"] == {"value": charts.PALETTE["muted"]}


def test_likert_drivers_and_alpha_charts() -> None:
    answers = ["전혀", "아니", "보통", "그렇", "매우"]
    likert = pd.DataFrame(
        {
            "label": ["q1"] * 5,
            "answer": answers,
            "order": [1, 2, 3, 4, 5],
            "percent": [5.0, 10.0, 20.0, 40.0, 25.0],
            "text": ["5.0%", "10.0%", "20.0%", "40.0%", "25.0%"],
        }
    )
    stacked = spec(charts.likert_bars(likert, answers, share_title="비율", answer_title="응답"))
    color = stacked["encoding"]["color"]["scale"]
    assert color == {"domain": answers, "range": charts.likert_colors(5)}

    drivers = pd.DataFrame(
        {
            "label": ["q1", "q2"],
            "score": [50.0, 70.0],
            "r": [0.6, 0.3],
            "priority": ["개선 우선", "그 외"],
            "is_priority": [True, False],
            "score_text": ["50.0", "70.0"],
            "r_text": ["0.60", "0.30"],
        }
    )
    scatter = spec(
        charts.drivers_scatter(
            drivers,
            TARGET,
            score_title="점수",
            r_title="r",
            priority_title="구분",
            target_label="목표",
        )
    )
    assert TARGET in datums(scatter)

    alphas = pd.DataFrame(
        {
            "label": ["A", "B"],
            "alpha": [0.82, 0.61],
            "ci_low": [0.78, 0.52],
            "ci_high": [0.86, 0.69],
            "text": ["0.82", "0.61"],
            "flag": [False, True],
        }
    )
    alpha = spec(charts.alpha_chart(alphas, alpha_title="알파", flag_label="0.7"))
    assert charts.ALPHA_FLAG in datums(alpha)


def test_a_figure_displays_the_same_whatever_order_it_was_summed_in():
    # 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit; so can a group mean.
    assert charts.number(65.74999999999999) == charts.number(65.75) == "65.8"
    assert charts.percent(12.349999999999998) == charts.percent(12.35)
