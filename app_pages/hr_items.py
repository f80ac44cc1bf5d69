"""Items: how every question was answered, the strongest and weakest, and the drivers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.report import ranked_items
from survey import analysis, charts, session, style
from survey.i18n import current_lang, t

user = session.require_role("hr")
lang = current_lang()
store, src = analysis.page_source(lang)
survey = analysis.survey(src)

wave, filter = analysis.page_header(
    src,
    survey,
    lang,
    title=t("dash.items.title"),
    caption=t("dash.items.caption"),
    key="items",
)

report = analysis.report(src, wave, filter=filter).report
analysis.audit_once(
    store,
    user.name,
    "report.view",
    {"page": "items", "wave": wave, "filter": list(filter) if filter else None},
)
if report.suppressed:
    st.warning(t("dash.suppressed_view", k=report.min_group))
    st.stop()

dimension_names = {d.id: d.label.get(lang) for d in survey.dimensions}
item_text = {i.id: i.text.get(lang) for i in survey.items}
reverse = {i.id for i in survey.items if i.reverse}


def item_label(item_id: str) -> str:
    text = item_text[item_id]
    return t("dash.items.reverse_label", text=text) if item_id in reverse else text


marker = t("dash.suppressed_cell", k=report.min_group)


def hidden_or(item, shown: str) -> str:
    """An item's figure, or the suppression marker when it rests on fewer than k."""
    return marker if item.suppressed else shown


def summary(items: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("dash.col.item"): [item_label(i.id) for i in items],
            t("dash.col.score"): [charts.number(i.score) for i in items],
            t("dash.col.favorable"): [charts.percent(i.favorable_pct) for i in items],
        }
    )


ranked = ranked_items(report)
st.subheader(t("dash.items.extremes"))
st.caption(t("dash.items.extremes_caption"))
st.markdown(f"**{t('dash.items.strongest')}**")
st.dataframe(summary(ranked[:5]), hide_index=True)
st.markdown(f"**{t('dash.items.weakest')}**")
st.dataframe(summary(list(reversed(ranked[-5:]))), hide_index=True)

st.subheader(t("dash.items.distribution"))
st.caption(t("dash.items.distribution_caption"))
answers = [label.get(lang) for label in survey.scale_labels]
counted = {d.item: d for d in analysis.distributions(src, wave, filter) or ()}
tabs = st.tabs([d.label.get(lang) for d in survey.dimensions])
for tab, dimension in zip(tabs, survey.dimensions, strict=True):
    rows = []
    for item in dimension.items:
        distribution = counted.get(item.id)
        if distribution is None or distribution.n == 0:
            continue
        for point, share in enumerate(distribution.percents, start=1):
            rows.append(
                {
                    "label": item_label(item.id),
                    "answer": answers[point - 1],
                    "order": point,
                    "percent": share,
                    "text": charts.percent(share),
                }
            )
    with tab:
        if rows:
            shares = pd.DataFrame(rows)
            shares["where"] = shares["label"] + ": " + shares["answer"]
            style.chart(
                charts.likert_bars(
                    shares.drop(columns="where"),
                    answers,
                    share_title=t("dash.items.share"),
                    answer_title=t("dash.items.answer"),
                ),
                style.chart_summary(
                    dimension.label.get(lang), shares, label="where", value="percent"
                ),
                style.chart_table(
                    shares,
                    {
                        "label": t("dash.col.item"),
                        "answer": t("dash.items.answer"),
                        "text": t("dash.items.share"),
                    },
                ),
            )

with st.expander(t("dash.items.all")):
    st.dataframe(
        pd.DataFrame(
            {
                t("dash.col.item"): [item_label(i.id) for i in report.items],
                t("dash.col.dimension"): [dimension_names[i.dimension] for i in report.items],
                t("dash.col.score"): [hidden_or(i, charts.number(i.score)) for i in report.items],
                t("dash.col.favorable"): [
                    hidden_or(i, charts.percent(i.favorable_pct)) for i in report.items
                ],
                t("dash.col.answers"): [hidden_or(i, charts.whole(i.n)) for i in report.items],
            }
        ),
        hide_index=True,
    )

st.subheader(t("dash.items.drivers"))
if report.drivers:
    st.caption(t("dash.items.drivers_caption"))
    priority_word = t("dash.items.priority")
    other_word = t("dash.items.not_priority")
    drivers = pd.DataFrame(
        {
            "label": [item_label(d.id) for d in report.drivers],
            "score": [d.score for d in report.drivers],
            "r": [d.r for d in report.drivers],
            "is_priority": [d.priority for d in report.drivers],
            "priority": [priority_word if d.priority else other_word for d in report.drivers],
            "score_text": [charts.number(d.score) for d in report.drivers],
            "r_text": [charts.number(d.r, 2) for d in report.drivers],
        }
    )
    style.chart(
        charts.drivers_scatter(
            drivers,
            float(survey.target),
            score_title=t("dash.score"),
            r_title=t("dash.items.r"),
            priority_title=t("dash.items.priority_legend"),
            target_label=t("dash.target_rule", target=charts.number(survey.target, 0)),
        ),
        style.chart_summary(t("dash.items.drivers"), drivers, value="r", text="r_text"),
        style.chart_table(
            drivers,
            {
                "label": t("dash.col.item"),
                "score_text": t("dash.score"),
                "r_text": t("dash.items.r"),
                "priority": t("dash.items.priority_legend"),
            },
        ),
    )
    priorities = [d for d in report.drivers if d.priority]
    if priorities:
        st.markdown(f"**{t('dash.items.priorities')}**")
        st.dataframe(
            pd.DataFrame(
                {
                    t("dash.col.item"): [item_label(d.id) for d in priorities],
                    t("dash.col.score"): [charts.number(d.score) for d in priorities],
                    t("dash.items.r"): [charts.number(d.r, 2) for d in priorities],
                }
            ),
            hide_index=True,
        )
else:
    st.info(t("dash.items.no_drivers"))

analysis.show_change(src, wave, filter)

analysis.sheet_download(
    src,
    user.name,
    report,
    survey,
    lang,
    sheet="items",
    stem="items",
    wave=wave,
    detail={"page": "items", "wave": wave, "filter": list(filter) if filter else None},
)
