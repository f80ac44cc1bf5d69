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

wave, filter = analysis.page_header(
    src,
    survey,
    lang,
    title=t("dash.comments.title"),
    caption=t("dash.comments.caption", threshold=charts.whole(threshold)),
    key="comments",
    open_note="dash.comments.open_wave",
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
