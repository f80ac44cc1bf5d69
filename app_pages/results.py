"""Published results: what every employee may read of a closed wave, without signing in.

Whole-wave figures only (the report without breakdowns, filters or the youth
split), no comment, and only for waves HR published (`survey.plans`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import display, plain
from survey import analysis, plans
from survey.i18n import current_lang, t

lang = current_lang()
store, src = analysis.page_source(lang)
survey = analysis.survey(src)

st.title(t("results.title"))
st.caption(t("results.caption"))
with_data = set(analysis.waves_with_data(src))
published = [w for w in plans.published_waves(store) if w in with_data]
if not published:
    st.info(t("results.none"))
    st.stop()
# The latest wave that may be shown as a whole opens first.
shown_first = max(
    (i for i, name in enumerate(published) if not analysis.report(src, name).report.suppressed),
    default=len(published) - 1,
)
wave = st.selectbox(t("plans.wave"), published, index=shown_first, key="results_wave")
report = analysis.report(src, wave).report
if report.suppressed or report.index is None:
    st.warning(t("results.few"))
    st.stop()

index = report.index
st.subheader(t("results.index"))
st.metric(t("results.index"), display.number(index.score), display.signed(-index.gap))
st.markdown(plain.target(index.score, index.target, lang))
st.caption(
    t(
        "results.index_caption",
        n=display.whole(report.n),
        low=display.number(index.ci_low),
        high=display.number(index.ci_high),
    )
)

labels = {d.id: d.label.get(lang) for d in survey.dimensions}
st.subheader(t("results.dimensions"))
st.dataframe(
    pd.DataFrame(
        {
            t("results.col.dimension"): [labels[d.id] for d in report.dimensions],
            t("results.col.score"): [display.number(d.score) for d in report.dimensions],
        }
    ),
    hide_index=True,
)

item_text = {
    i.id: t("youth.reverse_label", text=i.text.get(lang)) if i.reverse else i.text.get(lang)
    for i in survey.items
}
shown = sorted(
    (i for i in report.items if not i.suppressed and display.finite(i.score)),
    key=lambda i: (-i.score, i.id),
)


def item_table(rows: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("results.col.item"): [item_text[i.id] for i in rows],
            t("results.col.dimension"): [labels[i.dimension] for i in rows],
            t("results.col.score"): [display.number(i.score) for i in rows],
            t("results.col.favorable"): [display.percent(i.favorable_pct) for i in rows],
        }
    )


strong, weak = st.columns(2)
with strong:
    st.subheader(t("results.strengths"))
    st.caption(t("results.strengths_caption"))
    st.dataframe(item_table(shown[:3]), hide_index=True)
with weak:
    st.subheader(t("results.improve"))
    st.caption(t("results.improve_caption"))
    st.dataframe(item_table(list(reversed(shown[-3:]))), hide_index=True)

st.subheader(t("results.plans"))
approved = [p for p in plans.list_plans(store, wave) if p.approved]
if not approved:
    st.info(t("results.no_plans"))
else:

    def about(plan: plans.Plan) -> str:
        label = labels.get(plan.target) if plan.dimension else item_text.get(plan.target)
        return t(f"plans.target.{plan.target_kind}", label=label or plan.target)

    st.dataframe(
        pd.DataFrame(
            {
                t("results.col.plan"): [p.title for p in approved],
                t("results.col.target"): [about(p) for p in approved],
                t("results.col.owner"): [p.owner for p in approved],
                t("results.col.due"): [p.due.isoformat() for p in approved],
                t("results.col.status"): [t(f"plans.status.{p.status}") for p in approved],
            }
        ),
        hide_index=True,
    )

with st.expander(t("results.glossary")):
    # The page compares nothing, so only the interval needs words.
    st.markdown(plain.glossary(lang)[0])
