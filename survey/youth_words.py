"""The youth panel page's figures in words, free of Streamlit: display tables and sentences.

The statistics come from `scoring.report` (the youth comparison) and
`scoring.youth` (intervals, items, the panel, the gap across waves,
participation), privacy applied there; this module words them, for the page
(`survey.youth_view`), the frames of its charts (`survey.youth_charts`) and its
download (`survey.youth_export`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from scoring import compare, display
from scoring.compare import Comparison
from scoring.questionnaire import Survey
from scoring.report import YouthComparison
from scoring.youth import (
    GapChangeRow,
    GapTrend,
    ItemGap,
    PanelComparison,
    Participation,
    YouthFigures,
    effect_size,
)
from survey import charts
from survey.i18n import t
from survey.store import Wave

__all__ = [
    "SIGNIFICANCE",
    "PageFigures",
    "change_sentences",
    "change_table",
    "comparison_table",
    "definition",
    "dumbbell_frame",
    "effect_words",
    "item_table",
    "padding_note",
    "panel_caption",
    "panel_table",
    "significance",
    "trend_lines",
]

SIGNIFICANCE = compare.SIGNIFICANCE
"""A Holm-adjusted p below this is called a significant difference (`scoring.compare`)."""


@dataclass(frozen=True)
class PageFigures:
    """Everything the page shows about one wave, beyond the report's youth comparison."""

    figures: YouthFigures
    panel: PanelComparison | None
    trend: GapTrend
    participation: Participation | None


def comparison_table(
    comparison: YouthComparison, figures: YouthFigures, labels: dict[str, str], lang: str
) -> pd.DataFrame:
    """The youth comparison's statistics: means, difference, test, size, intervals."""
    rows = comparison.rows
    return pd.DataFrame(
        {
            **_means(rows, labels, lang, "youth", "rest"),
            **_verdicts(rows, lang),
            **_sizes(rows, lang),
            t("youth.col.youth_ci", lang): [
                charts.number(m.youth.ci_low) + " ~ " + charts.number(m.youth.ci_high)
                for m in figures.measures
            ],
            t("youth.col.rest_ci", lang): [
                charts.number(m.rest.ci_low) + " ~ " + charts.number(m.rest.ci_high)
                for m in figures.measures
            ],
        }
    )


def _means(
    rows: Sequence[Comparison], labels: dict[str, str], lang: str, a: str, b: str
) -> dict[str, list[str]]:
    """The columns measure, side ``a``'s mean, side ``b``'s and the difference."""
    return {
        t("render.comparison", lang): [labels[r.id] for r in rows],
        t(f"youth.col.{a}", lang): [charts.number(r.mean_a) for r in rows],
        t(f"youth.col.{b}", lang): [charts.number(r.mean_b) for r in rows],
        t("render.diff", lang): [charts.signed(r.diff) for r in rows],
    }


def _verdicts(
    rows: Sequence[Comparison | GapChangeRow], lang: str, *, p: bool = True
) -> dict[str, list[str]]:
    """The columns Holm p (unless not ``p``) and the verdict in short words."""
    out = {t("render.p_holm", lang): [_p(r, lang) for r in rows]} if p else {}
    out[t("youth.col.verdict", lang)] = [significance(r, lang, short=True) for r in rows]
    return out


def _sizes(rows: Sequence[Comparison], lang: str) -> dict[str, list[str]]:
    """The columns Hedges' g and its size in words."""
    return {
        t("render.hedges_g", lang): [charts.number(r.hedges_g, 2) for r in rows],
        t("youth.col.effect", lang): [
            effect_words(r.hedges_g, lang) or display.MISSING for r in rows
        ],
    }


def _p(row: Comparison | GapChangeRow, lang: str) -> str:
    return charts.p_value(row.p_holm) if row.tested else t("youth.untested_short", lang)


def item_table(
    gaps: Sequence[ItemGap], survey: Survey, labels: dict[str, str], lang: str
) -> pd.DataFrame:
    """Items' scores and favorable shares for the young and the rest."""
    text = {i.id: i.text.get(lang) for i in survey.items}
    reverse = {i.id for i in survey.items if i.reverse}

    def label(item_id: str) -> str:
        found = text[item_id]
        return t("youth.reverse_label", lang, text=found) if item_id in reverse else found

    return pd.DataFrame(
        {
            t("render.item", lang): [label(g.id) for g in gaps],
            t("render.dimension", lang): [labels[g.dimension] for g in gaps],
            t("youth.col.youth", lang): [charts.number(g.youth) for g in gaps],
            t("youth.col.rest", lang): [charts.number(g.rest) for g in gaps],
            t("render.diff", lang): [charts.signed(g.diff) for g in gaps],
            t("youth.col.fav_youth", lang): [charts.percent(g.favorable_youth) for g in gaps],
            t("youth.col.fav_rest", lang): [charts.percent(g.favorable_rest) for g in gaps],
        }
    )


def panel_table(panel: PanelComparison, labels: dict[str, str], lang: str) -> pd.DataFrame:
    """Panel members against the other young employees."""
    rows = panel.rows
    means = _means(rows, labels, lang, "members", "others")
    return pd.DataFrame({**means, **_verdicts(rows, lang, p=False), **_sizes(rows, lang)})


def trend_lines(trend: GapTrend, youth_name: str, rest_name: str, lang: str) -> pd.DataFrame:
    """The index of the young and the rest in every wave, for `gap_chart`; hidden waves empty."""
    lines = []
    for point in trend.waves:
        for group, side in ((youth_name, point.youth), (rest_name, point.rest)):
            value = None if point.suppressed else side["index"]
            text = (
                t("youth.trend_hidden", lang)
                if value is None
                else t("dash.points", lang, value=charts.number(value))
            )
            lines.append({"wave": point.wave, "group": group, "score": value, "text": text})
    return pd.DataFrame(lines)


def change_sentences(trend: GapTrend, lang: str) -> list[str]:
    """One sentence per change of the index gap between consecutive waves, with its test."""
    out = []
    for change in trend.changes:
        names = {"before": change.wave_before, "after": change.wave_after}
        if change.suppressed:
            out.append(t("youth.change.hidden", lang, **names))
            continue
        row = change.row("index")
        if row.reversed:
            key = "youth.change.reversed"
        else:
            key = "youth.change.narrowed" if row.narrowed else "youth.change.widened"
        gaps = {
            "gap_before": charts.signed(row.gap_before),
            "gap_after": charts.signed(row.gap_after),
        }
        out.append(t(key, lang, **names, **gaps) + " " + significance(row, lang))
    return out


def change_table(rows: Sequence[GapChangeRow], labels: dict[str, str], lang: str) -> pd.DataFrame:
    """The change of each measure's youth gap between two waves."""
    return pd.DataFrame(
        {
            t("render.comparison", lang): [labels[r.id] for r in rows],
            t("youth.col.gap_before", lang): [charts.signed(r.gap_before) for r in rows],
            t("youth.col.gap_after", lang): [charts.signed(r.gap_after) for r in rows],
            t("youth.col.change", lang): [charts.signed(r.change) for r in rows],
            **_verdicts(rows, lang),
        }
    )


def definition(survey: Survey, lang: str) -> str:
    """One line saying who counts as young, from the survey's youth rule."""
    rule = survey.youth
    demographic = survey.demographic(rule.demographic)
    labels = {o.id: o.label.get(lang) for o in demographic.options}
    options = t("youth.option_join", lang).join(
        t("youth.option_quoted", lang, label=labels[g]) for g in rule.groups
    )
    return t("youth.definition", lang, demographic=demographic.label.get(lang), options=options)


def effect_words(g: float, lang: str) -> str | None:
    """Hedges' g in plain words (매우 작음 / 작음 / 중간 / 큼); None when untested."""
    size = effect_size(g)
    return None if size is None else t(f"youth.effect.{size}", lang)


def significance(row: Comparison | GapChangeRow, lang: str, short: bool = False) -> str:
    """Whether a tested difference (or change) is significant, in plain words."""
    if not row.tested:
        return t("youth.untested_short" if short else "youth.untested", lang)
    significant = row.p_holm < SIGNIFICANCE
    if short:
        return t("youth.significant_short" if significant else "youth.not_significant_short", lang)
    prefix = "youth.change." if isinstance(row, GapChangeRow) else "youth."
    key = "significant" if significant else "not_significant"
    # The index is the primary measure, tested unadjusted; the dimensions are
    # Holm-adjusted over the dimensions (METHOD.md, Comparisons).
    p = charts.p_value(row.p_holm)
    if row.id != "index":
        p = t("youth.p_adjusted", lang, p=p)
    return t(prefix + key, lang, p=p)


def padding_note(record: Wave | None) -> str | None:
    """What the panel can check about padding (threat model): codes against headcount."""
    if record is None:
        return None
    if record.origin == "imported":
        return t("youth.wave_imported")
    if record.access_mode != "codes":
        return None
    headcount = record.headcount_total
    return t(
        "youth.codes_against" if headcount else "youth.codes_no_headcount",
        codes=charts.whole(record.codes_issued),
        headcount=charts.whole(headcount),
    )


def dumbbell_frame(comparison: YouthComparison, labels: dict[str, str], lang: str) -> pd.DataFrame:
    """The young and the rest on every measure, one row per side, for `dumbbell`."""
    youth_name, rest_name = t("youth.col.youth", lang), t("youth.col.rest", lang)
    return pd.DataFrame(
        {
            "label": labels[row.id],
            "group": group,
            "score": value,
            "text": t("dash.points", lang, value=charts.number(value)),
        }
        for row in comparison.rows
        for group, value in ((youth_name, row.mean_a), (rest_name, row.mean_b))
    )


def panel_caption(panel: PanelComparison, survey: Survey, lang: str) -> str:
    """Who the panel members are (questions.yaml's ``survey.youth.panel``) and how many."""
    demographic = survey.demographic(panel.demographic)
    member = next(o for o in demographic.options if o.id == panel.member)
    return t(
        "youth.panel_caption",
        lang,
        demographic=demographic.label.get(lang),
        member=member.label.get(lang),
        members=charts.whole(panel.n_members),
        others=charts.whole(panel.n_others),
    )
