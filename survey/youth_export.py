"""The youth panel page's download: its figures as tables, written as a workbook or as CSV.

Every number of an export is one the page shows; the export is
`scoring.tables`' table model, written by the one xlsx writer
(`scoring.writers.write_tables`) and its CSV writer.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from scoring import display
from scoring.cells import number_cell
from scoring.compare import Comparison
from scoring.questionnaire import Survey
from scoring.report import YouthComparison
from scoring.tables import Table
from scoring.writers import write_tables
from scoring.youth import GapTrend, PanelComparison, YouthFigures
from survey import export
from survey.i18n import t
from survey.youth_words import PageFigures, definition, effect_words

__all__ = ["csv_bytes", "sections", "workbook"]

_SCORE = _PERCENT = display.SCORE_FORMAT  # percents are numbers 0-100 under a header with %
_P, _COEF, _INT = display.P_FORMAT, display.COEF_FORMAT, display.INT_FORMAT

_num = number_cell


# Columns the youth export shares with the report's tables take the report's words.
_REPORT_COLUMNS = {
    column: f"render.{column}"
    for column in ("item_id", "p", "p_holm", "tested", "field", "value", "wave", "diff")
} | {
    "measure": "render.comparison",
    "g": "render.hedges_g",
    "item": "render.item",
    "dimension": "render.dimension",
    "n_youth": "render.n_youth",
    "n_rest": "render.n_rest",
}


def _header(lang: str, *columns: str) -> tuple[str, ...]:
    return tuple(t(_REPORT_COLUMNS.get(column, f"youth.col.{column}"), lang) for column in columns)


def _measure_label(survey: Survey, measure: str, lang: str) -> str:
    if measure == "index":
        return t("render.section_index", lang)
    return survey.dimension(measure).label.get(lang)


_TEST_COLUMNS = ("p", "p_holm", "g", "effect", "tested")
_TEST_FORMATS = (_P, _P, _COEF, None, None)


def _tests(row: Comparison, lang: str) -> tuple[Any, ...]:
    """p, Holm p, g, its size in words and whether tested; the marker when untested."""
    yes, no = t("render.yes", lang), t("render.no", lang)
    if not row.tested:
        untested = t("youth.untested_short", lang)
        return (untested, untested, None, None, no)
    return (
        _num(row.p),
        _num(row.p_holm),
        _num(row.hedges_g),
        effect_words(row.hedges_g, lang),
        yes,
    )


def sections(
    page: PageFigures, comparison: YouthComparison, survey: Survey, lang: str
) -> dict[str, Table]:
    """The page's figures as tables by title (`scoring.tables.Table`), in the page's order,
    only shown figures: the sheets of the workbook, the blocks of the CSV file."""
    figures = page.figures
    k = figures.min_group
    summary = [
        (t("render.wave", lang), figures.wave),
        (t("youth.field.definition", lang), definition(survey, lang)),
        (t("render.min_group", lang), k),
        (t("render.n_youth", lang), figures.n_youth),
        (t("render.n_rest", lang), figures.n_rest),
    ]
    if page.participation is not None:
        share = page.participation
        summary += [
            (t("youth.field.youth_headcount", lang), share.youth_headcount),
            (t("youth.field.youth_rate", lang), share.youth_rate),
            (t("youth.field.headcount", lang), share.headcount),
            (t("youth.field.rate", lang), share.rate),
        ]
    out = {
        t("pdf.summary", lang): Table.by_column(
            _header(lang, "field", "value"), summary, (None, None)
        ),
        t("youth.sheet.comparison", lang): _comparison_table(page, comparison, survey, lang),
        t("youth.sheet.items", lang): _items_table(figures, survey, lang),
    }
    if page.panel is not None:
        out[t("youth.sheet.panel", lang)] = _panel_table(page.panel, survey, lang, k)
    out.update(_trend_tables(page.trend, survey, lang))
    return out


def _comparison_table(
    page: PageFigures, comparison: YouthComparison, survey: Survey, lang: str
) -> Table:
    rows = []
    for row in comparison.rows:
        measure = page.figures.measure(row.id)
        rows.append(
            (
                _measure_label(survey, row.id, lang),
                _num(row.mean_a),
                _num(measure.youth.ci_low),
                _num(measure.youth.ci_high),
                _num(row.mean_b),
                _num(measure.rest.ci_low),
                _num(measure.rest.ci_high),
                _num(row.diff),
                *_tests(row, lang),
            )
        )
    header = _header(
        lang,
        "measure",
        "youth",
        "youth_ci_low",
        "youth_ci_high",
        "rest",
        "rest_ci_low",
        "rest_ci_high",
        "diff",
        *_TEST_COLUMNS,
    )
    return Table.by_column(header, rows, (None, *(_SCORE,) * 7, *_TEST_FORMATS))


def _items_table(figures: YouthFigures, survey: Survey, lang: str) -> Table:
    rows = []
    marker = t("youth.item_hidden", lang, k=figures.min_group)
    for gap in figures.items:
        item = survey.item(gap.id)
        lead = (gap.id, item.text.get(lang), survey.dimension(gap.dimension).label.get(lang))
        if gap.suppressed:
            rows.append((*lead, marker, None, None, None, None))
            continue
        values = (gap.youth, gap.rest, gap.diff, gap.favorable_youth, gap.favorable_rest)
        rows.append((*lead, *(_num(v) for v in values)))
    header = _header(
        lang, "item_id", "item", "dimension", "youth", "rest", "diff", "fav_youth", "fav_rest"
    )
    formats = (None, None, None, _SCORE, _SCORE, _SCORE, _PERCENT, _PERCENT)
    return Table.by_column(header, rows, formats)


def _panel_table(panel: PanelComparison, survey: Survey, lang: str, k: int) -> Table:
    header = _header(lang, "measure", "members", "others", "diff", *_TEST_COLUMNS)
    formats = (None, _SCORE, _SCORE, _SCORE, *_TEST_FORMATS)
    if panel.suppressed:
        marker = t(f"youth.hidden.{panel.reason}", lang, k=k)
        return Table.by_column(header, [(marker,) + (None,) * (len(header) - 1)], formats)
    rows = [
        (
            _measure_label(survey, row.id, lang),
            _num(row.mean_a),
            _num(row.mean_b),
            _num(row.diff),
            *_tests(row, lang),
        )
        for row in panel.rows
    ]
    return Table.by_column(header, rows, formats)


def _trend_tables(trend: GapTrend, survey: Survey, lang: str) -> dict[str, Table]:
    hidden = t("youth.trend_hidden", lang)
    waves = []
    for point in trend.waves:
        if point.suppressed:
            waves.append((point.wave, hidden, None, None, None, None))
            continue
        values = (point.youth["index"], point.rest["index"], point.gap())
        waves.append((point.wave, point.n_youth, point.n_rest, *(_num(v) for v in values)))
    header = _header(lang, "wave", "n_youth", "n_rest", "youth", "rest", "gap")
    formats = (None, _INT, _INT, _SCORE, _SCORE, _SCORE)
    out = {t("youth.sheet.trend", lang): Table.by_column(header, waves, formats)}
    if not trend.changes:
        return out
    yes, no = t("render.yes", lang), t("render.no", lang)
    rows = []
    for change in trend.changes:
        if change.suppressed:
            rows.append((change.wave_before, change.wave_after, hidden) + (None,) * 6)
            continue
        for row in change.rows:
            tests = (_num(row.p), _num(row.p_holm), yes) if row.tested else (None, None, no)
            values = (row.gap_before, row.gap_after, row.change)
            lead = (change.wave_before, change.wave_after, _measure_label(survey, row.id, lang))
            rows.append((*lead, *(_num(v) for v in values), *tests))
    header = _header(
        lang,
        "before",
        "after",
        "measure",
        "gap_before",
        "gap_after",
        "change",
        "p",
        "p_holm",
        "tested",
    )
    formats = (None, None, None, _SCORE, _SCORE, _SCORE, _P, _P, None)
    out[t("youth.col.change", lang)] = Table.by_column(header, rows, formats)
    return out


def workbook(parts: Mapping[str, Table]) -> bytes:
    """The sections as an xlsx workbook, one sheet each, by scoring's one writer."""
    buffer = io.BytesIO()
    write_tables(parts, buffer)
    return buffer.getvalue()


def csv_bytes(parts: Mapping[str, Table]) -> bytes:
    """The sections one after another in one CSV file (UTF-8 with BOM, formulas neutralized):
    a title line, the header, the rows, a blank line."""
    rows: list[Sequence[Any]] = []
    for title, part in parts.items():
        rows += [(title,), part.header, *part.rows, ()]
    return export.rows_csv(rows)
