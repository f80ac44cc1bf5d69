"""Overview: where the wave's culture index stands against the target."""

from __future__ import annotations

import streamlit as st

from scoring import plain
from survey import dashboard_view, overview_view, page
from survey.i18n import t

run = page.start("hr", "youth_panel")
shown = page.wave_view(
    run,
    page="overview",
    title=t("dash.overview.title"),
    caption=t("dash.overview.caption"),
    with_filter=False,
)
report = shown.report

st.markdown(plain.target(report.index.score, report.index.target, run.lang))
overview_view.show_headline(shown)
overview_view.show_charts(report, {d.id: d.label.get(run.lang) for d in run.survey.dimensions})

dashboard_view.show_change(run.src, shown.wave)

st.subheader(t("dash.downloads"))
if run.user.role == "hr":
    overview_view.show_downloads(run, shown)
run.sheet_download(
    report,
    sheet="overview",
    stem="overview",
    wave=shown.wave,
    detail={**shown.detail, "sheet": "overview"},
)
