"""The items page's pieces: item labels, the extremes, answer distributions and drivers.

The ranking is `scoring.report.ranked_items`, the shares `analysis.distributions`
and the drivers the report's; this module labels, tabulates and lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from scoring.questionnaire import Survey
from scoring.report import Report
from survey import charts, page, style
from survey.i18n import t

__all__ = [
    "all_items_table",
    "driver_rows",
    "item_labels",
    "priorities_table",
    "share_rows",
    "show_distributions",
    "show_drivers",
    "summary_table",
]


def item_labels(survey: Survey, lang: str) -> dict[str, str]:
    """Every item's text by id, a reverse-worded item marked as such."""
    return {
        i.id: t("youth.reverse_label", text=i.text.get(lang)) if i.reverse else i.text.get(lang)
        for i in survey.items
    }


def summary_table(items: Sequence, labels: Mapping[str, str]) -> pd.DataFrame:
    """A few items' text, score and favorable share (the strongest or the weakest)."""
    return pd.DataFrame(
        {
            t("render.item"): [labels[i.id] for i in items],
            t("render.score"): [charts.number(i.score) for i in items],
            t("dash.col.favorable"): [charts.percent(i.favorable_pct) for i in items],
        }
    )


def all_items_table(report: Report, labels: Mapping[str, str], survey: Survey, lang: str):
    """Every item's figures, those resting on fewer than k as the suppression marker."""
    marker = t("dash.suppressed_cell", k=report.min_group)
    dimensions = {d.id: d.label.get(lang) for d in survey.dimensions}

    def hidden_or(item, shown: str) -> str:
        return marker if item.suppressed else shown

    items = report.items
    return pd.DataFrame(
        {
            t("render.item"): [labels[i.id] for i in items],
            t("render.dimension"): [dimensions[i.dimension] for i in items],
            t("render.score"): [hidden_or(i, charts.number(i.score)) for i in items],
            t("dash.col.favorable"): [hidden_or(i, charts.percent(i.favorable_pct)) for i in items],
            t("dash.col.answers"): [hidden_or(i, charts.whole(i.n)) for i in items],
        }
    )


def share_rows(
    dimension, counted: Mapping, labels: Mapping[str, str], answers: Sequence[str]
) -> pd.DataFrame | None:
    """One dimension's answer shares, a row per item and answer; None when nobody answered."""
    rows = []
    for item in dimension.items:
        distribution = counted.get(item.id)
        if distribution is None or distribution.n == 0:
            continue
        for point, share in enumerate(distribution.percents, start=1):
            rows.append(
                {
                    "label": labels[item.id],
                    "answer": answers[point - 1],
                    "order": point,
                    "percent": share,
                    "text": charts.percent(share),
                }
            )
    return pd.DataFrame(rows) if rows else None


def show_distributions(
    survey: Survey, counted: Mapping, labels: Mapping[str, str], lang: str
) -> None:
    """A tab per dimension with its items' answers as stacked bars (and their table)."""
    answers = [label.get(lang) for label in survey.scale_labels]
    tabs = st.tabs([d.label.get(lang) for d in survey.dimensions])
    for tab, dimension in zip(tabs, survey.dimensions, strict=True):
        shares = share_rows(dimension, counted, labels, answers)
        with tab:
            if shares is None:
                continue
            page.named_chart(
                shares,
                shares["label"] + ": " + shares["answer"],
                lambda rows: charts.likert_bars(
                    rows,
                    answers,
                    share_title=t("dash.items.share"),
                    answer_title=t("dash.items.answer"),
                ),
                dimension.label.get(lang),
                value="percent",
                table={
                    "label": t("render.item"),
                    "answer": t("dash.items.answer"),
                    "text": t("dash.items.share"),
                },
            )


def driver_rows(report: Report, labels: Mapping[str, str]) -> pd.DataFrame:
    """The drivers chart's rows: score, correlation with the index, and priority."""
    drivers = report.drivers
    priority_word = t("render.priority")
    other_word = t("dash.items.not_priority")
    return pd.DataFrame(
        {
            "label": [labels[d.id] for d in drivers],
            "score": [d.score for d in drivers],
            "r": [d.r for d in drivers],
            "is_priority": [d.priority for d in drivers],
            "priority": [priority_word if d.priority else other_word for d in drivers],
            "score_text": [charts.number(d.score) for d in drivers],
            "r_text": [charts.number(d.r, 2) for d in drivers],
        }
    )


def priorities_table(report: Report, labels: Mapping[str, str]) -> pd.DataFrame | None:
    """The priority drivers' text, score and r; None when no driver is a priority."""
    priorities = [d for d in report.drivers if d.priority]
    if not priorities:
        return None
    return pd.DataFrame(
        {
            t("render.item"): [labels[d.id] for d in priorities],
            t("render.score"): [charts.number(d.score) for d in priorities],
            t("dash.items.r"): [charts.number(d.r, 2) for d in priorities],
        }
    )


def show_drivers(report: Report, labels: Mapping[str, str], target: float) -> None:
    """The drivers section: score against r, then the priorities; a note when there are none."""
    if not report.drivers:
        st.info(t("dash.items.no_drivers"))
        return
    st.caption(t("dash.items.drivers_caption"))
    drivers = driver_rows(report, labels)
    style.chart(
        charts.drivers_scatter(
            drivers,
            target,
            score_title=t("render.score"),
            r_title=t("dash.items.r"),
            priority_title=t("dash.items.priority_legend"),
            target_label=t("dash.target_rule", target=charts.number(target, 0)),
        ),
        style.chart_summary(t("dash.items.drivers"), drivers, value="r", text="r_text"),
        style.chart_table(
            drivers,
            {
                "label": t("render.item"),
                "score_text": t("render.score"),
                "r_text": t("dash.items.r"),
                "priority": t("dash.items.priority_legend"),
            },
        ),
    )
    priorities = priorities_table(report, labels)
    if priorities is not None:
        st.markdown(f"**{t('dash.items.priorities')}**")
        st.dataframe(priorities, hide_index=True)
