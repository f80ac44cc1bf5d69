"""Change your own password (every signed-in user)."""

from __future__ import annotations

import streamlit as st

from scoring.errors import SurveyError
from survey import auth, session
from survey.i18n import current_lang, t
from survey.store import Store

user = session.require_role()
lang = current_lang()
st.title(t("account.title"))
st.caption(t("account.caption", length=auth.MIN_PASSWORD_LENGTH))
with st.form("account.form"):
    current = st.text_input(
        t("account.current"), type="password", autocomplete="current-password", key="account.now"
    )
    new = st.text_input(
        t("account.new"), type="password", autocomplete="new-password", key="account.new"
    )
    again = st.text_input(
        t("account.again"), type="password", autocomplete="new-password", key="account.again"
    )
    pressed = st.form_submit_button(t("account.submit"), type="primary")
if pressed:
    if new != again:
        st.error(t("account.mismatch"))
    else:
        store = Store()
        try:
            store.change_password(user.name, current, new)
        except SurveyError as error:
            st.error(error.message(lang))
        else:
            store.audit(user.name, "user.password", {"user": user.name})
            session.renew()
            st.success(t("account.changed"))
