"""Breakdowns: the index and every dimension by the groups of one demographic."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from survey import analysis, charts, dashboard_view, page
from survey.i18n import t

run = page.start("hr")
lang, src, survey = run.lang, run.src, run.survey

dashboard_view.page_title(
    src, title=t("dash.breakdowns.title"), caption=t("dash.breakdowns.caption")
)
left, middle, right = st.columns(3)
with left:
    wave = dashboard_view.select_wave(src, t("render.wave"), key="breakdowns_wave")
if wave is None:
    st.info(t("dash.no_closed_wave"))
    st.stop()
names = {d.id: d.label.get(lang) for d in survey.demographics}
with middle:
    by = st.selectbox(
        t("dash.breakdowns.by"), list(names), format_func=names.__getitem__, key="breakdowns_by"
    )
with right:
    filter = dashboard_view.select_filter(
        survey,
        lang,
        label=t("dash.filter"),
        none_label=t("dash.filter_none"),
        option_label=t("dash.filter_option"),
        key="breakdowns_filter",
        exclude=(by,),
    )

view = analysis.report(src, wave, by=(by,), filter=filter)
report = view.report
detail = {"page": "breakdowns", "wave": wave, "by": by, "filter": list(filter) if filter else None}
analysis.audit_once(run.store, run.user.name, "report.view", detail)
marker = t("dash.suppressed_cell", k=report.min_group)
if report.suppressed:
    st.warning(t("dash.suppressed_view", k=report.min_group))
    st.caption(t("dash.privacy_note", k=report.min_group))
    st.stop()

demographic = survey.demographic(by)
option_names = {o.id: o.label.get(lang) for o in demographic.options}
measures = [("index", t("render.section_index"))] + [
    (d.id, d.label.get(lang)) for d in survey.dimensions
]
groups = report.breakdowns[by]


def group_name(group: str | None) -> str:
    return t("render.no_answer") if group is None else option_names[group]


cells = []
for row in groups:
    for measure_id, measure_name in measures:
        score = None
        if not row.suppressed:
            score = row.index if measure_id == "index" else row.dimensions.get(measure_id)
        cells.append(
            {
                "group": group_name(row.group),
                "measure": measure_name,
                "score": score,
                "text": marker if row.suppressed else charts.number(score),
            }
        )

st.subheader(t("dash.breakdowns.heatmap", demographic=names[by]))
st.caption(t("dash.breakdowns.heatmap_caption", target=charts.number(survey.target, 0)))
grid = pd.DataFrame(cells)
# The table right under the chart holds its figures, hidden groups as the marker.
page.named_chart(
    grid,
    grid["group"] + " · " + grid["measure"],
    lambda rows: charts.heatmap(
        rows,
        float(survey.target),
        group_title=names[by],
        measure_title=t("render.comparison"),
        score_title=t("render.score"),
    ),
    t("dash.breakdowns.heatmap", demographic=names[by]),
)

table = pd.DataFrame(
    [
        [group_name(row.group), marker] + [marker] * len(measures)
        if row.suppressed
        else [group_name(row.group), charts.whole(row.n), charts.number(row.index)]
        + [charts.number(row.dimensions.get(d.id)) for d in survey.dimensions]
        for row in groups
    ],
    columns=[names[by], t("render.respondents"), *(name for _, name in measures)],
)
st.dataframe(table, hide_index=True)
st.caption(t("dash.privacy_note", k=report.min_group))

dashboard_view.show_change(src, wave, filter)

run.sheet_download(report, sheet="breakdowns", stem=f"by-{by}", wave=wave, detail=detail)
