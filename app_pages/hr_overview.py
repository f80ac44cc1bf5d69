"""Overview: where the wave's culture index stands against the target."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import plain
from scoring.index import below_target
from survey import analysis, charts, export, pdf_report, session, style
from survey.headcounts import headcount_for
from survey.i18n import current_lang, t
from survey.plans import list_plans, plans_table

user = session.require_role("hr", "youth_panel")
lang = current_lang()
store, src = analysis.page_source(lang)
survey = analysis.survey(src)

wave, _ = analysis.page_header(
    src,
    survey,
    lang,
    title=t("dash.overview.title"),
    caption=t("dash.overview.caption"),
    key="overview",
    with_filter=False,
)

view = analysis.report(src, wave)
report = view.report
analysis.audit_once(store, user.name, "report.view", {"page": "overview", "wave": wave})
if report.suppressed:
    st.warning(t("dash.suppressed_view", k=report.min_group))
    st.stop()

index = report.index
st.markdown(plain.target(index.score, index.target, lang))
points = t("dash.points", value=charts.number(index.score))
first, second, third, fourth = st.columns(4)
first.metric(t("dash.index_label", wave=wave), points, help=t("dash.index_help"))
first.caption(t("dash.ci", low=charts.number(index.ci_low), high=charts.number(index.ci_high)))
if index.gap > 0:
    second.metric(
        t("dash.gap_label", target=charts.number(index.target, 0)),
        t("dash.gap_value", gap=charts.number(index.gap)),
    )
else:
    second.metric(
        t("dash.gap_label", target=charts.number(index.target, 0)),
        t("dash.gap_reached", gap=charts.number(-index.gap)),
    )
below = below_target(index.gap, index.p_below_target)
words = "dash.p_not_below" if below == "reached" else f"dash.p_below_{below}"
second.caption(t(words, p=charts.p_value(index.p_below_target)))
third.metric(t("dash.respondents"), t("dash.people", n=charts.whole(report.respondents)))
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

labels = {d.id: d.label.get(lang) for d in survey.dimensions}
target_label = t("dash.target_rule", target=charts.number(index.target, 0))

st.subheader(t("dash.overview.dimensions"))
st.caption(t("dash.overview.dimensions_caption"))
dimension_rows = pd.DataFrame(
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
# The table after the gap chart holds both charts' figures.
style.chart(
    charts.score_bars(
        dimension_rows, index.target, score_title=t("dash.score"), target_label=target_label
    ),
    style.chart_summary(t("dash.overview.dimensions"), dimension_rows),
)

st.subheader(t("dash.overview.gap"))
st.caption(t("dash.overview.gap_caption", gap=charts.number(index.gap)))
gap_rows = pd.DataFrame(
    {
        "label": [labels[g.id] for g in report.gap_by_dimension],
        "contribution": [g.contribution for g in report.gap_by_dimension],
        "text": [charts.signed(g.contribution) for g in report.gap_by_dimension],
    }
)
style.chart(
    charts.gap_waterfall(
        gap_rows,
        index.score,
        index.target,
        score_title=t("dash.score"),
        target_label=target_label,
        index_label=t("dash.index_now", score=charts.number(index.score)),
    ),
    style.chart_summary(t("dash.overview.gap"), gap_rows, value="contribution"),
)

table = pd.DataFrame(
    {
        t("dash.col.dimension"): [labels[g.id] for g in report.gap_by_dimension],
        t("dash.col.weight"): [charts.number(g.weight, 2) for g in report.gap_by_dimension],
        t("dash.col.score"): [charts.number(d.score) for d in report.dimensions],
        t("dash.col.ci"): [
            t("dash.range", low=charts.number(d.ci_low), high=charts.number(d.ci_high))
            for d in report.dimensions
        ],
        t("dash.col.contribution"): [
            charts.number(g.contribution) for g in report.gap_by_dimension
        ],
    }
)
with st.expander(t("dash.as_table")):
    st.dataframe(table, hide_index=True)

analysis.show_change(src, wave)

st.subheader(t("dash.downloads"))
detail = {"page": "overview", "wave": wave}
if user.role == "hr":
    full = analysis.report(
        src, wave, by=[d.id for d in survey.demographics], youth=survey.youth is not None
    ).report
    st.download_button(
        t("dash.download_workbook"),
        data=export.deferred(
            src.url,
            user.name,
            "export.xlsx",
            detail,
            lambda: export.workbook(full, survey, lang, plans_table(list_plans(store, wave), lang)),
        ),
        file_name=export.file_name("report", wave, "xlsx"),
        mime=export.XLSX_MIME,
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption(t("dash.download_workbook_caption"))
    upto = list(src.closed)[: list(src.closed).index(wave) + 1]
    data = analysis.frame(src)
    trend_headcounts = {
        name: n
        for name in upto
        if name != wave and (n := headcount_for(survey, src.wave(name), None)) is not None
    }
    st.download_button(
        t("pdf.download"),
        data=export.deferred(
            src.url,
            user.name,
            "report.pdf",
            {**detail, "audience": "board", "lang": lang},
            lambda: (
                pdf_report.board_pdf(
                    survey,
                    data[data["wave"].isin(upto)],
                    wave,
                    lang=lang,
                    headcount=view.headcount,
                    trend_headcounts=trend_headcounts,
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
analysis.sheet_download(
    src,
    user.name,
    report,
    survey,
    lang,
    sheet="overview",
    stem="overview",
    wave=wave,
    detail={**detail, "sheet": "overview"},
)
