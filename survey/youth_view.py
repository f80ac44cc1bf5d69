"""The youth panel page's pieces: cached figures, two charts, plain words and the export.

The statistics come from `scoring.report` (the youth comparison) and
`scoring.youth` (intervals, items, the panel, the gap across waves,
participation), privacy applied there; this module caches them, words them
and lays them out. Every number of an export is one the page shows.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.styles import Font

from scoring import compare, display
from scoring.comments import CommentList
from scoring.compare import Comparison
from scoring.questionnaire import Survey
from scoring.render import neutralize
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
from survey import analysis, charts, comment_view, export
from survey.i18n import t
from survey.plain_view import markdown, sentences
from survey.store import Wave

__all__ = [
    "SIGNIFICANCE",
    "PageFigures",
    "Section",
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

_SCORE, _P, _COEF, _INT = (
    display.SCORE_FORMAT,
    display.P_FORMAT,
    display.COEF_FORMAT,
    display.INT_FORMAT,
)
_PERCENT = display.SCORE_FORMAT  # percents are numbers 0-100 under a header that says %


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
            t("youth.col.measure", lang): [labels[r.id] for r in rows],
            t("youth.col.youth", lang): [charts.number(r.mean_a) for r in rows],
            t("youth.col.rest", lang): [charts.number(r.mean_b) for r in rows],
            t("youth.col.diff", lang): [charts.signed(r.diff) for r in rows],
            t("youth.col.p_holm", lang): [_p(r, lang) for r in rows],
            t("youth.col.verdict", lang): [significance(r, lang, short=True) for r in rows],
            t("youth.col.g", lang): [charts.number(r.hedges_g, 2) for r in rows],
            t("youth.col.effect", lang): [effect_words(r.hedges_g, lang) or "–" for r in rows],
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
            t("youth.col.item", lang): [label(g.id) for g in gaps],
            t("youth.col.dimension", lang): [labels[g.dimension] for g in gaps],
            t("youth.col.youth", lang): [charts.number(g.youth) for g in gaps],
            t("youth.col.rest", lang): [charts.number(g.rest) for g in gaps],
            t("youth.col.diff", lang): [charts.signed(g.diff) for g in gaps],
            t("youth.col.fav_youth", lang): [charts.percent(g.favorable_youth) for g in gaps],
            t("youth.col.fav_rest", lang): [charts.percent(g.favorable_rest) for g in gaps],
        }
    )


def panel_table(panel: PanelComparison, labels: dict[str, str], lang: str) -> pd.DataFrame:
    """Panel members against the other young employees."""
    rows = panel.rows
    return pd.DataFrame(
        {
            t("youth.col.measure", lang): [labels[r.id] for r in rows],
            t("youth.col.members", lang): [charts.number(r.mean_a) for r in rows],
            t("youth.col.others", lang): [charts.number(r.mean_b) for r in rows],
            t("youth.col.diff", lang): [charts.signed(r.diff) for r in rows],
            t("youth.col.verdict", lang): [significance(r, lang, short=True) for r in rows],
            t("youth.col.g", lang): [charts.number(r.hedges_g, 2) for r in rows],
            t("youth.col.effect", lang): [effect_words(r.hedges_g, lang) or "–" for r in rows],
        }
    )


def trend_lines(trend: GapTrend, youth_name: str, rest_name: str, lang: str) -> pd.DataFrame:
    """The index of the young and the rest in every wave, for `gap_chart`; hidden waves empty."""
    lines = []
    for point in trend.waves:
        for group, side in ((youth_name, point.youth), (rest_name, point.rest)):
            value = None if point.suppressed else side["index"]
            text = (
                t("youth.trend_hidden", lang)
                if value is None
                else t("youth.points", lang, value=charts.number(value))
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
            t("youth.col.measure", lang): [labels[r.id] for r in rows],
            t("youth.col.gap_before", lang): [charts.signed(r.gap_before) for r in rows],
            t("youth.col.gap_after", lang): [charts.signed(r.gap_after) for r in rows],
            t("youth.col.change", lang): [charts.signed(r.change) for r in rows],
            t("youth.col.p_holm", lang): [_p(r, lang) for r in rows],
            t("youth.col.verdict", lang): [significance(r, lang, short=True) for r in rows],
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
            t(key, lang, n=charts.whole(n)), t("youth.points", lang, value=charts.number(mean))
        )
        low, high = charts.number(estimate.ci_low), charts.number(estimate.ci_high)
        column.caption(t("youth.ci", lang, low=low, high=high))
    diff_col.metric(t("youth.metric.diff", lang), charts.signed(row.diff))
    # The effect size waits in the statistics: beside "significant", "small" confuses.
    diff_col.caption(significance(row, lang))


def dumbbell_frame(comparison: YouthComparison, labels: dict[str, str], lang: str) -> pd.DataFrame:
    """The young and the rest on every measure, one row per side, for `dumbbell`."""
    youth_name, rest_name = t("youth.group.youth", lang), t("youth.group.rest", lang)
    return pd.DataFrame(
        {
            "label": labels[row.id],
            "group": group,
            "score": value,
            "text": t("youth.points", lang, value=charts.number(value)),
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


def show_participation(share: Participation | None, lang: str) -> None:
    """Response rates of the young and of everyone, when the headcount by age is known."""
    if share is None:
        st.info(t("youth.participation_unknown", lang))
        return
    first, second = st.columns(2)
    first.metric(t("youth.participation", lang), charts.percent(share.youth_rate))
    first.caption(
        t(
            "youth.participation_value",
            lang,
            n=charts.whole(share.youth_respondents),
            headcount=charts.whole(share.youth_headcount),
        )
    )
    second.metric(t("youth.participation_all", lang), charts.percent(share.rate))
    second.caption(
        t(
            "youth.participation_all_value",
            lang,
            n=charts.whole(share.respondents),
            headcount=charts.whole(share.headcount),
        )
    )
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


def show_downloads(src: analysis.Source, user: str, wave: str, parts: Sequence[Section]) -> None:
    """The page's figures as a workbook and as CSV, each download audited when it is made."""
    detail = {"page": "youth", "wave": wave}
    left, right = st.columns(2)
    for column, kind, make, mime in (
        (left, "xlsx", lambda: workbook(parts), export.XLSX_MIME),
        (right, "csv", lambda: csv_bytes(parts), export.CSV_MIME),
    ):
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


def _colors(groups: Sequence[str]) -> alt.Scale:
    palette = [charts.PALETTE["priority"], charts.PALETTE["primary"]]
    return alt.Scale(domain=list(groups), range=palette[: len(groups)])


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
            color=alt.Color(
                "group:N",
                title=group_title,
                scale=_colors(groups),
                sort=groups,
                legend=alt.Legend(orient="bottom"),
            ),
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
    x = alt.X(
        "wave:O",
        sort=waves,
        title=wave_title,
        scale=alt.Scale(domain=waves),
        axis=alt.Axis(labelAngle=0),
    )
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("score:Q", title=score_title, scale=_scale(data["score"], target)),
            color=alt.Color(
                "group:N",
                title=group_title,
                scale=_colors(groups),
                sort=groups,
                legend=alt.Legend(orient="bottom"),
            ),
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


@dataclass(frozen=True)
class Section:
    """One table of the export: a sheet of the workbook, a block of the CSV file.

    Cells are None (empty), numbers at full precision or text; ``formats``
    holds one Excel number format per column.
    """

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    formats: tuple[str | None, ...]


def _num(value: object) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def _measure_label(survey: Survey, measure: str, lang: str) -> str:
    if measure == "index":
        return t("youth.index", lang)
    return survey.dimension(measure).label.get(lang)


def _tests(row: Comparison, lang: str) -> tuple[Any, ...]:
    """p, Holm p, g, its size in words and whether tested; the marker when untested."""
    yes, no = t("youth.yes", lang), t("youth.no", lang)
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
) -> list[Section]:
    """The page's figures as tables, in the page's order (only shown figures)."""
    figures = page.figures
    k = figures.min_group
    summary = [
        (t("youth.field.wave", lang), figures.wave),
        (t("youth.field.definition", lang), definition(survey, lang)),
        (t("youth.field.min_group", lang), k),
        (t("youth.col.n_youth", lang), figures.n_youth),
        (t("youth.col.n_rest", lang), figures.n_rest),
    ]
    if page.participation is not None:
        share = page.participation
        summary += [
            (t("youth.field.youth_headcount", lang), share.youth_headcount),
            (t("youth.field.youth_rate", lang), share.youth_rate),
            (t("youth.field.headcount", lang), share.headcount),
            (t("youth.field.rate", lang), share.rate),
        ]
    out = [
        Section(
            t("youth.sheet.summary", lang),
            (t("youth.col.field", lang), t("youth.col.value", lang)),
            tuple(summary),
            (None, None),
        ),
        _comparison_section(page, comparison, survey, lang),
        _items_section(figures, survey, lang),
    ]
    if page.panel is not None:
        out.append(_panel_section(page.panel, survey, lang, k))
    out += _trend_sections(page.trend, survey, lang, k)
    return out


def _comparison_section(
    page: PageFigures, comparison: YouthComparison, survey: Survey, lang: str
) -> Section:
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
    header = (
        t("youth.col.measure", lang),
        t("youth.col.youth", lang),
        t("youth.col.youth_ci_low", lang),
        t("youth.col.youth_ci_high", lang),
        t("youth.col.rest", lang),
        t("youth.col.rest_ci_low", lang),
        t("youth.col.rest_ci_high", lang),
        t("youth.col.diff", lang),
        t("youth.col.p", lang),
        t("youth.col.p_holm", lang),
        t("youth.col.g", lang),
        t("youth.col.effect", lang),
        t("youth.col.tested", lang),
    )
    formats = (None, *(_SCORE,) * 7, _P, _P, _COEF, None, None)
    return Section(t("youth.sheet.comparison", lang), header, tuple(rows), formats)


def _items_section(figures: YouthFigures, survey: Survey, lang: str) -> Section:
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
    header = (
        t("youth.col.item_id", lang),
        t("youth.col.item", lang),
        t("youth.col.dimension", lang),
        t("youth.col.youth", lang),
        t("youth.col.rest", lang),
        t("youth.col.diff", lang),
        t("youth.col.fav_youth", lang),
        t("youth.col.fav_rest", lang),
    )
    formats = (None, None, None, _SCORE, _SCORE, _SCORE, _PERCENT, _PERCENT)
    return Section(t("youth.sheet.items", lang), header, tuple(rows), formats)


def _panel_section(panel: PanelComparison, survey: Survey, lang: str, k: int) -> Section:
    header = (
        t("youth.col.measure", lang),
        t("youth.col.members", lang),
        t("youth.col.others", lang),
        t("youth.col.diff", lang),
        t("youth.col.p", lang),
        t("youth.col.p_holm", lang),
        t("youth.col.g", lang),
        t("youth.col.effect", lang),
        t("youth.col.tested", lang),
    )
    formats = (None, _SCORE, _SCORE, _SCORE, _P, _P, _COEF, None, None)
    if panel.suppressed:
        marker = t(f"youth.hidden.{panel.reason}", lang, k=k)
        return Section(t("youth.sheet.panel", lang), header, ((marker,) + (None,) * 8,), formats)
    rows = tuple(
        (
            _measure_label(survey, row.id, lang),
            _num(row.mean_a),
            _num(row.mean_b),
            _num(row.diff),
            *_tests(row, lang),
        )
        for row in panel.rows
    )
    return Section(t("youth.sheet.panel", lang), header, rows, formats)


def _trend_sections(trend: GapTrend, survey: Survey, lang: str, k: int) -> list[Section]:
    hidden = t("youth.trend_hidden", lang)
    waves = []
    for point in trend.waves:
        if point.suppressed:
            waves.append((point.wave, hidden, None, None, None, None))
            continue
        waves.append(
            (
                point.wave,
                point.n_youth,
                point.n_rest,
                _num(point.youth["index"]),
                _num(point.rest["index"]),
                _num(point.gap()),
            )
        )
    header = (
        t("youth.col.wave", lang),
        t("youth.col.n_youth", lang),
        t("youth.col.n_rest", lang),
        t("youth.col.youth", lang),
        t("youth.col.rest", lang),
        t("youth.col.gap", lang),
    )
    out = [
        Section(
            t("youth.sheet.trend", lang),
            header,
            tuple(waves),
            (None, _INT, _INT, _SCORE, _SCORE, _SCORE),
        )
    ]
    if not trend.changes:
        return out
    yes, no = t("youth.yes", lang), t("youth.no", lang)
    rows = []
    for change in trend.changes:
        if change.suppressed:
            rows.append((change.wave_before, change.wave_after, hidden) + (None,) * 6)
            continue
        for row in change.rows:
            tests = (_num(row.p), _num(row.p_holm), yes) if row.tested else (None, None, no)
            rows.append(
                (
                    change.wave_before,
                    change.wave_after,
                    _measure_label(survey, row.id, lang),
                    _num(row.gap_before),
                    _num(row.gap_after),
                    _num(row.change),
                    *tests,
                )
            )
    header = (
        t("youth.col.before", lang),
        t("youth.col.after", lang),
        t("youth.col.measure", lang),
        t("youth.col.gap_before", lang),
        t("youth.col.gap_after", lang),
        t("youth.col.change", lang),
        t("youth.col.p", lang),
        t("youth.col.p_holm", lang),
        t("youth.col.tested", lang),
    )
    formats = (None, None, None, _SCORE, _SCORE, _SCORE, _P, _P, None)
    out.append(Section(t("youth.sheet.changes", lang), header, tuple(rows), formats))
    return out


_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def workbook(parts: Sequence[Section]) -> bytes:
    """The sections as an xlsx workbook, one sheet each; text cells neutralized."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for part in parts:
        sheet = book.create_sheet(part.title.translate(_FORBIDDEN_IN_SHEET_NAMES)[:31])
        sheet.append([neutralize(h) for h in part.header])
        for cell in sheet[1]:
            cell.font = bold
        for r, row in enumerate(part.rows, start=2):
            sheet.append([neutralize(v) for v in row])
            for cell, fmt in zip(sheet[r], part.formats, strict=True):
                if fmt is not None and _num(cell.value) is not None:
                    cell.number_format = fmt
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(parts: Sequence[Section]) -> bytes:
    """The sections one after another in one CSV file (UTF-8 with BOM, formulas neutralized):
    a title line, the header, the rows, a blank line."""
    rows: list[Sequence[Any]] = []
    for part in parts:
        rows += [(part.title,), part.header, *part.rows, ()]
    return export.rows_csv(rows)
