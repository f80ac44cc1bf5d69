"""The report's model: its frozen dataclasses and their JSON (METHOD.md), NaN as null."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from scoring import compare
from scoring.index import Projection

__all__ = [
    "DimensionSummary",
    "Driver",
    "GapRow",
    "GroupRow",
    "IndexSummary",
    "ItemSummary",
    "Report",
    "TrendPoint",
    "UnitReport",
    "UnitReports",
    "WaveComparison",
    "YouthComparison",
]


@dataclass(frozen=True)
class IndexSummary:
    score: float
    ci_low: float
    ci_high: float
    target: float
    gap: float
    p_below_target: float


@dataclass(frozen=True)
class DimensionSummary:
    """A dimension's score; ``suppressed`` when fewer than k have its score
    (or hiding it is needed so no subtraction recovers them): then its figures
    are NaN and ``n`` is None. ``alpha`` is NaN unless at least k respondents
    answered all its items."""

    id: str
    score: float
    ci_low: float
    ci_high: float
    alpha: float
    alpha_ci: tuple[float, float]
    n: int | None
    suppressed: bool = False


@dataclass(frozen=True)
class ItemSummary:
    """An item's figures; ``counts`` are its answers per scale point 1..k as
    given. ``suppressed`` when fewer than k answered it (or hiding it is
    needed so no subtraction recovers them): figures NaN, ``n`` None, no counts."""

    id: str
    dimension: str
    score: float
    favorable_pct: float
    item_total_r: float
    alpha_if_deleted: float
    n: int | None
    suppressed: bool = False
    counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class GroupRow:
    """One group of a breakdown; a suppressed group carries no count and no score.

    ``dimensions`` holds only the dimensions the group may show: one whose
    score rests on fewer than k of the group's people is absent."""

    group: str | None
    suppressed: bool
    n: int | None
    index: float | None
    dimensions: dict[str, float]


@dataclass(frozen=True)
class YouthComparison:
    """Youth vs the rest; suppressed whole when either side holds fewer than k
    respondents, or fewer than k with an index. ``rows`` hold the index and the
    dimensions whose score at least k have on each side."""

    suppressed: bool
    n_youth: int | None
    n_rest: int | None
    rows: tuple[compare.Comparison, ...]

    def to_dict(self) -> dict:
        return _comparison_dict(self, "youth", "rest")


@dataclass(frozen=True)
class TrendPoint:
    """One wave of the trend; ``dimensions`` holds the dimensions it may show."""

    wave: str
    n: int | None
    index: float | None
    ci_low: float | None
    ci_high: float | None
    dimensions: dict[str, float]
    suppressed: bool


@dataclass(frozen=True)
class GapRow:
    id: str
    weight: float
    score: float
    contribution: float


@dataclass(frozen=True)
class Driver:
    """An item's correlation with overall satisfaction; ``priority`` marks a high
    correlation (above the median of items) with a low score (below the median)."""

    id: str
    r: float
    score: float
    pairs: int
    priority: bool


@dataclass(frozen=True)
class Report:
    wave: str
    respondents: int | None
    n: int | None
    suppressed: bool
    min_group: int
    filter: tuple[str, str] | None
    headcount: int | None
    index: IndexSummary | None
    dimensions: tuple[DimensionSummary, ...]
    items: tuple[ItemSummary, ...]
    breakdowns: dict[str, tuple[GroupRow, ...]]
    youth: YouthComparison | None
    trend: tuple[TrendPoint, ...]
    enps: float | None
    gap_by_dimension: tuple[GapRow, ...]
    drivers: tuple[Driver, ...]
    projection: Projection | None

    def to_dict(self) -> dict:
        """METHOD.md's JSON (plus ``respondents``, ``suppressed``, ``drivers`` and
        ``projection``); NaN becomes null."""
        out = {
            "wave": self.wave,
            "n": self.n,
            "respondents": self.respondents,
            "suppressed": self.suppressed,
            "min_group": self.min_group,
            "filter": list(self.filter) if self.filter else None,
            "headcount": self.headcount,
            "index": _clean(_asdict(self.index)) if self.index else None,
            "dimensions": [_clean(_asdict(d)) for d in self.dimensions],
            "items": [_clean(_asdict(i)) for i in self.items],
            "breakdowns": {
                key: [_clean(_asdict(row)) for row in rows] for key, rows in self.breakdowns.items()
            },
            "youth": self.youth.to_dict() if self.youth else None,
            "trend": [_clean(_asdict(p)) for p in self.trend],
            "enps": _clean(self.enps),
            "gap_by_dimension": [_clean(_asdict(g)) for g in self.gap_by_dimension],
            "drivers": [_clean(_asdict(d)) for d in self.drivers],
            "projection": _clean(_asdict(self.projection)) if self.projection else None,
        }
        return out


def _asdict(obj: object) -> dict:
    # dataclasses.asdict deep-copies; a shallow walk is enough and keeps tuples.
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def _comparison_dict(comparison: YouthComparison | WaveComparison, a: str, b: str) -> dict:
    """A comparison's fields, its rows as `compare.Comparison.as_row` with sides ``a``, ``b``."""
    out = _asdict(comparison)
    out["rows"] = [_clean(row.as_row(a, b)) for row in comparison.rows]
    return out


def _clean(value: object) -> object:
    """Floats stay unrounded; NaN and numpy scalars become JSON-friendly."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        return None if math.isnan(value) else value
    return value


@dataclass(frozen=True)
class WaveComparison:
    """Wave ``a`` against wave ``b`` for the index and every dimension."""

    wave_a: str
    wave_b: str
    suppressed: bool
    rows: tuple[compare.Comparison, ...]

    def to_dict(self) -> dict:
        return _comparison_dict(self, "a", "b")


@dataclass(frozen=True)
class UnitReport:
    """One unit (a group of a demographic): its index with the 95% interval and
    its dimension scores; a suppressed unit carries no count and no score."""

    group: str | None
    suppressed: bool
    n: int | None
    index: float | None
    ci_low: float | None
    ci_high: float | None
    dimensions: dict[str, float]


@dataclass(frozen=True)
class UnitReports:
    """The unit reports of one wave by one demographic, in option order, the
    missing answers ("prefer not to say") last."""

    wave: str
    demographic: str
    min_group: int
    units: tuple[UnitReport, ...]

    def to_dict(self) -> dict:
        """JSON-friendly: the unit rows with NaN as null."""
        return {
            "wave": self.wave,
            "demographic": self.demographic,
            "min_group": self.min_group,
            "units": [_clean(_asdict(u)) for u in self.units],
        }
