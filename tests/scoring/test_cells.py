"""Tests for scoring.cells: display width and formula neutralization, in every output."""

from __future__ import annotations

import pytest

from scoring.cells import display_width, neutralize


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
