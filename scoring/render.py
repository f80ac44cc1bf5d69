"""Renderers of a report: an aligned text table, an xlsx workbook and CSV.

Every renderer reads the dictionary of `Report.to_dict()` (METHOD.md's JSON)
and the survey, for labels in Korean or English. Privacy was applied when the
report was built: a suppressed group arrives without a count or a score, and
the renderers show only a marker for it. Numbers are rounded here, at display,
and nowhere before: scores to one decimal, coefficients to two, p to three.
In xlsx the cells keep full precision and only their number format rounds.

Text written to a spreadsheet cell passes through :func:`neutralize`, so that a
comment or label starting with ``=`` is never run as a formula (OWASP, "CSV
Injection").
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scoring import display, messages
from scoring.questionnaire import Survey

__all__ = [
    "SHEETS",
    "Labels",
    "Table",
    "display_width",
    "neutralize",
    "number_cell",
    "render_text",
    "tables",
    "write_csv",
    "write_tables",
    "write_utf8_bom",
    "write_xlsx",
]


SHEETS = ("overview", "dimensions", "items", "breakdowns", "trend", "youth")
"""Sheet names of the workbook, in order (the same in every language)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MISSING = display.MISSING
_SCORE, _COEF, _P, _INT = (
    display.SCORE_FORMAT,
    display.COEF_FORMAT,
    display.P_FORMAT,
    display.INT_FORMAT,
)
_ITEM_TEXT_WIDTH = 44


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


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for c in text:
        if display_width(out + c) > width - 3:
            break
        out += c
    return out + "..."


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# The one formatter of every output (scoring.display), under the text report's names.
_fmt, _fmt_p, _fmt_range, _fmt_int = display.number, display.p_cell, display.interval, display.whole


class Labels:
    """Korean or English labels of a survey's ids, and words by message key.

    A key is looked up as ``prefix + key`` (`scoring.messages`); the missing
    answers' group and the index are named by the keys ``no_answer_key`` and
    ``index_key``. An id the survey does not hold is shown as it is.
    """

    no_answer_key = "no_answer"
    index_key = "index"

    def __init__(self, survey: Survey, lang: str, prefix: str = "render.") -> None:
        self.survey = survey
        self.lang = lang
        self.prefix = prefix

    def __call__(self, key: str, **params: Any) -> str:
        return messages.text(self.prefix + key, self.lang, **params)

    def dimension(self, dimension_id: str) -> str:
        dimension = self.survey.dimension(dimension_id)
        return dimension.label.get(self.lang) if dimension else dimension_id

    def item(self, item_id: str) -> str:
        item = self.survey.item(item_id)
        return item.text.get(self.lang) if item else item_id

    def demographic(self, demographic_id: str) -> str:
        demographic = self.survey.demographic(demographic_id)
        return demographic.label.get(self.lang) if demographic else demographic_id

    def option(self, demographic_id: str, option_id: str | None) -> str:
        if option_id is None:
            return self(self.no_answer_key)
        demographic = self.survey.demographic(demographic_id)
        for option in demographic.options if demographic else ():
            if option.id == option_id:
                return option.label.get(self.lang)
        return option_id

    def measure(self, row_id: str) -> str:
        return self(self.index_key) if row_id == "index" else self.dimension(row_id)


class _Labels(Labels):
    """The renderers' labels: the survey's ids and the report's words (``render.*``)."""

    def suppressed(self, report: dict) -> str:
        return self("suppressed_group", k=report.get("min_group") or self.survey.min_group_size)


def _wrap(text: str, width: int) -> list[str]:
    """Break a header into lines of at most ``width`` columns at spaces and after "·"."""
    words = [w for w in re.split(r"(?<=·)|\s+", text) if w]
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]}{'' if lines[-1].endswith('·') else ' '}{word}" if lines else word
        if lines and display_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool], wrap: int = 18
) -> str:
    """An aligned table: two spaces between columns, a rule under the header.

    Headers wider than ``wrap`` columns break over several lines. A row shorter
    than the header is a marker row: its last cell runs on from where its
    column starts without widening it (a suppressed group's "fewer than k").
    """
    head = [_wrap(h, wrap) for h in header]
    widths = [max(display_width(line) for line in lines) for lines in head]
    for row in rows:
        cells = row if len(row) == len(header) else row[:-1]
        for j, cell in enumerate(cells):
            widths[j] = max(widths[j], display_width(cell))

    def line(cells: Sequence[str]) -> str:
        if len(cells) < len(header):
            lead = [_pad(c, w, r) for c, w, r in zip(cells[:-1], widths, right, strict=False)]
            return ("  " + "  ".join([*lead, cells[-1]])).rstrip()
        padded = [_pad(c, w, r) for c, w, r in zip(cells, widths, right, strict=True)]
        return ("  " + "  ".join(padded)).rstrip()

    height = max(len(lines) for lines in head)
    header_lines = [
        line([lines[i] if i < len(lines) else "" for lines in head]) for i in range(height)
    ]
    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([*header_lines, rule, *(line(row) for row in rows)])


def _section(title: str, body: str) -> str:
    return f"■ {title}\n{body}"


def render_text(report: dict, survey: Survey, lang: str = "ko") -> str:
    """A readable, aligned plain-text report (Korean or English).

    Korean characters count as two columns (``unicodedata.east_asian_width``)
    so the columns line up in a terminal. Suppressed groups show only the
    marker "응답자 k명 미만" / "fewer than k respondents".
    """
    t = _Labels(survey, lang)
    k = report.get("min_group") or survey.min_group_size
    head = [f"{t('title')}: {survey.title.get(lang)}", f"{t('wave')}: {report['wave']}"]
    if report.get("filter"):
        demographic_id, option_id = report["filter"]
        label = t.demographic(demographic_id)
        head.append(t("filter_line", label=label, option=t.option(demographic_id, option_id)))
    shown = not report.get("suppressed") and report.get("index") is not None
    if shown:
        respondents = report.get("respondents", report["n"])
        head.append(t("respondents_line", respondents=respondents, n=report["n"], k=k))
        if report.get("headcount"):
            head.append(t("headcount_line", headcount=report["headcount"]))
        body = [_text_index(report, t), _text_dimensions(report, t), _text_items(report, t)]
    else:
        body = [t("suppressed_view", k=k)]
    sections = ["\n".join(head), *body]
    for demographic_id, rows in report.get("breakdowns", {}).items():
        sections.append(_text_breakdown(report, demographic_id, rows, t))
    if report.get("youth") is not None:
        sections.append(_text_youth(report, t))
    if report.get("trend"):
        sections.append(_text_trend(report, t))
    if report.get("gap_by_dimension"):
        sections.append(_text_gap(report, t))
    return "\n\n".join(sections) + "\n"


def _text_index(report: dict, t: _Labels) -> str:
    index = report["index"]
    pairs = [
        (t("index"), _fmt(index["score"])),
        (t("ci"), _fmt_range(index["ci_low"], index["ci_high"])),
        (t("target"), _fmt(index["target"])),
        (t("gap"), _fmt(index["gap"])),
        (t("p_below"), _fmt_p(index["p_below_target"])),
    ]
    if "enps" in report:
        pairs.append((t("enps"), _fmt(report["enps"])))
    projection = report.get("projection")
    if projection:
        pairs.append((t("projection"), _projection_text(report, t)))
    width = max(display_width(name) for name, _ in pairs)
    body = "\n".join(f"  {_pad(name, width, False)}  {value}" for name, value in pairs)
    return _section(t("section_index"), body)


def _projection_text(report: dict, t: _Labels) -> str:
    """The projection's sentence, as the pages and the PDF say it (`scoring.index.outlook`)."""
    from scoring.index import Projection, outlook_text

    projection = Projection(**report["projection"])
    waves = [point["wave"] for point in report.get("trend") or []]
    return outlook_text(projection, waves, t.lang)[1]


def _text_dimensions(report: dict, t: _Labels) -> str:
    header = [t("dimension"), t("score"), t("ci"), t("alpha"), t("alpha_ci"), t("n")]
    rows = []
    for d in report["dimensions"]:
        alpha_ci = d.get("alpha_ci") or (None, None)
        rows.append(
            [
                t.dimension(d["id"]),
                _fmt(d["score"]),
                _fmt_range(d["ci_low"], d["ci_high"]),
                _fmt(d["alpha"], 2),
                _fmt_range(alpha_ci[0], alpha_ci[1], 2),
                _fmt_int(d["n"]),
            ]
        )
    right = [False, True, True, True, True, True]
    return _section(t("section_dimensions"), _table(header, rows, right))


def _drivers_by_item(report: dict) -> dict[str, dict]:
    return {d["id"]: d for d in report.get("drivers") or ()}


def _text_items(report: dict, t: _Labels) -> str:
    drivers = _drivers_by_item(report)
    header = [t("item"), t("score"), t("favorable"), t("item_total_r"), t("alpha_if_deleted")]
    if drivers:
        header.append(t("driver_r"))
    header.append(t("n"))
    rows = []
    for i in report["items"]:
        text = _truncate(f"{i['id']} {t.item(i['id'])}", _ITEM_TEXT_WIDTH)
        row = [
            text,
            _fmt(i["score"]),
            _fmt(i["favorable_pct"]),
            _fmt(i["item_total_r"], 2),
            _fmt(i["alpha_if_deleted"], 2),
        ]
        if drivers:
            driver = drivers.get(i["id"])
            mark = " *" if driver and driver.get("priority") else ""
            row.append(_fmt(driver["r"], 2) + mark if driver else _MISSING)
        row.append(_fmt_int(i["n"]))
        rows.append(row)
    right = [False] + [True] * (len(header) - 1)
    body = _table(header, rows, right)
    if any(d.get("priority") for d in drivers.values()):
        body += "\n  " + t("priority_note")
    return _section(t("section_items"), body)


def _text_breakdown(report: dict, demographic_id: str, rows: list[dict], t: _Labels) -> str:
    dimension_ids = [d.id for d in t.survey.dimensions]
    header = [t("group"), t("n"), t("index"), *(t.dimension(d) for d in dimension_ids)]
    body = []
    for row in rows:
        label = t.option(demographic_id, row["group"])
        if row["suppressed"]:
            body.append([label, t.suppressed(report)])
            continue
        scores = [_fmt(row["dimensions"].get(d)) for d in dimension_ids]
        body.append([label, _fmt_int(row["n"]), _fmt(row["index"]), *scores])
    right = [False] + [True] * (len(header) - 1)
    title = t("section_breakdown", label=t.demographic(demographic_id))
    return _section(title, _table(header, body, right))


def _text_youth(report: dict, t: _Labels) -> str:
    youth = report["youth"]
    if youth["suppressed"]:
        return _section(
            t("section_youth_plain"), "  " + t("youth_suppressed", k=report["min_group"])
        )
    header = [t("comparison"), t("youth"), t("rest"), t("diff"), t("p"), t("p_holm"), t("hedges_g")]
    rows = []
    for row in youth["rows"]:
        means = [t.measure(row["id"]), _fmt(row["youth"]), _fmt(row["rest"]), _fmt(row["diff"])]
        if row["tested"]:
            rows.append([*means, _fmt_p(row["p"]), _fmt_p(row["p_holm"]), _fmt(row["hedges_g"], 2)])
        else:
            rows.append([*means, t("untested"), t("untested"), _MISSING])
    right = [False] + [True] * (len(header) - 1)
    title = t("section_youth", n_youth=youth["n_youth"], n_rest=youth["n_rest"])
    return _section(title, _table(header, rows, right))


def _wave_hidden(point: dict) -> bool:
    """Whether a trend point is a suppressed wave (it carries no count and no index)."""
    return bool(point.get("suppressed")) or (point.get("index") is None and point.get("n") is None)


def _text_trend(report: dict, t: _Labels) -> str:
    dimension_ids = [d.id for d in t.survey.dimensions]
    header = [t("wave"), t("n"), t("index"), t("ci"), *(t.dimension(d) for d in dimension_ids)]
    rows = []
    for point in report["trend"]:
        if _wave_hidden(point):
            rows.append([point["wave"], t.suppressed(report)])
            continue
        dims = point.get("dimensions") or {}
        rows.append(
            [
                point["wave"],
                _fmt_int(point["n"]),
                _fmt(point["index"]),
                _fmt_range(point["ci_low"], point["ci_high"]),
                *(_fmt(dims.get(d)) for d in dimension_ids),
            ]
        )
    right = [False] + [True] * (len(header) - 1)
    return _section(t("section_trend"), _table(header, rows, right))


def _text_gap(report: dict, t: _Labels) -> str:
    header = [t("dimension"), t("weight"), t("score"), t("contribution")]
    rows = [
        [t.dimension(g["id"]), _fmt(g["weight"], 2), _fmt(g["score"]), _fmt(g["contribution"])]
        for g in report["gap_by_dimension"]
    ]
    contributions = [g["contribution"] for g in report["gap_by_dimension"]]
    total = sum(contributions) if all(_is_number(c) for c in contributions) else None
    rows.append([t("total"), "", "", _fmt(total)])
    return _section(t("section_gap"), _table(header, rows, [False, True, True, True]))


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
    t: _Labels, *columns: tuple[str, str | None]
) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    """A header and its columns' number formats, from (label key, format) pairs."""
    return tuple(t(key) for key, _ in columns), tuple(fmt for _, fmt in columns)


def number_cell(value: Any) -> float | int | None:
    """A figure as a cell: the number at full precision, or None (empty) when it is none."""
    return value if _is_number(value) else None


_number = number_cell


def tables(report: dict, survey: Survey, lang: str = "ko") -> dict[str, Table]:
    """The report as one table per sheet of :data:`SHEETS` (also used for CSV export).

    Suppressed groups and waves carry the marker text and no number in any cell.
    """
    t = _Labels(survey, lang)
    return {
        "overview": _overview_table(report, t),
        "dimensions": _dimensions_table(report, t),
        "items": _items_table(report, t),
        "breakdowns": _breakdowns_table(report, t),
        "trend": _trend_table(report, t),
        "youth": _youth_table(report, t),
    }


def _overview_table(report: dict, t: _Labels) -> Table:
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
        rows.append((t("projection"), _projection_text(report, t), None))
    if report.get("suppressed"):
        rows.append((t("index"), t("suppressed_view", k=report.get("min_group")), None))
    return Table(
        header=(t("field"), t("value")),
        rows=tuple((name, value) for name, value, _ in rows),
        formats=tuple((None, fmt) for _, _, fmt in rows),
    )


def _dimensions_table(report: dict, t: _Labels) -> Table:
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


def _items_table(report: dict, t: _Labels) -> Table:
    drivers = _drivers_by_item(report)
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


def _breakdowns_table(report: dict, t: _Labels) -> Table:
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


def _trend_table(report: dict, t: _Labels) -> Table:
    dimension_ids = [d.id for d in t.survey.dimensions]
    rows = []
    for point in report.get("trend") or ():
        if _wave_hidden(point):
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


def _youth_table(report: dict, t: _Labels) -> Table:
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


_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_MAX_COLUMN_WIDTH = 60


def write_xlsx(
    report: dict,
    survey: Survey,
    path_or_buffer: str | os.PathLike | IO[bytes],
    lang: str = "ko",
    extra: Mapping[str, Table] | None = None,
) -> None:
    """Write the report as a workbook with the sheets of :data:`SHEETS`, then ``extra``.

    ``extra`` holds further sheets by name in the same table model (the app's
    action plans), written the same way (:func:`write_tables`).
    """
    write_tables({**tables(report, survey, lang), **(extra or {})}, path_or_buffer)


_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_tables(
    sheets: Mapping[str, Table], path_or_buffer: str | os.PathLike | IO[bytes]
) -> None:
    """Write tables as a workbook, one sheet per table named by its key: the one xlsx writer.

    Header rows are bold on a coloured fill and frozen; column widths follow
    the content (Korean counts double); numbers are stored as numbers at full
    precision with a rounding number format; every text cell is neutralized.
    A sheet name loses the characters Excel forbids and is cut to 31.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in sheets.items():
        sheet = workbook.create_sheet(name.translate(_FORBIDDEN_IN_SHEET_NAMES)[:31])
        sheet.append([neutralize(h) for h in table.header])
        for cell in sheet[1]:
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, (row, formats) in enumerate(zip(table.rows, table.formats, strict=True), start=2):
            sheet.append([neutralize(v) for v in row])
            for cell, fmt in zip(sheet[r], formats, strict=True):
                if fmt is not None and _is_number(cell.value):
                    cell.number_format = fmt
        sheet.freeze_panes = "A2"
        for c in range(1, len(table.header) + 1):
            texts = [table.header[c - 1]] + [_cell_text(row[c - 1]) for row in table.rows]
            width = max(display_width(text) for text in texts) + 2
            sheet.column_dimensions[get_column_letter(c)].width = min(width, _MAX_COLUMN_WIDTH)
    workbook.save(path_or_buffer)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def write_csv(rows: Iterable[Sequence[Any]], path_or_buffer: str | os.PathLike | IO) -> None:
    """Write rows (the first is usually the header) as CSV in UTF-8 with BOM.

    ``None`` and NaN become empty cells; text cells are neutralized. A path is
    written as a file; a binary buffer receives bytes, a text buffer text.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    write_utf8_bom(out.getvalue(), path_or_buffer)


def _csv_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return neutralize(value)


def write_utf8_bom(text: str, path_or_buffer: str | os.PathLike | IO) -> None:
    """Write ``text`` as UTF-8 with BOM to a path, a binary buffer or a text buffer."""
    if isinstance(path_or_buffer, str | os.PathLike):
        with open(path_or_buffer, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
    elif isinstance(path_or_buffer, io.TextIOBase):
        path_or_buffer.write("\ufeff" + text)
    else:
        path_or_buffer.write(text.encode("utf-8-sig"))
