"""Waves and codes: create, open and close waves, headcounts, access codes, imports."""

from __future__ import annotations

import streamlit as st

from survey import analysis, dashboard_view, session, waves, waves_codes_view, waves_lifecycle_view
from survey.i18n import current_lang, t
from survey.store import import_template
from survey.waves_view import WavesPage

user = session.require_role("hr")
lang = current_lang()
store, _ = dashboard_view.page_source(lang)
analysis.audit_once(store, user.name, "page.view", {"page": "waves"})
page = WavesPage(store, user.name, lang)

page.header()
page.listing()
page.counter()
waves_lifecycle_view.create(page)
waves_lifecycle_view.lifecycle(page)
waves_lifecycle_view.schedule(page)
waves_codes_view.handout(page)
waves_codes_view.publishing(page)
waves_lifecycle_view.headcounts(page)
waves_codes_view.codes(page)
waves_codes_view.issued_codes(page)

st.subheader(t("dash.waves.import"))
st.caption(t("dash.waves.import_caption"))
st.download_button(
    t("waves.template_download"),
    data=lambda: import_template(store.survey, lang),  # built on the click only
    file_name=f"import-template-{lang}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    key="waves_template_download",
)
# Only a draft that collects nothing takes history (see Store.import_responses).
importable = waves.importable(page.waves)
if not importable:
    st.caption(t("dash.waves.nothing_to_change"))
else:
    import_wave = page.pick("waves_import_wave", importable)
    upload = st.file_uploader(
        t("dash.waves.import_file"), type=["csv", "xlsx"], key="waves_import_file"
    )
    if upload is not None and st.button(t("dash.waves.import_button"), key="waves_import_go"):
        waves_lifecycle_view.importing(page, import_wave, upload)
