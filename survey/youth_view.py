"""The youth panel page's sections: its figures cached, and each part of the page shown.

The words come from `survey.youth_words`, the charts from `survey.youth_charts`
and the downloads' tables from `survey.youth_export`; this module caches the
figures and lays them out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from scoring import plain
from scoring.comments import CommentList
from scoring.questionnaire import Survey
from scoring.report import YouthComparison
from scoring.tables import Table
from scoring.youth import (
    GapTrend,
    PanelComparison,
    Participation,
    YouthFigures,
    gap_trend,
    panel_comparison,
    participation,
    youth_figures,
)
from survey import analysis, charts, comment_view, export, style
from survey.i18n import t
from survey.plain_view import bullets, markdown, sentences
from survey.youth_charts import dumbbell, gap_chart
from survey.youth_export import csv_bytes, sections, workbook
from survey.youth_words import (
    PageFigures,
    change_sentences,
    change_table,
    comparison_table,
    dumbbell_frame,
    item_table,
    panel_caption,
    panel_table,
    significance,
    trend_lines,
)

__all__ = [
    "markdown",
    "page_figures",
    "sentences",
    "show_comments",
    "show_dimensions",
    "show_downloads",
    "show_headline",
    "show_items",
    "show_panel",
    "show_participation",
    "show_trend",
]


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
