"""The app's entry point: page setup, language, sign-in state and navigation, nothing else.

Run with ``streamlit run survey_app.py``. Pages live in ``app_pages/`` and are
listed, with the roles that may open them, in ``survey/navigation.py``.
"""

from __future__ import annotations

import streamlit as st

from survey import demo, i18n, navigation, session, style
from survey.i18n import t

lang = i18n.init_lang()
demo.start()
user = session.current_user()
role = user.role if user is not None else None
# Staff read wide charts and tables; employees answer in a narrow column that suits phones.
st.set_page_config(
    page_title=t("app.title"),
    page_icon="🌱",
    layout="wide" if user is not None else "centered",
    menu_items={"Get help": None, "Report a bug": None, "About": t("app.about")},
)

left_as = session.take_signed_out()
# Employees see the form alone; the navigation appears for signed-in staff.
page = st.navigation(
    navigation.navigation_pages(role or left_as),
    position="sidebar" if user is not None else "hidden",
)
if left_as is not None:
    # Just signed out: to the sign-in page and its notice; the page never runs.
    st.switch_page(navigation.SIGNIN_PAGE)
if user is not None and session.take_landing():
    entry = navigation.landing(role)
    if entry is not None:
        st.switch_page(entry.path)

style.apply()
session.keep_token()
i18n.language_switch()
if user is not None:
    session.account_panel(user)
    session.idle_watch()
page.run()
