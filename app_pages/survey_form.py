"""The anonymous employee survey: opening page, one step per dimension, review, thanks.

The answers given so far are kept in ``st.session_state`` under
``form.answers`` (question id -> widget value), so leaving a step, the page or
the language does not lose them; each widget has the stable key
``form.q.<question id>`` and is refilled from that mapping when it reappears.
A copy of them lives in the browser only (`survey.draft`): a reload or a new
page load of the survey within the hour refills the form from it; submitting
and "응답 지우기" remove it.
"""

from __future__ import annotations

import streamlit as st

from scoring.errors import SurveyError
from survey import draft, form, form_steps_view, form_view
from survey.i18n import current_lang, t
from survey.store import Store, Wave

lang = current_lang()
state = st.session_state
form.init_state(state)


def _page() -> Wave | None:
    """The page; returns the wave being answered, or None (none to answer, or thanked)."""
    try:
        survey = form_view.survey()
    except SurveyError as err:
        st.error(t("form.survey_broken"))
        st.error(err.message(lang))
        return None
    store = Store(survey=survey)
    wave = form_view.pick_wave(store)
    if wave is None:
        return None
    if form_view.done_here(wave):
        state[form.UNSENT_CLEAR] = True
        form_view.thanks(wave)
        return None
    steps = form.steps(survey)
    step = state[form.STEP]
    if step < 0:
        form_view.intro(survey, store, wave)
    elif step < len(steps):
        form_steps_view.section(survey, wave, steps, step)
    else:
        form_steps_view.review(survey, store, wave, steps)
    form_steps_view.scroll_to_top()
    return wave


try:
    answering = _page()
except SurveyError as error:
    st.error(error.message(lang))
    answering = None
draft.sync(answering, form_view.survey)
