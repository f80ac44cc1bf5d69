"""Reliability: whether each dimension's items measure one thing (Cronbach's alpha)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import reliability
from survey import charts, items_view, page, style
from survey.i18n import t

run = page.start("hr")
report = page.wave_view(
    run,
    page="reliability",
    title=t("pdf.s.reliability"),
    caption=t("dash.reliability.caption"),
    with_filter=False,
    open_note=None,
).report

names = {d.id: d.label.get(run.lang) for d in run.survey.dimensions}
item_text = items_view.item_labels(run.survey, run.lang)
flag = charts.number(charts.ALPHA_FLAG, 1)
is_low = reliability.alpha_is_low

st.subheader(t("dash.reliability.alpha"))
st.caption(t("dash.reliability.alpha_caption", flag=flag))
alphas = pd.DataFrame(
    {
        "label": [names[d.id] for d in report.dimensions],
        "alpha": [d.alpha for d in report.dimensions],
        "ci_low": [d.alpha_ci[0] for d in report.dimensions],
        "ci_high": [d.alpha_ci[1] for d in report.dimensions],
        "text": [charts.number(d.alpha, 2) for d in report.dimensions],
        "flag": [is_low(d.alpha) for d in report.dimensions],
    }
)
# The table right under the chart holds its figures.
style.chart(
    charts.alpha_chart(alphas, alpha_title=t("render.alpha"), flag_label=flag),
    style.chart_summary(t("dash.reliability.alpha"), alphas, value="alpha"),
)
st.dataframe(
    pd.DataFrame(
        {
            t("render.dimension"): [names[d.id] for d in report.dimensions],
            t("render.alpha"): [charts.number(d.alpha, 2) for d in report.dimensions],
            t("render.ci"): [
                t(
                    "dash.range",
                    low=charts.number(d.alpha_ci[0], 2),
                    high=charts.number(d.alpha_ci[1], 2),
                )
                for d in report.dimensions
            ],
            t("dash.col.verdict"): [
                t("dash.reliability.low", flag=flag)
                if is_low(d.alpha)
                else t("dash.reliability.ok")
                for d in report.dimensions
            ],
        }
    ),
    hide_index=True,
)
low = [names[d.id] for d in report.dimensions if is_low(d.alpha)]
if low:
    st.warning(t("dash.reliability.low_note", dimensions=", ".join(low), flag=flag))

st.subheader(t("dash.reliability.items"))
st.caption(t("dash.reliability.items_caption"))
alpha_of = {d.id: d.alpha for d in report.dimensions}
for dimension in run.survey.dimensions:
    items = [i for i in report.items if i.dimension == dimension.id]
    with st.expander(
        t(
            "dash.reliability.dimension_line",
            dimension=names[dimension.id],
            alpha=charts.number(alpha_of.get(dimension.id), 2),
        )
    ):
        st.dataframe(
            pd.DataFrame(
                {
                    t("render.item"): [item_text[i.id] for i in items],
                    t("render.item_total_r"): [charts.number(i.item_total_r, 2) for i in items],
                    t("render.alpha_if_deleted"): [
                        charts.number(i.alpha_if_deleted, 2) for i in items
                    ],
                    t("dash.col.verdict"): [
                        t("dash.reliability.raises")
                        if reliability.raises_alpha(i.alpha_if_deleted, alpha_of[dimension.id])
                        else ""
                        for i in items
                    ],
                }
            ),
            hide_index=True,
        )
