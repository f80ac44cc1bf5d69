"""Trends: the index and the dimensions across waves, each change tested, the way to the target."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.index import outlook_text
from survey import analysis, charts, dashboard_view, page, style
from survey.i18n import t

run = page.start("hr")
lang, src, survey = run.lang, run.src, run.survey

dashboard_view.page_title(src, title=t("dash.trends.title"), caption=t("dash.trends.caption"))
waves = analysis.waves_with_data(src)
if not waves:
    st.info(t("dash.no_closed_wave"))
    st.stop()

latest = analysis.report(src, waves[-1]).report
analysis.audit_once(
    run.store, run.user.name, "report.view", {"page": "trends", "waves": list(waves)}
)
target = float(survey.target)
marker = t("dash.suppressed_cell", k=latest.min_group)
target_label = t("dash.target_rule", target=charts.number(target, 0))
labels = {d.id: d.label.get(lang) for d in survey.dimensions}

st.subheader(t("dash.trends.index"))
st.caption(t("dash.trends.index_caption"))
points = charts.trend_points(latest, marker)
# Three years of half-year waves ahead at most: a farther target wave is named in words.
projection = charts.projection_frame(latest)
# The table at the foot of the page ("표로 보기") holds every wave's figures.
style.chart(
    charts.trend_chart(
        points,
        target,
        score_title=t("render.section_index"),
        wave_title=t("render.wave"),
        target_label=target_label,
        projection=projection,
    ),
    style.chart_summary(t("dash.trends.index"), points, label="wave", over="ends"),
)
kind, sentence = outlook_text(latest.projection, [p.wave for p in latest.trend], lang)
{"reached": st.success, "never": st.warning}.get(kind, st.info)(sentence)

st.subheader(t("dash.trends.changes"))
dashboard_view.show_changes(src, analysis.changes(src))

st.subheader(t("dash.trends.dimensions"))
st.caption(t("dash.trends.dimensions_caption"))
cells = []
for wave in waves:
    wave_report = analysis.report(src, wave).report
    for d in wave_report.dimensions:
        cells.append(
            {
                "dimension": labels[d.id],
                "wave": wave,
                "score": d.score,
                "ci_low": d.ci_low,
                "ci_high": d.ci_high,
                "text": charts.number(d.score),
            }
        )
if cells:
    trends = pd.DataFrame(cells)
    page.named_chart(
        trends,
        trends["dimension"] + " (" + trends["wave"] + ")",
        lambda rows: charts.dimension_trends(
            rows, target, score_title=t("render.score"), wave_title=t("render.wave")
        ),
        t("dash.trends.dimensions"),
    )

with st.expander(t("youth.as_table")):
    table_rows = []
    for p in latest.trend:
        if p.suppressed:
            table_rows.append([p.wave, marker, marker, marker] + [marker] * len(labels))
            continue
        table_rows.append(
            [
                p.wave,
                charts.whole(p.n),
                charts.number(p.index),
                t("dash.range", low=charts.number(p.ci_low), high=charts.number(p.ci_high)),
                *(charts.number(p.dimensions.get(d)) for d in labels),
            ]
        )
    trend_table = pd.DataFrame(
        table_rows,
        columns=[
            t("render.wave"),
            t("render.respondents"),
            t("render.section_index"),
            t("render.ci"),
            *labels.values(),
        ],
    )
    st.dataframe(trend_table, hide_index=True)

run.sheet_download(
    latest,
    sheet="trend",
    stem="trend",
    wave=waves[-1],
    detail={"page": "trends", "sheet": "trend"},
)
