"""Users: HR adds accounts, disables them, lifts lockouts and resets passwords."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.errors import SurveyError
from survey import analysis, auth, charts, dashboard_view, page, session
from survey.i18n import current_lang, t

FLASH_KEY = "_users_flash"
ONCE_KEY = "_users_once"

user = session.require_role("hr")
lang = current_lang()
store, _ = dashboard_view.page_source(lang)
analysis.audit_once(store, user.name, "page.view", {"page": "users"})


def done(message: str, action: str, name: str, password: str | None = None) -> None:
    """Record the action, keep its message (and a one-time password) for the next run."""
    store.audit(user.name, action, {"user": name})
    st.session_state[FLASH_KEY] = message
    if password is not None:
        st.session_state[ONCE_KEY] = (name, password)
    st.rerun()


def state_of(account) -> str:
    states = []
    if account.disabled:
        states.append(t("users.state_disabled"))
    if account.locked_until is not None and auth.is_locked(account.locked_until, auth.utcnow()):
        states.append(t("users.state_locked", time=charts.timestamp(account.locked_until, lang)))
    if account.must_change:
        states.append(t("users.state_must_change"))
    return ", ".join(states) or t("users.state_active")


st.title(t("users.nav"))
st.caption(t("users.caption"))
page.show_flash(FLASH_KEY)
once = st.session_state.get(ONCE_KEY)
if once:
    st.warning(t("users.once", name=once[0]))
    st.code(once[1], language=None)
    if st.button(t("users.once_forget"), key="users_once_forget"):
        del st.session_state[ONCE_KEY]
        st.rerun()

accounts = store.list_users()
st.dataframe(
    pd.DataFrame(
        {
            t("users.name"): [a.name for a in accounts],
            t("users.role"): [t(f"role.{a.role}") for a in accounts],
            t("users.state"): [state_of(a) for a in accounts],
        }
    ),
    hide_index=True,
)

st.subheader(t("users.add"))
st.caption(t("users.add_caption"))
with st.form("users_add"):
    name = st.text_input(t("users.name"), max_chars=64, key="users_add_name")
    role = st.radio(
        t("users.role"),
        list(auth.ROLES),
        format_func=lambda r: t(f"role.{r}"),
        horizontal=True,
        key="users_add_role",
    )
    if st.form_submit_button(t("users.add_button")):
        password = auth.generate_password()
        try:
            store.add_user(name.strip(), role, password, must_change=True)
        except SurveyError as error:
            st.error(error.message(lang))
        else:
            done(t("users.added", name=name.strip()), "user.add", name.strip(), password)

st.subheader(t("users.manage"))
if accounts:
    by_name = {a.name: a for a in accounts}
    # Names only: a label that changed with the state would make Streamlit
    # reset the choice after an action, and the next button would act on
    # another account.
    chosen = st.selectbox(t("users.pick"), list(by_name), key="users_pick")
    account = by_name[chosen]
    st.caption(t("users.state_of", name=chosen, state=state_of(account)))
    columns = st.columns(3)
    toggle = "enable" if account.disabled else "disable"
    toggled = columns[0].button(t(f"users.{toggle}"), key="users_toggle")
    unlocked = columns[1].button(t("users.unlock"), key="users_unlock")
    reset = columns[2].button(t("users.reset"), key="users_reset")
    try:
        if toggled and toggle == "disable" and chosen == user.name:
            st.error(t("users.not_self"))
        elif toggled:
            store.set_disabled(chosen, toggle == "disable")
            done(t(f"users.{toggle}d", name=chosen), f"user.{toggle}", chosen)
        elif unlocked:
            store.unlock(chosen)
            done(t("users.unlocked", name=chosen), "user.unlock", chosen)
        elif reset:
            password = store.reset_password(chosen)
            done(t("users.reset_done", name=chosen), "user.reset", chosen, password)
    except SurveyError as error:
        # A busy database: one message, nothing half done (each is one write).
        st.error(error.message(lang))
