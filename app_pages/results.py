"""Published results: what every employee may read of a closed wave, without signing in.

Whole-wave figures only (the report without breakdowns, filters or the youth
split), no comment, and only for waves HR published (`survey.plans`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import display, plain
from scoring.report import ranked_items
from survey import analysis, dashboard_view, plain_view, plans, plans_view
from survey.i18n import current_lang, t

lang = current_lang()
store, src = dashboard_view.page_source(lang)
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
wave = st.selectbox(t("render.wave"), published, index=shown_first, key="results_wave")
report = analysis.report(src, wave).report
if report.suppressed or report.index is None:
    st.warning(t("results.few"))
    st.stop()

index = report.index
st.subheader(t("render.section_index"))
# No arrow: a red "-31.2" without words reads as a fall; the sentence says what it is.
st.metric(
    t("results.index_metric", target=display.number(index.target, 0)), display.number(index.score)
)
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
            t("render.dimension"): [labels[d.id] for d in report.dimensions],
            t("render.score"): [display.number(d.score) for d in report.dimensions],
        }
    ),
    hide_index=True,
)

item_text = {
    i.id: t("youth.reverse_label", text=i.text.get(lang)) if i.reverse else i.text.get(lang)
    for i in survey.items
}
shown = ranked_items(report)


def item_lines(rows: list) -> str:
    # Lists, not narrow grids: an item's text is a sentence and must be read whole.
    return plain_view.bullets(
        t(
            "results.item_line",
            text=item_text[i.id],
            dimension=labels[i.dimension],
            score=display.number(i.score),
            favorable=display.percent(i.favorable_pct),
        )
        for i in rows
    )


st.subheader(t("results.strengths"))
st.caption(t("results.strengths_caption"))
st.markdown(item_lines(shown[:3]))
st.subheader(t("results.improve"))
st.caption(t("results.improve_caption"))
st.markdown(item_lines(list(reversed(shown[-3:]))))

st.subheader(t("results.plans"))
approved = [p for p in plans.list_plans(store, wave) if p.approved]
if not approved:
    st.info(t("results.no_plans"))
else:
    # A list, not a grid: a plan is read as a sentence, and a screen reader reads it.
    st.markdown(
        plain_view.bullets(
            plans_view.plan_line(p, plans_view.about(p.target_kind, p.target, survey, lang), lang)
            for p in approved
        )
    )

with st.expander(t("results.glossary")):
    # The page compares nothing, so only the interval needs words.
    st.markdown(plain.glossary(lang)[0])
