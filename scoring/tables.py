"""The report's table model: one table per sheet, of plain values and number formats.

Privacy was applied when the report was built: a suppressed group or wave
arrives without a count or a score, and its row carries only the marker text.
Cells keep full precision; each column's Excel number format rounds at display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scoring import display
from scoring.cells import number_cell as _number
from scoring.labels import ReportLabels
from scoring.questionnaire import Survey

__all__ = ["SHEETS", "Table", "drivers_by_item", "tables", "wave_hidden"]


SHEETS = ("overview", "dimensions", "items", "breakdowns", "trend", "youth")
"""Sheet names of the workbook, in order (the same in every language)."""

_SCORE, _COEF, _P, _INT = (
    display.SCORE_FORMAT,
    display.COEF_FORMAT,
    display.P_FORMAT,
    display.INT_FORMAT,
)


@dataclass(frozen=True)
class Table:
    """One sheet: a header, rows of plain values, and an Excel number format per column.

    A cell is ``None`` (empty), a number (kept at full precision) or text.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    formats: tuple[tuple[str | None, ...], ...]
    """One tuple of number formats per row, aligned with ``rows``."""

    @classmethod
    def by_column(
        cls,
        header: Sequence[str],
        rows: Sequence[tuple[Any, ...]],
        formats: tuple[str | None, ...],
    ) -> Table:
        """A table whose columns each have one number format."""
        return cls(tuple(header), tuple(rows), (formats,) * len(rows))


_by_column = Table.by_column


def _header(
    t: ReportLabels, *columns: tuple[str, str | None]
) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """A header and its columns' number formats, from (label key, format) pairs."""
    return tuple(t(key) for key, _ in columns), tuple(fmt for _, fmt in columns)


def drivers_by_item(report: dict) -> dict[str, dict]:
    """The report's drivers by item id (empty when it has none)."""
    return {d["id"]: d for d in report.get("drivers") or ()}


def wave_hidden(point: dict) -> bool:
    """Whether a trend point is a suppressed wave (it carries no count and no index)."""
    return bool(point.get("suppressed")) or (point.get("index") is None and point.get("n") is None)


def tables(report: dict, survey: Survey, lang: str = "ko") -> dict[str, Table]:
    """The report as one table per sheet of :data:`SHEETS` (also used for CSV export).

    Suppressed groups and waves carry the marker text and no number in any cell.
    """
    t = ReportLabels(survey, lang)
    return {
        "overview": _overview_table(report, t),
        "dimensions": _dimensions_table(report, t),
        "items": _items_table(report, t),
        "breakdowns": _breakdowns_table(report, t),
        "trend": _trend_table(report, t),
        "youth": _youth_table(report, t),
    }


def _overview_table(report: dict, t: ReportLabels) -> Table:
    index = report.get("index") or {}
    youth = report.get("youth") or {}
    rows: list[tuple[Any, ...]] = [
        (t("wave"), report["wave"], None),
        (t("respondents"), _number(report.get("respondents")), _INT),
        (t("n_index"), _number(report.get("n")), _INT),
        (t("index"), _number(index.get("score")), _SCORE),
        (t("ci_low"), _number(index.get("ci_low")), _SCORE),
        (t("ci_high"), _number(index.get("ci_high")), _SCORE),
        (t("target"), _number(index.get("target")), _SCORE),
        (t("gap"), _number(index.get("gap")), _SCORE),
        (t("p_below"), _number(index.get("p_below_target")), _P),
        (t("enps"), _number(report.get("enps")), _SCORE),
        (t("min_group"), _number(report.get("min_group")), _INT),
    ]
    if report.get("filter"):
        demographic_id, option_id = report["filter"]
        shown = f"{t.demographic(demographic_id)} = {t.option(demographic_id, option_id)}"
        rows.append((t("filter"), shown, None))
    if report.get("headcount"):
        rows.append((t("headcount"), _number(report["headcount"]), _INT))
    if youth and not youth.get("suppressed"):
        rows.append((t("n_youth"), _number(youth.get("n_youth")), _INT))
        rows.append((t("n_rest"), _number(youth.get("n_rest")), _INT))
    if report.get("projection"):
        rows.append((t("projection"), t.projection(report), None))
    if report.get("suppressed"):
        rows.append((t("index"), t("suppressed_view", k=report.get("min_group")), None))
    return Table(
        header=(t("field"), t("value")),
        rows=tuple((name, value) for name, value, _ in rows),
        formats=tuple((None, fmt) for _, _, fmt in rows),
    )


def _dimensions_table(report: dict, t: ReportLabels) -> Table:
    gaps = {g["id"]: g for g in report.get("gap_by_dimension") or ()}
    rows = []
    for d in report.get("dimensions") or ():
        alpha_ci = d.get("alpha_ci") or (None, None)
        gap = gaps.get(d["id"], {})
        rows.append(
            (
                d["id"],
                t.dimension(d["id"]),
                _number(gap.get("weight")),
                _number(d["score"]),
                _number(d["ci_low"]),
                _number(d["ci_high"]),
                _number(d["alpha"]),
                _number(alpha_ci[0]),
                _number(alpha_ci[1]),
                _number(d["n"]),
                _number(gap.get("contribution")),
            )
        )
    header, formats = _header(
        t,
        ("dimension_id", None),
        ("dimension", None),
        ("weight", _COEF),
        ("score", _SCORE),
        ("ci_low", _SCORE),
        ("ci_high", _SCORE),
        ("alpha", _COEF),
        ("alpha_ci_low", _COEF),
        ("alpha_ci_high", _COEF),
        ("n", _INT),
        ("contribution", _SCORE),
    )
    return _by_column(header, rows, formats)


def _items_table(report: dict, t: ReportLabels) -> Table:
    drivers = drivers_by_item(report)
    rows = []
    for i in report.get("items") or ():
        item = t.survey.item(i["id"])
        driver = drivers.get(i["id"], {})
        priority = driver.get("priority")
        rows.append(
            (
                i["id"],
                t.item(i["id"]),
                t.dimension(i["dimension"]),
                t("yes") if item is not None and item.reverse else t("no"),
                _number(i["score"]),
                _number(i["favorable_pct"]),
                _number(i["item_total_r"]),
                _number(i["alpha_if_deleted"]),
                _number(driver.get("r")),
                t("yes") if priority else (t("no") if driver else None),
                _number(i["n"]),
            )
        )
    header, formats = _header(
        t,
        ("item_id", None),
        ("item", None),
        ("dimension", None),
        ("reverse", None),
        ("score", _SCORE),
        ("favorable", _SCORE),
        ("item_total_r", _COEF),
        ("alpha_if_deleted", _COEF),
        ("driver_r", _COEF),
        ("priority", None),
        ("n", _INT),
    )
    return _by_column(header, rows, formats)


def _breakdowns_table(report: dict, t: ReportLabels) -> Table:
    dimension_ids = [d.id for d in t.survey.dimensions]
    rows = []
    for demographic_id, groups in (report.get("breakdowns") or {}).items():
        for row in groups:
            lead = (t.demographic(demographic_id), t.option(demographic_id, row["group"]))
            if row["suppressed"]:
                rows.append((*lead, t.suppressed(report), None) + (None,) * len(dimension_ids))
                continue
            dims = tuple(_number(row["dimensions"].get(d)) for d in dimension_ids)
            rows.append((*lead, _number(row["n"]), _number(row["index"]), *dims))
    header, formats = _header(
        t, ("demographic", None), ("group", None), ("n", _INT), ("index", _SCORE)
    )
    header += tuple(t.dimension(d) for d in dimension_ids)
    formats += (_SCORE,) * len(dimension_ids)
    return _by_column(header, rows, formats)


def _trend_table(report: dict, t: ReportLabels) -> Table:
    dimension_ids = [d.id for d in t.survey.dimensions]
    rows = []
    for point in report.get("trend") or ():
        if wave_hidden(point):
            rows.append((point["wave"], t.suppressed(report)) + (None,) * (3 + len(dimension_ids)))
            continue
        dims = point.get("dimensions") or {}
        rows.append(
            (
                point["wave"],
                _number(point["n"]),
                _number(point["index"]),
                _number(point["ci_low"]),
                _number(point["ci_high"]),
                *(_number(dims.get(d)) for d in dimension_ids),
            )
        )
    header, formats = _header(
        t, ("wave", None), ("n", _INT), ("index", _SCORE), ("ci_low", _SCORE), ("ci_high", _SCORE)
    )
    header += tuple(t.dimension(d) for d in dimension_ids)
    formats += (_SCORE,) * len(dimension_ids)
    return _by_column(header, rows, formats)


def _youth_table(report: dict, t: ReportLabels) -> Table:
    header, formats = _header(
        t,
        ("comparison", None),
        ("youth", _SCORE),
        ("rest", _SCORE),
        ("diff", _SCORE),
        ("p", _P),
        ("p_holm", _P),
        ("hedges_g", _COEF),
        ("tested", None),
    )
    youth = report.get("youth")
    if youth is None:
        return _by_column(header, (), formats)
    if youth["suppressed"]:
        marker = t("youth_suppressed", k=report.get("min_group"))
        return _by_column(header, [(marker,) + (None,) * (len(header) - 1)], formats)
    rows = []
    for row in youth["rows"]:
        means = (t.measure(row["id"]), _number(row["youth"]), _number(row["rest"]))
        if row["tested"]:
            tests = (_number(row["p"]), _number(row["p_holm"]), _number(row["hedges_g"]))
            rows.append((*means, _number(row["diff"]), *tests, t("yes")))
        else:
            untested = t("untested")
            rows.append((*means, _number(row["diff"]), untested, untested, None, t("no")))
    return _by_column(header, rows, formats)
