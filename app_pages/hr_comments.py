"""Comments: what people wrote in a closed wave, as the whole wave's list or the youth split.

No filter and no group: a comment's text tags its writer, so two lists of
other populations would place the writer in their intersection
(`scoring.comments`). The page reads one list (`selected`) and shows it in
sections; a later section reads the same `selected` list.
"""

from __future__ import annotations

import math

import streamlit as st

from survey import analysis, charts, comment_view, dashboard_view, export, page
from survey.i18n import t

PAGE_SIZE = 30

run = page.start("hr")
user, lang, store, src, survey = run.user, run.lang, run.store, run.src, run.survey
threshold = max(analysis.comment_threshold(), survey.min_group_size)

# ---------------------------------------------------------------- wave and list
dashboard_view.page_title(
    src,
    title=t("dash.nav.comments"),
    caption=t("dash.comments.caption", threshold=charts.whole(threshold)),
    open_note="dash.comments.open_wave",
)
left, right = st.columns(2)
with left:
    wave = dashboard_view.select_wave(src, t("render.wave"), key="comments_wave")
if wave is None:
    st.info(t("dash.no_closed_wave"))
    st.stop()
lists = analysis.comments(src, wave)
with right:
    name = st.radio(
        t("youth.comments_side"),
        list(lists),
        format_func=lambda n: t(f"dash.comments.list.{n}", lang),
        horizontal=True,
        key="comments_list",
    )
st.caption(t("dash.comments.why_lists"))
selected = lists[name]
analysis.audit_once(
    store, user.name, "comments.view", {"page": "comments", "wave": wave, "list": name}
)
if not selected.shown:
    st.warning(
        t(f"dash.comments.hidden.{selected.reason}", threshold=charts.whole(selected.min_writers))
    )
    st.stop()
if not survey.comments:
    st.info(t("dash.comments.no_questions"))
    st.stop()

# ---------------------------------------------------------------- the comments
questions = {c.id: c.text.get(lang) for c in survey.comments}
chosen = st.selectbox(
    t("dash.comments.question"), list(questions), format_func=questions.__getitem__
)
texts = selected.texts.get(chosen, ())
comment_view.show_themes(texts, survey.min_group_size, key=f"themes_{name}_{chosen}")
query = st.text_input(t("dash.comments.search"), key="comments_search").strip()
shown = [c for c in texts if query.casefold() in c.casefold()] if query else list(texts)
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
else:
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
                key=f"comments_page_{name}_{chosen}_{query}",
            )
        )
    for comment in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        with st.container(border=True):
            # st.text shows the characters as they are: no Markdown, no HTML, no links.
            st.text(comment)

# ---------------------------------------------------------------- download
# Off by default: a file of comments leaves the audited screen (CULTURE_COMMENT_EXPORT).
if not comment_view.may_download(user.role):
    st.caption(t("dash.comments.no_download"))
    st.stop()
st.download_button(
    t("youth.download_csv"),
    data=export.deferred(
        src.url,
        user.name,
        "export.csv",
        {"page": "comments", "wave": wave, "list": name},
        lambda: export.comments_csv(
            selected, survey, lang, (t("dash.comments.question"), t("plans.note_kind.comment"))
        ),
    ),
    file_name=export.file_name(f"comments-{name}", wave, "csv"),
    mime=export.CSV_MIME,
    on_click="ignore",
    icon=":material/download:",
)
