"""Change your own password (every signed-in user)."""

from __future__ import annotations

import streamlit as st

from survey import auth, page, session
from survey.i18n import current_lang, t

user = session.require_role()
lang = current_lang()
st.title(t("account.title"))
st.caption(t("account.caption", length=auth.MIN_PASSWORD_LENGTH))
with st.form("account.form"):
    current = st.text_input(
        t("account.current"), type="password", autocomplete="current-password", key="account.now"
    )
    new, again = page.new_password_inputs("account")
    pressed = st.form_submit_button(t("account.submit"), type="primary")
if pressed and page.change_password(
    user.name, current, new, again, lang, then=lambda _store: session.renew()
):
    st.success(t("account.changed"))
