"""Young employees: how they answered compared with everyone else, and what they wrote."""

from __future__ import annotations

import streamlit as st

from survey import analysis, charts, dashboard_view, session, youth_view, youth_words
from survey.i18n import current_lang, t

user = session.require_role("youth_panel", "hr")
st.set_page_config(layout="wide")
lang = current_lang()
store, src = dashboard_view.page_source(lang)
survey = analysis.survey(src)

st.title(t("youth.title"))
st.caption(t("youth.caption", k=survey.min_group_size))
if survey.youth is None:
    st.warning(t("youth.no_rule"))
    st.stop()
st.markdown(youth_view.markdown(youth_words.definition(survey, lang)))
if src.open:
    st.info(t("youth.open_wave_note", waves=", ".join(src.open)))
wave = dashboard_view.select_wave(src, t("render.wave"), key="youth_wave")
if wave is None:
    st.info(t("dash.no_closed_wave"))
    st.stop()

note = youth_words.padding_note(src.wave(wave))
if note:
    st.caption(note)

comparison = analysis.report(src, wave, youth=True).report.youth
page = youth_view.page_figures(src, wave)
figures = page.figures
analysis.audit_once(store, user.name, "report.view", {"page": "youth", "wave": wave})
# scoring.youth hides in every case the report's youth comparison hides, and more.
if figures.suppressed or comparison.suppressed:
    st.warning(t(f"youth.hidden.{figures.reason or 'few'}", k=figures.min_group))
    st.stop()

k = figures.min_group
target = float(survey.target)
labels = {
    "index": t("render.section_index"),
    **{d.id: d.label.get(lang) for d in survey.dimensions},
}

st.subheader(t("youth.headline"))
youth_view.show_headline(comparison, figures, labels, lang)

st.subheader(t("youth.dimensions"))
st.caption(t("youth.dimensions_caption"))
youth_view.show_dimensions(comparison, figures, labels, target, lang)

st.subheader(t("youth.items"))
st.caption(t("youth.items_caption"))
youth_view.show_items(figures, survey, labels, lang)

if page.panel is not None:
    st.subheader(t("youth.panel"))
    youth_view.show_panel(page.panel, survey, labels, k, lang)

st.subheader(t("youth.trend"))
st.caption(t("youth.trend_caption"))
youth_view.show_trend(page.trend, labels, target, lang)

st.subheader(t("youth.participation"))
youth_view.show_participation(page.participation, lang)

# The same lists as HR's comments page (scoring.comments): the young or everyone else.
threshold = max(analysis.comment_threshold(), k)
st.subheader(t("youth.comments"))
st.caption(t("youth.comments_caption", threshold=charts.whole(threshold)))
side = st.radio(
    t("youth.comments_side"),
    ["youth", "rest"],
    format_func=lambda s: t(f"dash.comments.list.{s}", lang),
    horizontal=True,
    key="youth_comments_side",
)
found = analysis.comments(src, wave)[side]
analysis.audit_once(
    store, user.name, "comments.view", {"page": "youth", "wave": wave, "list": side}
)
if not found.shown:
    st.info(t("youth.comments_hidden", threshold=charts.whole(found.min_writers)))
else:
    youth_view.show_comments(found, survey, k, side, lang)

st.subheader(t("youth.downloads"))
st.caption(t("youth.downloads_caption"))
youth_view.show_downloads(src, user.name, page, comparison, survey, lang)
