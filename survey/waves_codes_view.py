"""The waves page's sections that reach employees: the link, access codes and slips, results.

Each takes the run's `survey.waves_view.WavesPage`: the survey link and its QR
code, the switch of a closed wave's published results page (`survey.plans`),
and access codes, issued and then offered once as a CSV file and printable
slips.
"""

from __future__ import annotations

import streamlit as st

from survey import charts, export, plans, slips, waves
from survey.i18n import t
from survey.page import act
from survey.store import MAX_CODES
from survey.waves_view import FLASH_KEY, Outcome, WavesPage

__all__ = ["CODES_KEY", "codes", "handout", "issued_codes", "publishing"]

CODES_KEY = "_waves_codes"


def handout(page: WavesPage) -> None:
    collecting = waves.collecting(page.waves)
    if not page.section("waves.handout", "waves.handout_caption", collecting):
        return
    left, right = st.columns(2)
    with left:
        linked = page.choose("waves_link_wave", collecting)
    link_lang = right.radio(
        t("waves.link_lang"),
        ["ko", "en"],
        format_func={"ko": "한국어", "en": "English"}.__getitem__,
        horizontal=True,
        key="waves_link_lang",
    )
    link = slips.survey_link(waves.app_base(st.context.url), linked.name, link_lang)
    st.code(link, language=None)
    st.image(
        slips.qr_png(link),
        caption=t("waves.qr_caption", wave=linked.title(page.lang)),
        width=180,
    )


def publishing(page: WavesPage) -> None:
    # Issue 14: the whole-wave results page every employee may read (survey.plans).
    closed_names = waves.closed(page.waves)
    heading = ("results.publish_heading", "results.publish_caption")
    if not page.section(*heading, closed_names, empty="results.no_closed"):
        return
    shared = set(plans.published_waves(page.store))
    pick = page.pick("waves_publish_wave", closed_names, label="results.publish_wave")
    on = pick in shared
    state_word = t("results.publish_state.on" if on else "results.publish_state.off")
    st.caption(t("waves.status_of", status=state_word))
    if not st.button(
        t("results.unpublish_button" if on else "results.publish_button"), key="waves_publish"
    ):
        return
    # The switch records itself in the audit log.
    act(
        FLASH_KEY,
        t("results.unpublished" if on else "results.published", wave=pick),
        page.lang,
        plans.unpublish_results if on else plans.publish_results,
        page.store,
        page.user,
        pick,
    )


def codes(page: WavesPage) -> None:
    coded = waves.coded(page.waves)
    heading = ("dash.waves.codes", "dash.waves.codes_caption")
    if not page.section(*heading, coded, empty="dash.waves.no_code_wave"):
        return
    with st.form("waves_codes"):
        # No key: a wave newly coded makes a new widget, which starts on the newest.
        code_wave = page.pick(None, coded, index=len(coded) - 1)
        count = st.number_input(
            t("dash.waves.code_count"), min_value=1, max_value=MAX_CODES, value=100, step=1
        )
        if not st.form_submit_button(t("dash.waves.codes_button")):
            return

        def issued(codes: list[str]) -> Outcome:
            st.session_state[CODES_KEY] = (code_wave, codes)
            shown = charts.whole(len(codes))
            message = t("dash.waves.codes_issued", wave=code_wave, count=shown)
            return message, "codes.issue", {"wave": code_wave, "count": len(codes)}

        page.attempt(lambda: page.store.issue_codes(code_wave, int(count)), issued)


def issued_codes(page: WavesPage) -> None:
    """The codes just issued, to download once (and as printable slips)."""
    issued_now = st.session_state.get(CODES_KEY)
    if not issued_now:
        return
    code_wave, issued = issued_now
    detail = {"wave": code_wave, "count": len(issued)}
    st.warning(t("dash.waves.codes_once"))
    st.download_button(
        t("dash.waves.codes_download", count=charts.whole(len(issued))),
        data=export.codes_csv(code_wave, issued, (t("render.wave"), t("slips.code"))),
        file_name=export.file_name("codes", code_wave, "csv"),
        mime=export.CSV_MIME,
        on_click=lambda: page.store.audit(page.user, "export.codes", detail),
        icon=":material/download:",
        key="waves_codes_download",
    )
    coded_wave = page.by_name.get(code_wave)
    if coded_wave is not None:
        link = slips.survey_link(waves.app_base(st.context.url), code_wave, page.lang)
        st.download_button(
            t("waves.slips_download"),
            # Typeset on the click only: a page run must not wait for a PDF of slips.
            data=lambda: slips.slips_pdf(
                issued, link, coded_wave.title(page.lang), page.k, page.lang
            ),
            file_name=export.file_name("slips", code_wave, "pdf"),
            mime="application/pdf",
            on_click=lambda: page.store.audit(page.user, "export.slips", detail),
            icon=":material/print:",
            key="waves_slips_download",
        )
    if st.button(t("dash.waves.codes_forget"), key="waves_codes_forget"):
        del st.session_state[CODES_KEY]
        st.rerun()
