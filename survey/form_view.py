"""The employee survey's screens: the wave, the access code, the steps, the review, the thanks.

`app_pages/survey_form.py` picks the screen; each function here draws one,
with the session's state moved by `survey.form` (button callbacks call it) and
the answers kept as `survey.form` describes.
"""

from __future__ import annotations

import math
import os
import re
from itertools import groupby

import streamlit as st

from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from survey import form, masking, session, settings
from survey.form import (
    ANSWERS,
    BLOCKED_UNTIL,
    CODE,
    CONFIRM,
    DISCARD_ASK,
    DISCARDED,
    DONE,
    DONE_COOKIE,
    NO_ANSWER,
    RESTORED,
    Step,
)
from survey.i18n import current_lang, t
from survey.navigation import ACCESSIBILITY_PAGE, SIGNIN_PAGE
from survey.store import CodeError, Store, StoreUnavailable, Wave

__all__ = [
    "done_here",
    "intro",
    "pick_wave",
    "review",
    "scroll_to_top",
    "section",
    "survey",
    "thanks",
]

# Markdown's own characters, escaped where a comment's text is quoted.
_MARKDOWN = re.compile(r"([\\`*_~\[\]<>#|])")


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


def _go(target: int, leaving: Step | None) -> None:
    form.go(st.session_state, target, leaving)


def _start(wave: str, target: int) -> None:
    form.start(st.session_state, wave, target)


def _code_for(wave: Wave) -> str | None:
    return form.code_for(st.session_state, wave)


def done_here(wave: Wave) -> bool:
    return form.done_here(st.session_state, wave, st.context.cookies.to_dict())


def _step_title(survey: Survey, step: Step) -> str:
    if step.kind == "dimension":
        dimension = survey.dimension(step.dimension or "")
        return dimension.label.get(current_lang()) if dimension is not None else ""
    return t(f"form.step.{step.kind}")


def scroll_to_top() -> None:
    """After a move to another step, show it from its top, not where the last one ended."""
    state = st.session_state
    moves = state.get(form.MOVES, 0)
    if state.get(form.SCROLLED) == moves:
        return
    state[form.SCROLLED] = moves
    # The move count in the script makes each one a new element, so it runs again.
    st.html(
        f"<script>/* move {moves} */"
        "document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0);</script>",
        unsafe_allow_javascript=True,
    )


# ---------------------------------------------------------------- unsent answers


def _discard() -> None:
    form.discard(st.session_state)


def _ask_discard(asking: bool) -> None:
    st.session_state[DISCARD_ASK] = asking


def _discard_control() -> None:
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


def _restored_notice(wave: Wave) -> None:
    if st.session_state.pop(RESTORED, False):
        st.info(t("form.unsent.restored"), icon=":material/restore:")
        if wave.access_mode == "codes" and _code_for(wave) is None:
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


def _code_form(store: Store, wave: Wave, then: int | None) -> None:
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
    _restored_notice(wave)
    st.markdown("\n".join(f"- {line}" for line in promise))
    if wave.access_mode == "codes" and _code_for(wave) is None:
        _code_form(store, wave, then=0)
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
            _discard_control()
    st.page_link(SIGNIN_PAGE, label=t("signin.title"), icon=":material/lock:")
    st.page_link(ACCESSIBILITY_PAGE, label=t("a11y.nav"), icon=":material/accessibility_new:")


def _radio(field: str, label: str, options: list, format_func, **extra: object) -> None:
    """One question as a radio group, refilled from and kept in the answers."""
    value = st.radio(
        label,
        options=options,
        format_func=format_func,
        index=None,
        key=form.widget_key(st.session_state, field),
        **extra,
    )
    st.session_state[ANSWERS][field] = value


def _questions(survey: Survey, step: Step) -> None:
    lang = current_lang()
    numbers = form.question_numbers(survey)
    scale = list(range(1, survey.points + 1))
    labels = [label.get(lang) for label in survey.scale_labels]

    def likert(field: str, text: str) -> None:
        # The escaped dot keeps "3. ..." from being read as a Markdown list.
        label = f"{numbers[field]}\\. {text}"
        _radio(field, label, scale, lambda point: labels[point - 1], horizontal=True)

    if step.kind == "dimension":
        st.caption(t("form.likert_help"))
        dimension = survey.dimension(step.dimension or "")
        for item in dimension.items if dimension is not None else ():
            likert(item.id, item.text.get(lang))
    elif step.kind == "outcomes":
        for outcome in survey.outcomes:
            if outcome.kind == "satisfaction":
                likert(outcome.id, outcome.text.get(lang))
                continue
            # The anchors sit on the scale's ends, so a vertical list on a phone
            # still says which end is which.
            ends = {
                outcome.low: t("form.recommend_low"),
                outcome.high: t("form.recommend_high"),
            }
            _radio(
                outcome.id,
                f"{numbers[outcome.id]}\\. {outcome.text.get(lang)}",
                list(range(outcome.low, outcome.high + 1)),
                lambda point, ends=ends: (
                    t("form.recommend_end", value=point, anchor=ends[point])
                    if point in ends
                    else str(point)
                ),
                horizontal=True,
            )
            st.caption(t("form.recommend_scale"))
    elif step.kind == "demographics":
        st.caption(t("form.demographics_help", k=survey.min_group_size))
        for demographic in survey.demographics:
            names = {option.id: option.label.get(lang) for option in demographic.options}
            names[NO_ANSWER] = t("form.no_answer")
            _radio(demographic.id, demographic.label.get(lang), list(names), names.__getitem__)
    else:
        st.info(t("form.comments_help"), icon=":material/privacy_tip:")
        for comment in survey.comments:
            value = st.text_area(
                comment.text.get(lang),
                max_chars=comment.max_length,
                key=form.widget_key(st.session_state, comment.id),
            )
            st.session_state[ANSWERS][comment.id] = value
            _masking_notice(value)


def _masking_notice(value: str | None) -> None:
    """Before submitting, the employee sees which parts of a comment will be masked and why."""
    if not value:
        return
    try:
        spans = masking.find(value, masking.configured())
    except SurveyError:
        return  # the submission says so, and stores nothing
    if not spans:
        return
    lines = [
        t(
            "form.masking.part",
            part=_MARKDOWN.sub(r"\\\1", value[span.start : span.end]),
            # What will be stored: placeholders are in the installation's language.
            placeholder=masking.placeholder(span.kind, str(settings.get("lang"))),
            reason=masking.reason(span.kind, current_lang()),
        )
        for span in spans
    ]
    st.warning(
        t("form.masking.notice") + "\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/visibility_off:",
    )


def section(survey: Survey, wave: Wave, steps: tuple[Step, ...], index: int) -> None:
    """One step of questions, with its progress and the moves to the next and back."""
    step = steps[index]
    total = len(steps) + 1
    st.progress((index + 1) / total, text=t("form.progress", step=index + 1, total=total))
    st.header(_step_title(survey, step))
    _restored_notice(wave)
    _questions(survey, step)
    with st.container(horizontal=True):
        st.button(t("form.prev"), key="form.prev", on_click=_go, args=(index - 1, step))
        last = index == len(steps) - 1
        st.button(
            t("form.to_review" if last else "form.next"),
            key="form.next",
            type="primary",
            on_click=_go,
            args=(index + 1, step),
        )
    _discard_control()


def _submit(store: Store, wave: Wave) -> None:
    """Store the response; on any refusal say why and keep every answer."""
    state = st.session_state
    lang = current_lang()
    try:
        form.submit(store, wave.name, state[ANSWERS], _code_for(wave))
    except CodeError as err:
        state.pop(CODE, None)
        st.error(err.message(lang) if err.status == "wait" else t("form.code.invalid"))
        st.info(t("form.code.again"))
        return
    except StoreUnavailable as err:
        st.error(err.message(lang))
        st.info(t("form.kept"))
        return
    except SurveyError as err:
        st.error(err.message(lang))
        return
    # Marked before anything else can run: a second click finds the wave done.
    state[DONE] = [*state[DONE], wave.name]
    form.forget_answers(state)
    st.rerun()


def review(survey: Survey, store: Store, wave: Wave, steps: tuple[Step, ...]) -> None:
    """The review: what is unanswered, the code if needed, and the submission."""
    state = st.session_state
    total = len(steps) + 1
    st.progress(1.0, text=t("form.progress", step=total, total=total))
    st.header(t("form.step.review"))
    _restored_notice(wave)
    missing = form.unanswered(survey, state[ANSWERS])
    questions = len(form.question_numbers(survey))
    st.write(t("form.review.count", total=questions, answered=questions - len(missing)))
    if not missing:
        st.success(t("form.review.complete"))
    else:
        st.subheader(t("form.review.missing_title"))
        for index, group in groupby(missing, key=lambda entry: entry.step):
            title = _step_title(survey, steps[index])
            st.markdown(f"**{title}**")
            st.markdown("\n".join(f"- {u.number}\\. {u.text.get(current_lang())}" for u in group))
            st.button(
                t("form.review.go_to", section=title),
                key=f"form.goto.{index}",
                on_click=_go,
                args=(index, None),
            )
    need_code = wave.access_mode == "codes" and _code_for(wave) is None
    if need_code:
        st.info(t("form.code.again"))
        _code_form(store, wave, then=None)
    if missing and state.get(CONFIRM):
        st.warning(t("form.confirm", count=len(missing)))
        with st.container(horizontal=True):
            st.button(
                t("form.confirm_no"),
                key="form.confirm_no",
                on_click=_go,
                args=(missing[0].step, None),
            )
            anyway = st.button(
                t("form.confirm_yes"), key="form.confirm_yes", type="primary", disabled=need_code
            )
        if anyway:
            _submit(store, wave)
        return
    with st.container(horizontal=True):
        st.button(t("form.prev"), key="form.prev", on_click=_go, args=(len(steps) - 1, None))
        pressed = st.button(t("form.submit"), key="form.submit", type="primary", disabled=need_code)
    if pressed:
        if missing:
            state[CONFIRM] = True
            st.rerun()
        _submit(store, wave)
    _discard_control()


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
