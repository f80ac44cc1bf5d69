"""Themes and keywords of a published comment list, as the HR comments page and the
youth page show them (the same view on both; `scoring.themes` computes)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from scoring.themes import OTHER, Themes, themes
from survey import charts, settings
from survey.i18n import t

__all__ = ["comment_themes", "may_download", "show_themes"]


@st.cache_data(show_spinner=False, max_entries=256)
def comment_themes(texts: tuple[str, ...], k: int, terms: tuple[str, ...] = ()) -> Themes:
    """`scoring.themes.themes` of one question's published comments (cached by their texts)."""
    return themes(texts, k, terms=terms)


def may_download(role: str) -> bool:
    """Whether a role may download comments (``CULTURE_COMMENT_EXPORT``; nobody by default)."""
    return role in settings.get("comment_export")


def show_themes(texts: Sequence[str], k: int, key: str) -> None:
    """Keywords as a bar chart (with its data as a table) and themes with examples."""
    if not texts:
        return
    found = comment_themes(tuple(texts), k, tuple(settings.get("theme_terms")))
    st.markdown(f"**{t('dash.themes.title')}**")
    st.caption(t("dash.themes.caption", k=charts.whole(k)))
    if found.keywords:
        data = pd.DataFrame(
            {
                "keyword": [w for w, _ in found.keywords],
                "count": [n for _, n in found.keywords],
            }
        )
        chart = (
            alt.Chart(data)
            .mark_bar(color=charts.PALETTE["primary"])
            .encode(
                x=alt.X(
                    "count:Q",
                    title=t("dash.themes.count"),
                    axis=alt.Axis(tickMinStep=1, format="d"),
                ),
                y=alt.Y("keyword:N", sort=None, title=None),
                tooltip=["keyword", "count"],
            )
            .properties(height=32 * len(data) + 60)
        )
        top = found.keywords[0]
        summary = t(
            "dash.themes.summary", word=top[0], count=charts.whole(top[1]), total=len(texts)
        )
        # The sentence is the chart's accessible name too (WCAG 1.1.1).
        st.altair_chart(chart.properties(description=summary), width="stretch")
        st.caption(summary)
        with st.expander(t("dash.themes.table")):
            st.dataframe(
                pd.DataFrame(
                    {
                        t("dash.themes.keyword"): data["keyword"],
                        t("dash.themes.count"): [charts.whole(n) for n in data["count"]],
                    }
                ),
                hide_index=True,
                key=f"{key}_keywords",
            )
    else:
        st.caption(t("dash.themes.no_keywords", k=charts.whole(k)))
    for theme in found.themes:
        label = t("dash.themes.other") if theme.keyword == OTHER else theme.keyword
        with st.expander(t("dash.themes.theme", label=label, count=charts.whole(theme.count))):
            # A table cell shows the characters as written: no Markdown, HTML or links.
            st.dataframe(
                pd.DataFrame({t("dash.themes.examples"): list(theme.examples)}),
                hide_index=True,
                key=f"{key}_theme_{theme.keyword or 'other'}",
            )
