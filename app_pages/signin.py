"""Sign in (name and password, or single sign-on when configured) and sign out."""

from __future__ import annotations

import streamlit as st

from scoring.errors import SurveyError
from survey import auth, navigation, page, session, settings
from survey.i18n import current_lang, t
from survey.store import Store

PENDING_KEY = "signin.must_change"

lang = current_lang()
user = session.current_user()
st.title(t("signin.title" if user is None else "account.section"))
session.show_notice()

if user is not None:
    st.success(t("signin.signed_in", name=user.name, role=t(f"role.{user.role}")))
    pages = [p for p in navigation.visible(user.role) if p.roles is not None]
    if pages:
        st.subheader(t("signin.your_pages"))
        for entry in pages:
            st.page_link(entry.path, label=t(entry.title), icon=entry.icon)
    st.caption(t("signin.idle_note", minutes=session.idle_minutes()))
    st.button(
        t("session.sign_out"),
        key="signin.sign_out",
        icon=":material/logout:",
        on_click=session.sign_out,
    )
elif st.session_state.get(PENDING_KEY):
    # Signed in with a one-time password after a reset: no page until the
    # person has chosen their own password.
    pending = st.session_state[PENDING_KEY]
    st.warning(t("account.must_change"))
    st.caption(t("account.caption", length=auth.MIN_PASSWORD_LENGTH))
    with st.form("signin.change"):
        once = st.text_input(t("account.once"), type="password", key="signin.once")
        new, again = page.new_password_inputs("signin")
        changed = st.form_submit_button(t("account.submit"), type="primary")
    if changed and page.change_password(
        pending,
        once,
        new,
        again,
        lang,
        then=lambda store: session.sign_in(store.verify(pending, new)),
    ):
        del st.session_state[PENDING_KEY]
        st.rerun()
else:
    st.write(t("signin.intro"))
    if settings.get("demo"):
        st.info(t("signin.demo"), icon=":material/science:")
    with st.form("signin.form"):
        name = st.text_input(
            t("users.name"), max_chars=64, autocomplete="username", key="users.name"
        )
        password = st.text_input(
            t("signin.password"),
            type="password",
            max_chars=256,
            autocomplete="current-password",
            key="signin.password",
        )
        pressed = st.form_submit_button(t("signin.submit"), type="primary", width="stretch")
    st.caption(t("signin.lock_note"))
    if pressed:
        if not name.strip() or not password:
            st.error(t("signin.missing"))
        else:
            try:
                found = Store().verify(name.strip(), password)
                if not found.must_change:
                    # Inside the try: signing in writes the session row and the audit.
                    session.sign_in(found)
            except SurveyError as err:
                st.error(err.message(lang))
            else:
                if found.must_change:
                    st.session_state[PENDING_KEY] = found.name
                st.rerun()
    if session.sso_configured():
        st.write(t("signin.or"))
        st.button(
            t("signin.sso"), key="signin.sso", icon=":material/key:", on_click=session.sso_login
        )

st.page_link(navigation.FORM_PAGE, label=t("signin.back_to_survey"), icon=":material/edit_note:")
