"""Audit log: who opened which report, filter and export, and who changed waves and users.

Each entry reads as a sentence in the visitor's language ("hr_kim: 차수 마감 (차수
2026-Q3)"), with filters by person, action and wave, and the entries shown
as a CSV download. Nothing in the log is about a respondent.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from survey import analysis, charts, dashboard_view, export, session
from survey.i18n import current_lang, entries, t

LIMIT = 1000

user = session.require_role("hr")
lang = current_lang()
store, _ = dashboard_view.page_source(lang)
analysis.audit_once(store, user.name, "page.view", {"page": "audit"})

st.title(t("dash.nav.audit"))
st.caption(t("dash.audit.caption", limit=charts.whole(LIMIT)))

log = store.list_audit(LIMIT)
if not log:
    st.info(t("dash.audit.empty"))
    st.stop()

known = entries()
_WHO = {"cli": "audit.by_cli", "schedule": "audit.by_schedule"}


def action_name(action: str) -> str:
    key = f"dash.audit.action.{action}"
    return t(key) if key in known else action


def who(name: str) -> str:
    return f"{name} ({t(_WHO[name])})" if name in _WHO else name


def part(key: str, value: object) -> str:
    if key == "scheduled":
        return t("audit.detail.scheduled") if value else ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = charts.whole(value)
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in value.items())
    if value is None or value == "":
        return ""
    if f"audit.detail.{key}" in known:
        return t(f"audit.detail.{key}", value=value)
    return t("audit.detail.other", field=key, value=value)


def sentence(entry) -> str:
    parts = [p for k, v in (entry.detail or {}).items() if (p := part(k, v))]
    detail = f" ({', '.join(parts)})" if parts else ""
    return t(
        "audit.sentence", user=who(entry.user), action=action_name(entry.action), detail=detail
    )


def wave_of(entry) -> str | None:
    value = (entry.detail or {}).get("wave")
    return value if isinstance(value, str) else None


left, middle, right = st.columns(3)
people = sorted({e.user for e in log})
actions = sorted({e.action for e in log}, key=action_name)
waves = sorted({w for e in log if (w := wave_of(e))})
chosen_people = left.multiselect(
    t("users.pick"), people, key="audit_users", placeholder=t("dash.audit.all")
)
chosen_actions = middle.multiselect(
    t("dash.audit.action"),
    actions,
    format_func=action_name,
    key="audit_actions",
    placeholder=t("dash.audit.all"),
)
chosen_waves = right.multiselect(
    t("render.wave"), waves, key="audit_waves", placeholder=t("dash.audit.all")
)
shown = [
    e
    for e in log
    if (not chosen_people or e.user in chosen_people)
    and (not chosen_actions or e.action in chosen_actions)
    and (not chosen_waves or wave_of(e) in chosen_waves)
]
st.caption(t("dash.audit.count", shown=charts.whole(len(shown)), total=charts.whole(len(log))))
table = pd.DataFrame(
    {
        t("dash.audit.at"): [charts.timestamp(e.at, lang) for e in shown],
        t("users.pick"): [who(e.user) for e in shown],
        t("dash.audit.action"): [action_name(e.action) for e in shown],
        t("audit.sentence_col"): [sentence(e) for e in shown],
    }
)
st.dataframe(table, hide_index=True)

st.download_button(
    t("audit.download"),
    # Through the one CSV writer: a wave title or plan text typed as "=..." stays text.
    data=export.rows_csv([list(table.columns), *table.itertuples(index=False)]),
    file_name=export.file_name("audit", None, "csv"),
    mime=export.CSV_MIME,
    on_click=lambda: store.audit(user.name, "export.audit", {"count": len(shown)}),
    icon=":material/download:",
    key="audit_download",
)
