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

import math
import os
import re
import secrets
from itertools import groupby

import streamlit as st

from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from survey import draft, form, masking, session, settings
from survey.form import NO_ANSWER, Step
from survey.i18n import current_lang, t
from survey.navigation import ACCESSIBILITY_PAGE, SIGNIN_PAGE
from survey.store import CodeError, Store, StoreUnavailable, Wave

ANSWERS = "form.answers"
STEP = "form.step"
WAVE = "form.wave"
CODE = "form.code"
WRONG_CODES = "form.wrong_codes"
BLOCKED_UNTIL = "form.blocked_until"
CONFIRM = "form.confirm"
DONE = "form.done"
MOVES = "form.moves"
SCROLLED = "form.scrolled"
UNSENT_READY = "form.unsent_ready"
UNSENT_NONCE = "form.unsent_nonce"
UNSENT_CLEAR = "form.unsent_clear"
RESTORED = "form.restored"
DISCARD_ASK = "form.discard_ask"
DISCARDED = "form.discarded"
INTRO = -1
# In open mode a session cookie (no value but "1", kept by the browser only)
# stops a reload from starting a second response in the same browser session.
DONE_COOKIE = "culture_done_{wave}"

lang = current_lang()
state = st.session_state
state.setdefault(ANSWERS, {})
state.setdefault(STEP, INTRO)
state.setdefault(DONE, [])


@st.cache_resource(show_spinner=False, max_entries=4)
def _load_survey(path: str, version: int) -> Survey:
    # `version` (the file's mtime) is only part of the cache key: an edited
    # file is read again.
    return load_survey(path)


def _survey() -> Survey:
    path = str(settings.get("survey"))
    try:
        version = os.stat(path).st_mtime_ns
    except OSError:
        version = -1
    return _load_survey(path, version)


def _key(field: str) -> str:
    return f"form.q.{field}"


def _step_title(survey: Survey, step: Step) -> str:
    if step.kind == "dimension":
        dimension = survey.dimension(step.dimension or "")
        return dimension.label.get(lang) if dimension is not None else ""
    return t(f"form.step.{step.kind}")


def _go(target: int, leaving: Step | None) -> None:
    """Button callback: keep the answers of the step being left, then move."""
    if leaving is not None:
        answers = state[ANSWERS]
        for field in leaving.fields:
            if _key(field) in state:
                answers[field] = state[_key(field)]
    state[STEP] = target
    state[CONFIRM] = False
    state[MOVES] = state.get(MOVES, 0) + 1


def _start(wave: str, target: int) -> None:
    """Begin (or resume) answering `wave` at step `target`."""
    state[WAVE] = wave
    _go(target, None)


def _scroll_to_top() -> None:
    """After a move to another step, show it from its top, not where the last one ended."""
    moves = state.get(MOVES, 0)
    if state.get(SCROLLED) == moves:
        return
    state[SCROLLED] = moves
    # The move count in the script makes each one a new element, so it runs again.
    st.html(
        f"<script>/* move {moves} */"
        "document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0);</script>",
        unsafe_allow_javascript=True,
    )


def _widget_key(field: str) -> str:
    """The widget key of a question, refilled from the kept answer when it reappears."""
    key = _key(field)
    if key not in state and field in state[ANSWERS]:
        state[key] = state[ANSWERS][field]
    return key


def _keep(field: str, value: object) -> None:
    state[ANSWERS][field] = value


def _code_for(wave: Wave) -> str | None:
    kept = state.get(CODE)
    return kept[1] if kept is not None and kept[0] == wave.name else None


def _forget_answers() -> None:
    for key in [k for k in state if str(k).startswith("form.q.")]:
        del state[key]
    state[ANSWERS] = {}
    state[STEP] = INTRO
    state[CONFIRM] = False
    state.pop(CODE, None)
    state.pop(RESTORED, None)
    # The browser's copy goes too, on the run that follows.
    state[UNSENT_CLEAR] = True


def _discard() -> None:
    """Button callback of "응답 지우기": all answers and the code, here and in the browser."""
    _forget_answers()
    state[DISCARD_ASK] = False
    state[DISCARDED] = True
    state[MOVES] = state.get(MOVES, 0) + 1


def _ask_discard(asking: bool) -> None:
    state[DISCARD_ASK] = asking


def _discard_control() -> None:
    """The visible "응답 지우기" control, with one confirmation, for shared computers."""
    if state.get(DISCARD_ASK):
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
    if state.pop(RESTORED, False):
        st.info(t("form.unsent.restored"), icon=":material/restore:")
        if wave.access_mode == "codes" and _code_for(wave) is None:
            st.info(t("form.unsent.code_again"))


# ---------------------------------------------------------------- the wave


def _pick_wave(store: Store) -> Wave | None:
    """The wave to answer, or None after saying why there is none."""
    waves = {wave.name: wave for wave in store.list_waves()}
    name = st.query_params.get("wave") or state.get(WAVE)
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


# ---------------------------------------------------------------- access codes


def _code_form(store: Store, wave: Wave, then: int | None) -> None:
    """The access code input; a valid code is kept for the submission."""
    with st.form("form.code_form"):
        entered = st.text_input(
            t("form.code.label"), placeholder="K7M2-QX9P", max_chars=20, key="form.code_input"
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
            st.warning(err.message(lang))
            return
        # A used code counts too: guessing would meet used codes as well.
        state[WRONG_CODES] = state.get(WRONG_CODES, 0) + 1
        if state[WRONG_CODES] >= limit:
            state[BLOCKED_UNTIL] = session.clock() + wait
            st.warning(t("form.code.cooldown", seconds=wait))
        else:
            st.error(t("form.code.invalid"))
        return
    state[CODE] = (wave.name, code)
    if then is not None:
        _start(wave.name, then)
    st.rerun()


# ---------------------------------------------------------------- the steps


def _intro(survey: Survey, store: Store, wave: Wave) -> None:
    st.title(survey.title.get(lang))
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
        resume = any(value not in (None, "") for value in state[ANSWERS].values())
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
    st.page_link(SIGNIN_PAGE, label=t("form.staff_link"), icon=":material/lock:")
    st.page_link(ACCESSIBILITY_PAGE, label=t("a11y.nav"), icon=":material/accessibility_new:")


def _questions(survey: Survey, step: Step) -> None:
    numbers = form.question_numbers(survey)
    scale = list(range(1, survey.points + 1))
    labels = [label.get(lang) for label in survey.scale_labels]

    def likert(field: str, text: str) -> None:
        value = st.radio(
            # The escaped dot keeps "3. ..." from being read as a Markdown list.
            f"{numbers[field]}\\. {text}",
            options=scale,
            format_func=lambda point: labels[point - 1],
            horizontal=True,
            index=None,
            key=_widget_key(field),
        )
        _keep(field, value)

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
            value = st.radio(
                f"{numbers[outcome.id]}\\. {outcome.text.get(lang)}",
                options=list(range(outcome.low, outcome.high + 1)),
                format_func=lambda point, ends=ends: (
                    t("form.recommend_end", value=point, anchor=ends[point])
                    if point in ends
                    else str(point)
                ),
                horizontal=True,
                index=None,
                key=_widget_key(outcome.id),
            )
            st.caption(t("form.recommend_scale"))
            _keep(outcome.id, value)
    elif step.kind == "demographics":
        st.caption(t("form.demographics_help", k=survey.min_group_size))
        for demographic in survey.demographics:
            names = {option.id: option.label.get(lang) for option in demographic.options}
            names[NO_ANSWER] = t("form.no_answer")
            value = st.radio(
                demographic.label.get(lang),
                options=list(names),
                format_func=names.__getitem__,
                index=None,
                key=_widget_key(demographic.id),
            )
            _keep(demographic.id, value)
    else:
        st.info(t("form.comments_help"), icon=":material/privacy_tip:")
        for comment in survey.comments:
            value = st.text_area(
                comment.text.get(lang), max_chars=comment.max_length, key=_widget_key(comment.id)
            )
            _keep(comment.id, value)
            _masking_notice(value)


_MARKDOWN = re.compile(r"([\\`*_~\[\]<>#|])")


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
            reason=masking.reason(span.kind, lang),
        )
        for span in spans
    ]
    st.warning(
        t("form.masking.notice") + "\n\n" + "\n".join(f"- {line}" for line in lines),
        icon=":material/visibility_off:",
    )


def _section(survey: Survey, wave: Wave, steps: tuple[Step, ...], index: int) -> None:
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
    _forget_answers()
    st.rerun()


def _review(survey: Survey, store: Store, wave: Wave, steps: tuple[Step, ...]) -> None:
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
            st.markdown("\n".join(f"- {u.number}\\. {u.text.get(lang)}" for u in group))
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


def _thanks(wave: Wave) -> None:
    st.title(t("form.thanks.title"))
    st.success(t("form.thanks.body"), icon=":material/check_circle:")
    if wave.access_mode == "open":
        cookie = DONE_COOKIE.format(wave=wave.name)
        st.html(
            f"<script>document.cookie = '{cookie}=1; path=/; SameSite=Strict';</script>",
            unsafe_allow_javascript=True,
        )


def _done_here(wave: Wave) -> bool:
    cookies = st.context.cookies.to_dict()
    done_here = wave.access_mode == "open" and DONE_COOKIE.format(wave=wave.name) in cookies
    return wave.name in state[DONE] or done_here


def _page() -> Wave | None:
    """The page; returns the wave being answered, or None (none to answer, or thanked)."""
    try:
        survey = _survey()
    except SurveyError as err:
        st.error(t("form.survey_broken"))
        st.error(err.message(lang))
        return None
    store = Store(survey=survey)
    wave = _pick_wave(store)
    if wave is None:
        return None
    if _done_here(wave):
        state[UNSENT_CLEAR] = True
        _thanks(wave)
        return None
    steps = form.steps(survey)
    step = state[STEP]
    if step < 0:
        _intro(survey, store, wave)
    elif step < len(steps):
        _section(survey, wave, steps, step)
    else:
        _review(survey, store, wave, steps)
    _scroll_to_top()
    return wave


# ---------------------------------------------------------------- the browser's copy


def _restore(loaded: object) -> None:
    """Refill the form from the copy the browser kept, if it is one for an open wave."""
    survey = _survey()
    kept = draft.restore(survey, loaded, len(form.steps(survey)), NO_ANSWER)
    if kept is None:
        # Expired, tampered or empty: nothing of it is worth keeping.
        state[UNSENT_CLEAR] = True
        return
    asked = st.query_params.get("wave")
    if asked and asked != kept.wave:
        return  # another wave's copy waits for that wave's link
    wave = next((w for w in Store(survey=survey).list_waves() if w.name == kept.wave), None)
    if wave is None or wave.status != "open" or _done_here(wave):
        state[UNSENT_CLEAR] = True
        return
    if any(value not in (None, "") for value in state[ANSWERS].values()):
        return  # this tab's own answers come first
    state[ANSWERS] = dict(kept.answers)
    state[WAVE] = kept.wave
    state[STEP] = kept.step
    state[RESTORED] = True
    state[MOVES] = state.get(MOVES, 0) + 1


def _keep_in_browser(wave: Wave | None) -> None:
    """After the page: read the browser's copy once per session, then keep it up to date."""
    nonce = state.setdefault(UNSENT_NONCE, secrets.token_hex(8))
    if not state.get(UNSENT_READY):
        loaded = draft.keep("load", nonce)
        if loaded is not None:
            state[UNSENT_READY] = True
            _restore(loaded)
            st.rerun()
        return
    copy = draft.snapshot(wave.name, state[STEP], state[ANSWERS]) if wave is not None else None
    if copy is not None:
        state[UNSENT_CLEAR] = False
        draft.keep("save", nonce, copy)
    else:
        draft.keep("clear" if state.get(UNSENT_CLEAR) else "idle", nonce)


try:
    answering = _page()
except SurveyError as error:
    st.error(error.message(lang))
    answering = None
_keep_in_browser(answering)
