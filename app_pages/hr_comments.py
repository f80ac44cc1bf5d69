"""Comments: what people wrote, for closed waves and populations large enough to show."""

from __future__ import annotations

import math

import streamlit as st

from survey import analysis, charts, session
from survey.i18n import current_lang, t

PAGE_SIZE = 30

user = session.require_role("hr")
lang = current_lang()
store, src = analysis.page_source(lang)
survey = analysis.survey(src)
threshold = analysis.comment_threshold()

st.title(t("dash.comments.title"))
st.caption(t("dash.comments.caption", threshold=charts.whole(threshold)))
if src.open:
    st.info(t("dash.comments.open_wave", waves=", ".join(src.open)))
left, right = st.columns(2)
with left:
    wave = analysis.select_wave(src, t("dash.wave"), key="comments_wave")
if wave is None:
    st.info(t("dash.no_closed_wave"))
    st.stop()
with right:
    filter = analysis.select_filter(
        survey,
        lang,
        label=t("dash.filter"),
        none_label=t("dash.filter_none"),
        option_label=t("dash.filter_option"),
        key="comments_filter",
    )

found = analysis.comments(src, wave, filter=filter)
analysis.audit_once(
    store,
    user.name,
    "comments.view",
    {"page": "comments", "wave": wave, "filter": list(filter) if filter else None},
)
if found is None:
    st.warning(t("dash.comments.hidden", threshold=charts.whole(threshold)))
    st.stop()
if not survey.comments:
    st.info(t("dash.comments.no_questions"))
    st.stop()

questions = {c.id: c.text.get(lang) for c in survey.comments}
chosen = st.selectbox(
    t("dash.comments.question"), list(questions), format_func=questions.__getitem__
)
query = st.text_input(t("dash.comments.search"), key="comments_search").strip()
texts = found.get(chosen, [])
shown = [c for c in texts if query.casefold() in c.casefold()] if query else texts
if query:
    st.caption(
        t(
            "dash.comments.count_search",
            shown=charts.whole(len(shown)),
            total=charts.whole(len(texts)),
        )
    )
else:
    st.caption(t("dash.comments.count", total=charts.whole(len(texts))))
if not shown:
    st.info(t("dash.comments.none"))
    st.stop()

pages = math.ceil(len(shown) / PAGE_SIZE)
page = 1
if pages > 1:
    page = int(
        st.number_input(
            t("dash.comments.page", pages=charts.whole(pages)),
            min_value=1,
            max_value=pages,
            value=1,
            step=1,
            key=f"comments_page_{chosen}_{query}",
        )
    )
for comment in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
    with st.container(border=True):
        # st.text shows the characters as they are: no Markdown, no HTML, no links.
        st.text(comment)
