"""Audit log: who opened which report, filter and export, and who changed waves."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from survey import analysis, charts, session
from survey.i18n import current_lang, entries, t

LIMIT = 1000

user = session.require_role("hr")
lang = current_lang()
store, _ = analysis.page_source(lang)
analysis.audit_once(store, user.name, "page.view", {"page": "audit"})

st.title(t("dash.audit.title"))
st.caption(t("dash.audit.caption", limit=charts.whole(LIMIT)))

log = store.list_audit(LIMIT)
if not log:
    st.info(t("dash.audit.empty"))
    st.stop()

known = entries()


def action_name(action: str) -> str:
    key = f"dash.audit.action.{action}"
    return t(key) if key in known else action


left, right = st.columns(2)
people = sorted({e.user for e in log})
actions = sorted({e.action for e in log}, key=action_name)
chosen_people = left.multiselect(
    t("dash.audit.user"), people, key="audit_users", placeholder=t("dash.audit.all")
)
chosen_actions = right.multiselect(
    t("dash.audit.action"),
    actions,
    format_func=action_name,
    key="audit_actions",
    placeholder=t("dash.audit.all"),
)
shown = [
    e
    for e in log
    if (not chosen_people or e.user in chosen_people)
    and (not chosen_actions or e.action in chosen_actions)
]
st.caption(t("dash.audit.count", shown=charts.whole(len(shown)), total=charts.whole(len(log))))
st.dataframe(
    pd.DataFrame(
        {
            t("dash.audit.at"): [charts.timestamp(e.at, lang) for e in shown],
            t("dash.audit.user"): [e.user for e in shown],
            t("dash.audit.action"): [action_name(e.action) for e in shown],
            t("dash.audit.detail"): [
                "" if e.detail is None else json.dumps(e.detail, ensure_ascii=False) for e in shown
            ],
        }
    ),
    hide_index=True,
)
