"""The employee survey's way in and out: the wave, the access code, the opening page, the thanks.

`app_pages/survey_form.py` picks the screen; each function here draws one, and
the question steps and the review are in `survey.form_steps_view`, which uses
the controls kept here for every screen (the code form, the unsent answers'
notice and discard). The session's state is moved by `survey.form` (button
callbacks call it) and the answers kept as `survey.form` describes.
"""

from __future__ import annotations

import math
import os

import streamlit as st

from scoring.questionnaire import Survey, load_survey
from survey import form, session, settings
from survey.form import ANSWERS, BLOCKED_UNTIL, CODE, DISCARD_ASK, DISCARDED, DONE_COOKIE, RESTORED
from survey.i18n import current_lang, t
from survey.navigation import ACCESSIBILITY_PAGE, SIGNIN_PAGE
from survey.store import CodeError, Store, Wave

__all__ = [
    "code_for",
    "code_form",
    "discard_control",
    "done_here",
    "intro",
    "needs_code",
    "pick_wave",
    "restored_notice",
    "survey",
    "thanks",
]


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_survey(path: str, version: int) -> Survey:
    # `version` (the file's mtime) is only part of the cache key: an edited
    # file is read again.
    return load_survey(path)


def survey() -> Survey:
    """The configured survey, read again when its file changes."""
    path = str(settings.get("survey"))
    try:
        version = os.stat(path).st_mtime_ns
    except OSError:
        version = -1
    return _load_survey(path, version)


def _start(wave: str, target: int) -> None:
    form.start(st.session_state, wave, target)


def code_for(wave: Wave) -> str | None:
    return form.code_for(st.session_state, wave)


def done_here(wave: Wave) -> bool:
    return form.done_here(st.session_state, wave, st.context.cookies.to_dict())


def needs_code(wave: Wave) -> bool:
    """Whether the wave asks for an access code this session has not given yet."""
    return wave.access_mode == "codes" and code_for(wave) is None


# ---------------------------------------------------------------- unsent answers


def _discard() -> None:
    form.discard(st.session_state)


def _ask_discard(asking: bool) -> None:
    st.session_state[DISCARD_ASK] = asking


def discard_control() -> None:
    """The visible "응답 지우기" control, with one confirmation, for shared computers."""
    if st.session_state.get(DISCARD_ASK):
        st.warning(t("form.unsent.confirm"))
        with st.container(horizontal=True):
            st.button(
                t("form.unsent.confirm_no"),
                key="form.discard_no",
                on_click=_ask_discard,
                args=(False,),
            )
            st.button(t("form.unsent.confirm_yes"), key="form.discard_yes", on_click=_discard)
        return
    st.button(
        t("form.unsent.discard"),
        key="form.discard",
        icon=":material/delete:",
        on_click=_ask_discard,
        args=(True,),
    )
    st.caption(t("form.unsent.discard_help"))


def restored_notice(wave: Wave) -> None:
    if st.session_state.pop(RESTORED, False):
        st.info(t("form.unsent.restored"), icon=":material/restore:")
        if needs_code(wave):
            st.info(t("form.unsent.code_again"))


# ---------------------------------------------------------------- the wave and the code


def pick_wave(store: Store) -> Wave | None:
    """The wave to answer, or None after saying why there is none."""
    waves = {wave.name: wave for wave in store.list_waves()}
    name = st.query_params.get("wave") or st.session_state.get(form.WAVE)
    if name:
        wave = waves.get(name)
        if wave is None:
            st.error(t("form.wave_unknown", name=name))
        elif wave.status == "closed":
            st.warning(t("form.wave_closed", name=name))
        elif wave.status == "draft":
            st.info(t("form.wave_draft", name=name))
        else:
            return wave
        return None
    open_waves = [wave.name for wave in waves.values() if wave.status == "open"]
    if not open_waves:
        st.info(t("form.no_open_wave"))
        return None
    if len(open_waves) == 1:
        return waves[open_waves[0]]
    return waves[
        st.selectbox(
            t("form.wave_choose"),
            open_waves,
            format_func=lambda n: waves[n].title(current_lang()),
            key="form.wave_select",
        )
    ]


def code_form(store: Store, wave: Wave, then: int | None) -> None:
    """The access code input; a valid code is kept for the submission."""
    state = st.session_state
    with st.form("form.code_form"):
        entered = st.text_input(
            t("slips.code"), placeholder="K7M2-QX9P", max_chars=20, key="form.code_input"
        )
        st.caption(t("form.code.help"))
        pressed = st.form_submit_button(t("form.code.submit"), type="primary", width="stretch")
    waiting = state.get(BLOCKED_UNTIL, 0.0) - session.clock()
    if not pressed:
        return
    if waiting > 0:
        st.warning(t("form.code.cooldown", seconds=math.ceil(waiting)))
        return
    code = entered.strip()
    if not code:
        st.error(t("form.code.missing"))
        return
    # Both settings are read first: a bad value is the settings' own error.
    limit = int(settings.get("code_cooldown"))
    wait = int(settings.get("code_wait"))
    try:
        store.try_code(wave.name, code)
    except CodeError as err:
        if err.status == "wait":
            st.warning(err.message(current_lang()))
        # A used code counts too: guessing would meet used codes as well.
        elif form.wrong_code(state, limit, wait, session.clock()):
            st.warning(t("form.code.cooldown", seconds=wait))
        else:
            st.error(t("form.code.invalid"))
        return
    state[CODE] = (wave.name, code)
    if then is not None:
        _start(wave.name, then)
    st.rerun()


# ---------------------------------------------------------------- the screens


def intro(survey: Survey, store: Store, wave: Wave) -> None:
    """The opening page: what the survey is for, what is kept, the code or the start."""
    state = st.session_state
    st.title(survey.title.get(current_lang()))
    questions = len(survey.items) + len(survey.outcomes)
    st.write(t("form.intro.purpose", target=f"{survey.target:g}"))
    st.write(t("form.intro.time", questions=questions))
    st.subheader(t("form.intro.privacy_title"))
    promise = [
        t("form.intro.stored"),
        t("form.intro.not_stored"),
        t("form.intro.codes" if wave.access_mode == "codes" else "form.intro.open"),
        t("form.intro.groups", k=survey.min_group_size),
        t("form.unsent.note"),
    ]
    if state.pop(DISCARDED, False):
        st.success(t("form.unsent.discarded"))
    restored_notice(wave)
    st.markdown("\n".join(f"- {line}" for line in promise))
    if needs_code(wave):
        code_form(store, wave, then=0)
    else:
        if wave.access_mode == "codes":
            st.success(t("form.code.accepted"))
        resume = form.has_answers(state[ANSWERS])
        st.button(
            t("form.resume" if resume else "form.start"),
            type="primary",
            width="stretch",
            key="form.start",
            on_click=_start,
            args=(wave.name, 0),
        )
        if resume:
            discard_control()
    st.page_link(SIGNIN_PAGE, label=t("signin.title"), icon=":material/lock:")
    st.page_link(ACCESSIBILITY_PAGE, label=t("a11y.nav"), icon=":material/accessibility_new:")


def thanks(wave: Wave) -> None:
    """The thanks after a submission; in open mode the cookie that says this browser answered."""
    st.title(t("form.thanks.title"))
    st.success(t("form.thanks.body"), icon=":material/check_circle:")
    if wave.access_mode == "open":
        cookie = DONE_COOKIE.format(wave=wave.name)
        st.html(
            f"<script>document.cookie = '{cookie}=1; path=/; SameSite=Strict';</script>",
            unsafe_allow_javascript=True,
        )
