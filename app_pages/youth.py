"""Young employees: how they answered compared with everyone else, and what they wrote."""

from __future__ import annotations

import streamlit as st

from scoring import plain
from survey import analysis, charts, plain_view, session, style, youth_view
from survey.i18n import current_lang, t

user = session.require_role("youth_panel", "hr")
st.set_page_config(layout="wide")
lang = current_lang()
store, src = analysis.page_source(lang)
survey = analysis.survey(src)

st.title(t("youth.title"))
st.caption(t("youth.caption", k=survey.min_group_size))
if survey.youth is None:
    st.warning(t("youth.no_rule"))
    st.stop()
st.markdown(youth_view.markdown(youth_view.definition(survey, lang)))
if src.open:
    st.info(t("youth.open_wave_note", waves=", ".join(src.open)))
wave = analysis.select_wave(src, t("youth.wave"), key="youth_wave")
if wave is None:
    st.info(t("youth.no_closed_wave"))
    st.stop()

note = youth_view.padding_note(src.wave(wave))
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
youth_name, rest_name = t("youth.group.youth"), t("youth.group.rest")
target_label = t("youth.target_rule", target=charts.number(target, 0))
labels = {"index": t("youth.index"), **{d.id: d.label.get(lang) for d in survey.dimensions}}

# ---------------------------------------------------------------- headline
st.subheader(t("youth.headline"))
youth_view.show_headline(comparison, figures, labels, lang)

# ---------------------------------------------------------------- dimensions
st.subheader(t("youth.dimensions"))
st.caption(t("youth.dimensions_caption"))
dimension_rows = [r for r in comparison.rows if r.id != "index"]
sides = t("youth.side.youth"), t("youth.side.rest")
st.markdown(plain_view.bullets(plain_view.sentences(dimension_rows, labels, *sides, lang)))
dumbbell = youth_view.dumbbell_frame(comparison, labels, lang)
dumbbell["where"] = dumbbell["label"] + " · " + dumbbell["group"]
# The sentences above and the table under "youth.stats" hold its figures.
style.chart(
    youth_view.dumbbell(
        dumbbell.drop(columns="where"),
        target,
        score_title=t("youth.score"),
        group_title=t("youth.group"),
        target_label=target_label,
    ),
    style.chart_summary(t("youth.dimensions"), dumbbell, label="where"),
)
with st.expander(t("youth.stats")):
    st.caption(t("youth.method"))
    st.dataframe(youth_view.comparison_table(comparison, figures, labels, lang), hide_index=True)
    for line in plain.glossary(lang):
        st.markdown(line)

# ---------------------------------------------------------------- items
st.subheader(t("youth.items"))
st.caption(t("youth.items_caption"))
largest = figures.largest_gaps(5)
if largest:
    st.dataframe(youth_view.item_table(largest, survey, labels, lang), hide_index=True)
    shown = [g for g in figures.items if not g.suppressed]
    with st.expander(t("youth.items_all")):
        st.dataframe(youth_view.item_table(shown, survey, labels, lang), hide_index=True)
else:
    st.info(t("youth.items_none", k=charts.whole(k)))

# ---------------------------------------------------------------- the panel
panel = page.panel
if panel is not None:
    st.subheader(t("youth.panel"))
    if panel.suppressed:
        st.info(t(f"youth.hidden.{panel.reason}", k=k))
    else:
        st.caption(youth_view.panel_caption(panel, survey, lang))
        members, others = t("youth.panel_members"), t("youth.panel_others")
        st.markdown(
            plain_view.bullets(plain_view.sentences(panel.rows, labels, members, others, lang))
        )
        with st.expander(t("youth.stats")):
            st.dataframe(youth_view.panel_table(panel, labels, lang), hide_index=True)

# ---------------------------------------------------------------- across waves
st.subheader(t("youth.trend"))
st.caption(t("youth.trend_caption"))
trend = page.trend
lines = youth_view.trend_lines(trend, youth_name, rest_name, lang)
if not lines.empty:
    lines["where"] = lines["group"] + " (" + lines["wave"] + ")"
style.chart(
    youth_view.gap_chart(
        lines.drop(columns="where", errors="ignore"),
        target,
        score_title=t("youth.index"),
        wave_title=t("youth.wave"),
        group_title=t("youth.group"),
        target_label=target_label,
    ),
    style.chart_summary(t("youth.trend"), lines, label="where"),
    style.chart_table(
        lines, {"wave": t("youth.wave"), "group": t("youth.group"), "text": t("youth.index")}
    )
    if not lines.empty
    else None,
)
if not trend.changes:
    st.caption(t("youth.trend_one"))
for line in youth_view.change_sentences(trend, lang):
    st.markdown(line)
last = next((c for c in reversed(trend.changes) if not c.suppressed), None)
if last is not None:
    with st.expander(t("youth.change.dimensions", before=last.wave_before, after=last.wave_after)):
        st.caption(t("youth.trend_method"))
        st.dataframe(youth_view.change_table(last.rows, labels, lang), hide_index=True)

# ---------------------------------------------------------------- participation
st.subheader(t("youth.participation"))
youth_view.show_participation(page.participation, lang)

# ---------------------------------------------------------------- comments
# The same lists as HR's comments page (scoring.comments): the young or everyone else.
threshold = max(analysis.comment_threshold(), k)
st.subheader(t("youth.comments"))
st.caption(t("youth.comments_caption", threshold=charts.whole(threshold)))
side = st.radio(
    t("youth.comments_side"),
    ["youth", "rest"],
    format_func=lambda s: t(f"youth.comments_side.{s}", lang),
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

# ---------------------------------------------------------------- downloads
st.subheader(t("youth.downloads"))
st.caption(t("youth.downloads_caption"))
youth_view.show_downloads(src, user.name, wave, youth_view.sections(page, comparison, survey, lang))
