"""Rankings of a report: its items strongest first, the items to act on and the groups behind."""

from __future__ import annotations

import math

from scoring.report_model import GroupRow, ItemSummary, Report

__all__ = [
    "SUMMARY_TOP",
    "groups_behind",
    "items_to_act_on",
    "ranked_items",
]


def _shown_items(report: Report) -> list[ItemSummary]:
    return [i for i in report.items if not i.suppressed and i.n and math.isfinite(i.score)]


def ranked_items(report: Report) -> list[ItemSummary]:
    """The items that may be shown, strongest first (ties by id): the one ranking of every page."""
    return sorted(_shown_items(report), key=lambda i: (-i.score, i.id))


SUMMARY_TOP = 3
"""How many items to act on and groups holding the index back a summary names."""


def items_to_act_on(report: Report, count: int = SUMMARY_TOP) -> list[ItemSummary]:
    """The items a summary asks to act on, weakest first (ties by id), at most ``count``.

    The priority items that may be shown (`Driver.priority`: a correlation
    with overall satisfaction above the items' median and a score below
    theirs); when there is none, the shown items with the lowest scores.
    """
    shown = {i.id: i for i in _shown_items(report)}
    priority = [shown[d.id] for d in report.drivers if d.priority and d.id in shown]
    return sorted(priority or shown.values(), key=lambda i: (i.score, i.id))[:count]


def groups_behind(report: Report, count: int = SUMMARY_TOP) -> list[tuple[str, GroupRow]]:
    """Shown groups whose index is below the whole's, lowest first, at most ``count``.

    Pairs of the breakdown's demographic and its group row, from every
    breakdown of the report in order (ties keep that order). The missing
    answers ("no answer") are left out: they are not a group anyone can act
    on. Empty when the report shows no index.
    """
    if report.index is None:
        return []
    whole = report.index.score
    found = [
        (demographic, row)
        for demographic, rows in report.breakdowns.items()
        for row in rows
        if row.group is not None
        and not row.suppressed
        and row.index is not None
        and math.isfinite(row.index)
        and row.index < whole
    ]
    return sorted(found, key=lambda pair: pair[1].index)[:count]
