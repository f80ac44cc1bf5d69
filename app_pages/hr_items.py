"""Items: how every question was answered, the strongest and weakest, and the drivers."""

from __future__ import annotations

import streamlit as st

from scoring.report import ranked_items
from survey import analysis, dashboard_view, items_view, page
from survey.i18n import t

run = page.start("hr")
shown = page.wave_view(
    run, page="items", title=t("dash.items.title"), caption=t("dash.items.caption")
)
report = shown.report
labels = items_view.item_labels(run.survey, run.lang)

ranked = ranked_items(report)
st.subheader(t("dash.items.extremes"))
st.caption(t("dash.items.extremes_caption"))
st.markdown(f"**{t('dash.items.strongest')}**")
st.dataframe(items_view.summary_table(ranked[:5], labels), hide_index=True)
st.markdown(f"**{t('dash.items.weakest')}**")
st.dataframe(items_view.summary_table(list(reversed(ranked[-5:])), labels), hide_index=True)

st.subheader(t("dash.items.distribution"))
st.caption(t("dash.items.distribution_caption"))
counted = {d.item: d for d in analysis.distributions(run.src, shown.wave, shown.filter) or ()}
items_view.show_distributions(run.survey, counted, labels, run.lang)

with st.expander(t("dash.items.all")):
    st.dataframe(items_view.all_items_table(report, labels, run.survey, run.lang), hide_index=True)

st.subheader(t("dash.items.drivers"))
items_view.show_drivers(report, labels, float(run.survey.target))

dashboard_view.show_change(run.src, shown.wave, shown.filter)

run.sheet_download(report, sheet="items", stem="items", wave=shown.wave, detail=shown.detail)
