"""The overview page's pieces: the headline figures, the dimension and gap charts, downloads.

The figures are the wave's `scoring.report.Report` as built, the verdict on the
target `scoring.index.below_target`'s; this module words, tabulates and lays
them out.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from scoring.index import below_target
from scoring.questionnaire import Survey
from scoring.report import Report
from survey import analysis, charts, export, pdf_report, style
from survey.headcounts import headcount_for
from survey.i18n import t
from survey.page import PageRun, WaveView
from survey.plans import list_plans, plans_table

__all__ = [
    "dimension_rows",
    "figure_table",
    "gap_rows",
    "show_charts",
    "show_downloads",
    "show_headline",
    "target_words",
    "trend_headcounts",
]


def target_words(report: Report) -> str:
    """The i18n key of the sentence under the gap: reached, or how surely below the target."""
    index = report.index
    below = below_target(index.gap, index.p_below_target)
    return "dash.p_not_below" if below == "reached" else f"dash.p_below_{below}"


def show_headline(wv: WaveView) -> None:
    """Four figures side by side: the index, the gap to the target, respondents, eNPS."""
    report, index, view = wv.report, wv.report.index, wv.view
    points = t("dash.points", value=charts.number(index.score))
    first, second, third, fourth = st.columns(4)
    first.metric(t("dash.index_label", wave=wv.wave), points, help=t("dash.index_help"))
    first.caption(t("dash.ci", low=charts.number(index.ci_low), high=charts.number(index.ci_high)))
    if index.gap > 0:
        gap = t("dash.gap_value", gap=charts.number(index.gap))
    else:
        gap = t("dash.gap_reached", gap=charts.number(-index.gap))
    second.metric(t("dash.gap_label", target=charts.number(index.target, 0)), gap)
    second.caption(t(target_words(report), p=charts.p_value(index.p_below_target)))
    third.metric(t("render.respondents"), t("dash.people", n=charts.whole(report.respondents)))
    if view.participation is not None:
        third.caption(
            t(
                "dash.participation",
                rate=charts.percent(view.participation),
                headcount=charts.whole(view.headcount),
            )
        )
    elif view.headcount_conflict:
        third.caption(t("dash.headcount_conflict"))
    else:
        third.caption(t("dash.participation_unknown"))
    fourth.metric(t("dash.enps"), charts.number(report.enps), help=t("dash.enps_help"))
    fourth.caption(t("dash.enps_caption"))


def dimension_rows(report: Report, labels: Mapping[str, str]) -> pd.DataFrame:
    """The dimension chart's rows: score, interval and the figure shown (or the marker)."""
    return pd.DataFrame(
        {
            "label": [labels[d.id] for d in report.dimensions],
            "score": [d.score for d in report.dimensions],
            "ci_low": [d.ci_low for d in report.dimensions],
            "ci_high": [d.ci_high for d in report.dimensions],
            "text": [
                t("dash.suppressed_cell", k=report.min_group)
                if d.suppressed
                else charts.number(d.score)
                for d in report.dimensions
            ],
        }
    )


def gap_rows(report: Report, labels: Mapping[str, str]) -> pd.DataFrame:
    """The gap chart's rows: each dimension's contribution to the gap."""
    gaps = report.gap_by_dimension
    return pd.DataFrame(
        {
            "label": [labels[g.id] for g in gaps],
            "contribution": [g.contribution for g in gaps],
            "text": [charts.signed(g.contribution) for g in gaps],
        }
    )


def figure_table(report: Report, labels: Mapping[str, str]) -> pd.DataFrame:
    """Both charts' figures as one table: weight, score, interval and contribution."""
    gaps = report.gap_by_dimension
    return pd.DataFrame(
        {
            t("render.dimension"): [labels[g.id] for g in gaps],
            t("render.weight"): [charts.number(g.weight, 2) for g in gaps],
            t("render.score"): [charts.number(d.score) for d in report.dimensions],
            t("render.ci"): [
                t("dash.range", low=charts.number(d.ci_low), high=charts.number(d.ci_high))
                for d in report.dimensions
            ],
            t("dash.col.contribution"): [charts.number(g.contribution) for g in gaps],
        }
    )


def show_charts(report: Report, labels: Mapping[str, str]) -> None:
    """The dimensions against the target, the gap by dimension, and their table."""
    index = report.index
    target_label = t("dash.target_rule", target=charts.number(index.target, 0))
    st.subheader(t("dash.overview.dimensions"))
    st.caption(t("dash.overview.dimensions_caption"))
    dimensions = dimension_rows(report, labels)
    # The table after the gap chart holds both charts' figures.
    style.chart(
        charts.score_bars(
            dimensions, index.target, score_title=t("render.score"), target_label=target_label
        ),
        style.chart_summary(t("dash.overview.dimensions"), dimensions),
    )
    st.subheader(t("dash.overview.gap"))
    st.caption(t("dash.overview.gap_caption", gap=charts.number(index.gap)))
    gaps = gap_rows(report, labels)
    style.chart(
        charts.gap_waterfall(
            gaps,
            index.score,
            index.target,
            score_title=t("render.score"),
            target_label=target_label,
            index_label=t("dash.index_now", score=charts.number(index.score)),
        ),
        style.chart_summary(t("dash.overview.gap"), gaps, value="contribution"),
    )
    with st.expander(t("youth.as_table")):
        st.dataframe(figure_table(report, labels), hide_index=True)


def trend_headcounts(survey: Survey, src: analysis.Source, wave: str) -> dict[str, int]:
    """The recorded headcounts of the closed waves before ``wave``, for the board's trend."""
    return {
        name: n
        for name in _up_to(src, wave)
        if name != wave and (n := headcount_for(survey, src.wave(name), None)) is not None
    }


def _up_to(src: analysis.Source, wave: str) -> list[str]:
    closed = list(src.closed)
    return closed[: closed.index(wave) + 1]


def show_downloads(run: PageRun, wv: WaveView) -> None:
    """HR's downloads of the whole wave: the workbook and the board's PDF, built on the click."""
    src, survey, lang, store, wave = run.src, run.survey, run.lang, run.store, wv.wave
    full = analysis.report(
        src, wave, by=[d.id for d in survey.demographics], youth=survey.youth is not None
    ).report
    st.download_button(
        t("dash.download_workbook"),
        data=export.deferred(
            src.url,
            run.user.name,
            "export.xlsx",
            wv.detail,
            lambda: export.workbook(full, survey, lang, plans_table(list_plans(store, wave), lang)),
        ),
        file_name=export.file_name("report", wave, "xlsx"),
        mime=export.XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(t("dash.download_workbook_caption"))
    upto = _up_to(src, wave)
    data = analysis.frame(src)
    headcounts = trend_headcounts(survey, src, wave)
    st.download_button(
        t("pdf.download"),
        data=export.deferred(
            src.url,
            run.user.name,
            "report.pdf",
            {**wv.detail, "audience": "board", "lang": lang},
            lambda: (
                pdf_report.board_pdf(
                    survey,
                    data[data["wave"].isin(upto)],
                    wave,
                    lang=lang,
                    headcount=wv.view.headcount,
                    trend_headcounts=headcounts,
                    # Read on the click, like the workbook's plans: not on every run.
                    plans=pdf_report.plan_lines(list_plans(store, wave), survey, lang),
                ).data
            ),
        ),
        file_name=export.file_name("board", wave, "pdf"),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
    )
    st.caption(t("pdf.download_caption"))
