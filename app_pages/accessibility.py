"""The accessibility statement (접근성 안내): what is met, known limits, how to report a problem."""

from __future__ import annotations

import streamlit as st

from survey.i18n import t

st.title(t("a11y.title"))
st.write(t("a11y.intro"))
st.subheader(t("a11y.met_title"))
st.markdown(t("a11y.met"))
st.subheader(t("a11y.limits_title"))
st.markdown(t("a11y.limits"))
st.subheader(t("a11y.report_title"))
st.write(t("a11y.report"))
st.caption(t("a11y.checked"))
