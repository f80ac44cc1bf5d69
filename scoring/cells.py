"""Cells of a report's outputs: a number or nothing, text's width, text never run as a formula.

Text written to a spreadsheet cell passes through :func:`neutralize`, so that a
comment or label starting with ``=`` is never run as a formula (OWASP, "CSV
Injection").
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

__all__ = ["display_width", "is_number", "neutralize", "number_cell"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe.

    Strings starting with ``= + - @``, tab or carriage return are prefixed with
    ``'``; anything else, including numbers, is returned unchanged (OWASP,
    "CSV Injection").
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def display_width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and full-width characters take two."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        for c in text
    )


def is_number(value: Any) -> bool:
    """A finite int or float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def number_cell(value: Any) -> float | int | None:
    """A figure as a cell: the number at full precision, or None (empty) when it is none."""
    return value if is_number(value) else None
