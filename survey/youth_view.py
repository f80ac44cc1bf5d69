"""The youth panel page's pieces: cached figures, two charts, plain words and the export.

The statistics come from `scoring.report` (the youth comparison) and
`scoring.youth` (intervals, items, the panel, the gap across waves,
participation), privacy applied there; this module caches them, words them
and lays them out. Every number of an export is one the page shows; the
export is `scoring.render`'s table model, written by its one xlsx writer
(`scoring.render.write_tables`) and its CSV writer.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from scoring import compare, display, plain
from scoring.comments import CommentList
from scoring.compare import Comparison
from scoring.questionnaire import Survey
from scoring.render import Table, number_cell, write_tables
from scoring.report import YouthComparison
from scoring.youth import (
    GapChangeRow,
    GapTrend,
    ItemGap,
    PanelComparison,
    Participation,
    YouthFigures,
    effect_size,
    gap_trend,
    panel_comparison,
    participation,
    youth_figures,
)
from survey import analysis, charts, comment_view, export, style
from survey.i18n import t
from survey.plain_view import bullets, markdown, sentences
from survey.store import Wave

__all__ = [
    "SIGNIFICANCE",
    "PageFigures",
    "change_sentences",
    "change_table",
    "comparison_table",
    "csv_bytes",
    "definition",
    "dumbbell",
    "effect_words",
    "gap_chart",
    "item_table",
    "markdown",
    "page_figures",
    "panel_table",
    "sections",
    "sentences",
    "significance",
    "trend_lines",
    "workbook",
]

SIGNIFICANCE = compare.SIGNIFICANCE
"""A Holm-adjusted p below this is called a significant difference (`scoring.compare`)."""

_SCORE = _PERCENT = display.SCORE_FORMAT  # percents are numbers 0-100 under a header with %
_P, _COEF, _INT = display.P_FORMAT, display.COEF_FORMAT, display.INT_FORMAT


@dataclass(frozen=True)
class PageFigures:
    """Everything the page shows about one wave, beyond the report's youth comparison."""

    figures: YouthFigures
    panel: PanelComparison | None
    trend: GapTrend
    participation: Participation | None


@st.cache_data(show_spinner=False, max_entries=64)
def _page_figures(
    key: tuple,
    wave: str,
    headcounts: tuple[tuple[str, int], ...] | None,
    _survey: Survey,
    _frame: pd.DataFrame,
) -> PageFigures:
    # ``key`` (the source's cache key) stands for the survey and frame, which
    # Streamlit does not hash (leading underscore).
    return PageFigures(
        youth_figures(_survey, _frame, wave),
        panel_comparison(_survey, _frame, wave),
        gap_trend(_survey, _frame),
        participation(_survey, _frame, wave, dict(headcounts) if headcounts else None),
    )


def page_figures(src: analysis.Source, wave: str) -> PageFigures:
    """The youth figures of a closed wave (cached), with the wave's headcount by age band."""
    record = src.wave(wave)
    counts = record.headcount_by_age if record is not None else None
    frozen = tuple(sorted(counts.items())) if counts else None
    return _page_figures(src.cache_key(), wave, frozen, analysis.survey(src), analysis.frame(src))


# ---------------------------------------------------------------- words


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


# ---------------------------------------------------------------- page parts


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


def show_headline(
    comparison: YouthComparison, figures: YouthFigures, labels: dict[str, str], lang: str
) -> None:
    """The index of the young against the rest: the sentence first, then the three figures."""
    row, measure = comparison.rows[0], figures.measure("index")
    youth_name, rest_name = t("youth.side.youth", lang), t("youth.side.rest", lang)
    st.markdown(markdown(sentences([row], labels, youth_name, rest_name, lang)[0]))
    young_col, rest_col, diff_col = st.columns(3)
    for column, key, n, mean, estimate in (
        (young_col, "youth.metric.youth", figures.n_youth, row.mean_a, measure.youth),
        (rest_col, "youth.metric.rest", figures.n_rest, row.mean_b, measure.rest),
    ):
        column.metric(
            t(key, lang, n=charts.whole(n)), t("dash.points", lang, value=charts.number(mean))
        )
        low, high = charts.number(estimate.ci_low), charts.number(estimate.ci_high)
        column.caption(t("dash.ci", lang, low=low, high=high))
    diff_col.metric(t("youth.metric.diff", lang), charts.signed(row.diff))
    # The effect size waits in the statistics: beside "significant", "small" confuses.
    diff_col.caption(significance(row, lang))


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


def show_dimensions(
    comparison: YouthComparison,
    figures: YouthFigures,
    labels: dict[str, str],
    target: float,
    lang: str,
) -> None:
    """The dimensions in plain sentences, the dumbbell chart and the statistics table."""
    rows = [r for r in comparison.rows if r.id != "index"]
    sides = t("youth.side.youth", lang), t("youth.side.rest", lang)
    st.markdown(bullets(sentences(rows, labels, *sides, lang)))
    data = dumbbell_frame(comparison, labels, lang)
    where = data.assign(where=data["label"] + " · " + data["group"])
    # The sentences above and the table under "youth.stats" hold its figures.
    style.chart(
        dumbbell(
            data,
            target,
            score_title=t("render.score", lang),
            group_title=t("render.group", lang),
            target_label=_target_label(target, lang),
        ),
        style.chart_summary(t("youth.dimensions", lang), where, label="where"),
    )
    with st.expander(t("youth.stats", lang)):
        st.caption(t("youth.method", lang))
        st.dataframe(comparison_table(comparison, figures, labels, lang), hide_index=True)
        for line in plain.glossary(lang):
            st.markdown(line)


def show_items(figures: YouthFigures, survey: Survey, labels: dict[str, str], lang: str) -> None:
    """The five largest item gaps, and every shown item behind an expander."""
    largest = figures.largest_gaps(5)
    if not largest:
        st.info(t("youth.items_none", lang, k=charts.whole(figures.min_group)))
        return
    st.dataframe(item_table(largest, survey, labels, lang), hide_index=True)
    shown = [g for g in figures.items if not g.suppressed]
    with st.expander(t("youth.items_all", lang)):
        st.dataframe(item_table(shown, survey, labels, lang), hide_index=True)


def show_panel(
    panel: PanelComparison, survey: Survey, labels: dict[str, str], k: int, lang: str
) -> None:
    """Panel members against the other young employees, or why it is hidden."""
    if panel.suppressed:
        st.info(t(f"youth.hidden.{panel.reason}", lang, k=k))
        return
    st.caption(panel_caption(panel, survey, lang))
    members, others = t("youth.panel_members", lang), t("youth.panel_others", lang)
    st.markdown(bullets(sentences(panel.rows, labels, members, others, lang)))
    with st.expander(t("youth.stats", lang)):
        st.dataframe(panel_table(panel, labels, lang), hide_index=True)


def show_trend(trend: GapTrend, labels: dict[str, str], target: float, lang: str) -> None:
    """Both groups' index across waves, the change sentences and the last change's table."""
    youth_name, rest_name = t("youth.col.youth", lang), t("youth.col.rest", lang)
    lines = trend_lines(trend, youth_name, rest_name, lang)
    wave_title, group_title = t("render.wave", lang), t("render.group", lang)
    chart = gap_chart(
        lines,
        target,
        score_title=t("render.section_index", lang),
        wave_title=wave_title,
        group_title=group_title,
        target_label=_target_label(target, lang),
    )
    columns = {"wave": wave_title, "group": group_title, "text": t("render.section_index", lang)}
    shown = not lines.empty
    where = lines.assign(where=lines["group"] + " (" + lines["wave"] + ")") if shown else lines
    summary = style.chart_summary(t("youth.trend", lang), where, label="where")
    style.chart(chart, summary, style.chart_table(lines, columns) if shown else None)
    if not trend.changes:
        st.caption(t("youth.trend_one", lang))
    for line in change_sentences(trend, lang):
        st.markdown(line)
    last = next((c for c in reversed(trend.changes) if not c.suppressed), None)
    if last is not None:
        title = t("youth.change.dimensions", lang, before=last.wave_before, after=last.wave_after)
        with st.expander(title):
            st.caption(t("youth.trend_method", lang))
            st.dataframe(change_table(last.rows, labels, lang), hide_index=True)


def _target_label(target: float, lang: str) -> str:
    return t("dash.target_rule", lang, target=charts.number(target, 0))


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


def show_participation(share: Participation | None, lang: str) -> None:
    """Response rates of the young and of everyone, when the headcount by age is known."""
    if share is None:
        st.info(t("youth.participation_unknown", lang))
        return
    first, second = st.columns(2)
    for column, key, rate, n, headcount in (
        (first, "participation", share.youth_rate, share.youth_respondents, share.youth_headcount),
        (second, "participation_all", share.rate, share.respondents, share.headcount),
    ):
        column.metric(t(f"youth.{key}", lang), charts.percent(rate))
        counts = {"n": charts.whole(n), "headcount": charts.whole(headcount)}
        column.caption(t(f"youth.{key}_value", lang, **counts))
    st.caption(t("youth.participation_note", lang))


def show_comments(found: CommentList, survey: Survey, k: int, side: str, lang: str) -> None:
    """A shown comment list (`scoring.comments`), one expander per comment question."""
    for comment in survey.comments:
        texts = found.texts.get(comment.id, ())
        count = t("youth.comments_count", lang, count=len(texts))
        with st.expander(f"{comment.text.get(lang)} · {count}"):
            if not texts:
                st.caption(t("youth.comments_none", lang))
            comment_view.show_themes(texts, k, key=f"youth_themes_{side}_{comment.id}")
            for text in texts:
                with st.container(border=True):
                    # st.text shows the characters as written: no Markdown, HTML or links.
                    st.text(text)


def show_downloads(
    src: analysis.Source,
    user: str,
    page: PageFigures,
    comparison: YouthComparison,
    survey: Survey,
    lang: str,
) -> None:
    """The page's figures as a workbook and as CSV, each made and audited when clicked."""
    wave = page.figures.wave
    detail = {"page": "youth", "wave": wave}
    left, right = st.columns(2)
    for column, kind, write, mime in (
        (left, "xlsx", workbook, export.XLSX_MIME),
        (right, "csv", csv_bytes, export.CSV_MIME),
    ):

        def make(write: Callable[[Mapping[str, Table]], bytes] = write) -> bytes:
            return write(sections(page, comparison, survey, lang))

        column.download_button(
            t(f"youth.download_{kind}"),
            data=export.deferred(src.url, user, f"export.{kind}", detail, make),
            file_name=export.file_name("youth", wave, kind),
            mime=mime,
            on_click="ignore",
            icon=":material/download:",
        )


# ---------------------------------------------------------------- charts


def _scale(values: Iterable[object], target: float) -> alt.Scale:
    """Up to 100, from a round ten below the lowest figure or the target (never below 0)."""
    finite = [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]
    low = min([*finite, target])
    return alt.Scale(domain=[max(0.0, math.floor((low - 10) / 10) * 10), 100], nice=False)


def _group_color(groups: Sequence[str], title: str) -> alt.Color:
    """The young in the priority orange, the rest in the primary blue; the legend below."""
    palette = [charts.PALETTE["priority"], charts.PALETTE["primary"]]
    scale = alt.Scale(domain=list(groups), range=palette[: len(groups)])
    return alt.Color(
        "group:N", title=title, scale=scale, sort=list(groups), legend=alt.Legend(orient="bottom")
    )


def dumbbell(
    data: pd.DataFrame, target: float, *, score_title: str, group_title: str, target_label: str
) -> alt.LayerChart:
    """Two groups side by side on every measure: a dot each, joined by a line.

    ``data`` columns: ``label`` (measure), ``group`` (the two group names, the
    young first), ``score`` and ``text`` (the score as displayed). The target
    is the dashed red rule of every chart of scores.
    """
    order = list(dict.fromkeys(data["label"]))
    groups = list(dict.fromkeys(data["group"]))
    spans = data.groupby("label", sort=False)["score"].agg(["min", "max"]).reset_index()
    scale = _scale(data["score"], target)
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    lines = (
        alt.Chart(spans)
        .mark_rule(color=charts.PALETTE["muted"], strokeWidth=4)
        .encode(y=y, x=alt.X("min:Q", title=score_title, scale=scale), x2="max:Q")
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=160, opacity=1)
        .encode(
            y=y,
            x=alt.X("score:Q", scale=scale),
            color=_group_color(groups, group_title),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("text:N", title=score_title),
            ],
        )
    )
    # Streamlit fits the whole chart, axis and legend included, into the height.
    return alt.layer(lines, dots, charts.target_rule(target, "x", target_label)).properties(
        width="container", height=120 + 40 * len(order)
    )


def gap_chart(
    data: pd.DataFrame,
    target: float,
    *,
    score_title: str,
    wave_title: str,
    group_title: str,
    target_label: str,
) -> alt.LayerChart:
    """Each group's index across waves, one line per group, and the target.

    ``data`` columns: ``wave``, ``group``, ``score`` (None for a hidden wave)
    and ``text``.
    """
    waves = list(dict.fromkeys(data["wave"]))
    groups = list(dict.fromkeys(data["group"]))
    x = charts.wave_axis(waves, wave_title)
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("score:Q", title=score_title, scale=_scale(data["score"], target)),
            color=_group_color(groups, group_title),
            tooltip=[
                alt.Tooltip("wave:O", title=wave_title),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("text:N", title=score_title),
            ],
        )
    )
    return alt.layer(lines, charts.target_rule(target, "y", target_label)).properties(
        width="container", height=300
    )


# ---------------------------------------------------------------- export


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
    """The page's figures as tables by title (`scoring.render.Table`), in the page's order,
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
