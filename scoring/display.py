"""How every number looks: the one formatter of pages, text reports, CSV and commands.

One figure has one look wherever it is shown (the dashboard, the text report,
the youth page, a download, the command line). Rules:

- Rounding is half away from zero (65.75 shows as 65.8, 0.25 as 0.3, -0.25
  as -0.3), at display only; every figure is stored and exported unrounded.
  Before rounding, a value is settled to 9 decimals, because a mean summed in
  another order differs in its last bits (65.75 against 65.74999999999999)
  and must not change its displayed tenth with the order of the sums.
- One missing marker, `MISSING` ("–", an en dash), for a figure that does
  not exist or is untested; a suppressed figure shows the page's suppression
  marker instead, which names k.
- Thousands are separated with commas (the Korean and the English usage).
- p-values: three decimals, and below 0.001 ``< 0.001``; `p_value` writes
  them in a sentence (``p = 0.012``, ``p < 0.001``), `p_cell` in a column
  headed p (``0.012``, ``< 0.001``).
- Workbooks keep numbers as numbers; their number formats (`SCORE_FORMAT`
  and the others) show the same digits, and a spreadsheet rounds half away
  from zero too.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "COEF_FORMAT",
    "INT_FORMAT",
    "MISSING",
    "P_FORMAT",
    "SCORE_FORMAT",
    "finite",
    "interval",
    "number",
    "p_cell",
    "p_value",
    "percent",
    "signed",
    "whole",
]

MISSING = "–"
"""The one marker of a figure that does not exist or was not tested."""

SCORE_FORMAT, COEF_FORMAT, P_FORMAT, INT_FORMAT = "0.0", "0.00", "0.000", "0"
"""Excel number formats matching `number`, `number(.., 2)`, `p_cell` and `whole`."""

_P_SMALLEST = 0.0005
_SETTLE = 9


def finite(value: object) -> bool:
    """A real number that is neither NaN nor infinite (bools and texts are not numbers here)."""
    if isinstance(value, bool | str | bytes) or value is None:
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _rounded(value: object, digits: int) -> Decimal:
    settled = Decimal(repr(round(float(value), _SETTLE)))
    out = settled.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return out + 0  # -0.0 becomes 0.0


def number(value: object, digits: int = 1) -> str:
    """A figure: ``1,234.5``; `MISSING` when there is none."""
    if not finite(value):
        return MISSING
    return f"{_rounded(value, digits):,.{digits}f}"


def whole(value: object) -> str:
    """A count: ``1,234``; `MISSING` when there is none."""
    return number(value, 0)


def percent(value: object, digits: int = 1) -> str:
    """A percent: ``85.2%``; `MISSING` when there is none."""
    text = number(value, digits)
    return text if text == MISSING else f"{text}%"


def signed(value: object, digits: int = 1) -> str:
    """A change with its sign: ``+1.2``, ``-0.4``, and ``0.0`` for no change."""
    if not finite(value):
        return MISSING
    rounded = _rounded(value, digits)
    text = f"{rounded:,.{digits}f}"
    return f"+{text}" if rounded > 0 else text


def interval(low: object, high: object, digits: int = 1) -> str:
    """A confidence interval: ``65.3 ~ 69.8``; `MISSING` unless both bounds exist."""
    if not (finite(low) and finite(high)):
        return MISSING
    return f"{number(low, digits)} ~ {number(high, digits)}"


def p_cell(value: object) -> str:
    """A p-value in a column headed p: ``0.012``, ``< 0.001``."""
    if not finite(value):
        return MISSING
    if float(value) < _P_SMALLEST:  # would show as 0.000
        return "< 0.001"
    return number(value, 3)


def p_value(value: object) -> str:
    """A p-value in a sentence: ``p = 0.012``, ``p < 0.001``."""
    cell = p_cell(value)
    if cell == MISSING:
        return MISSING
    return f"p {cell}" if cell.startswith("<") else f"p = {cell}"
