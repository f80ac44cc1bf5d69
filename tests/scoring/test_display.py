"""The one formatter: every page, text report, download and command shows a figure alike."""

from __future__ import annotations

import math

import pytest

from scoring import display
from scoring.render import _fmt, _fmt_int, _fmt_p, _fmt_range
from survey import charts


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (65.74999999999999, 1, "65.8"),
        (65.75, 1, "65.8"),
        (65.7499, 1, "65.7"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (0.125, 2, "0.13"),
        (-0.04, 1, "0.0"),
        (1234567.891, 1, "1,234,567.9"),
    ],
)
def test_half_away_from_zero_on_the_settled_value(value, digits, expected):
    assert display.number(value, digits) == expected


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, "12", True])
def test_one_missing_marker(missing):
    assert display.number(missing) == display.percent(missing) == display.MISSING
    assert display.signed(missing) == display.p_value(missing) == display.MISSING


def test_signs_percents_intervals_and_p():
    assert display.signed(3.449) == "+3.4" and display.signed(-0.05) == "-0.1"
    assert display.signed(0.04) == "0.0"
    assert display.percent(83.35) == "83.4%"
    assert display.interval(65.28, 69.82) == "65.3 ~ 69.8"
    assert display.interval(65.28, None) == display.MISSING
    assert display.p_cell(0.0004999) == "< 0.001" and display.p_cell(0.0005) == "0.001"
    assert display.p_value(0.0004) == "p < 0.001" and display.p_value(0.0123) == "p = 0.012"


@pytest.mark.parametrize("value", [65.74999999999999, 0.25, 72.35, -12.25, 1234.5, math.nan])
def test_pages_and_text_report_show_the_same(value):
    """The dashboard (survey.charts) and the text report (scoring.render) agree."""
    assert charts.number(value) == _fmt(value)
    assert charts.whole(value) == _fmt_int(value)
    assert charts.p_value(value / 100).removeprefix("p = ").removeprefix("p ") == _fmt_p(
        value / 100
    )
    assert _fmt_range(value, value + 1) in (
        display.MISSING,
        f"{charts.number(value)} ~ {charts.number(value + 1)}",
    )
