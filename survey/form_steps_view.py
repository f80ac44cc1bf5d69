"""The employee survey's question steps and the review that submits them.

`app_pages/survey_form.py` draws one step (`section`) or the review
(`review`) once the opening page (`survey.form_view.intro`) is left, and
`scroll_to_top` after every screen; a move between them is `survey.form.go`.
"""

from __future__ import annotations

import re
from itertools import groupby

import streamlit as st

from scoring.errors import SurveyError
from scoring.questionnaire import Survey
from survey import form, masking, settings
from survey.form import ANSWERS, CODE, CONFIRM, DONE, NO_ANSWER, Step
from survey.form_view import code_for, code_form, discard_control, needs_code, restored_notice
from survey.i18n import current_lang, t
from survey.store import CodeError, Store, StoreUnavailable, Wave

__all__ = ["review", "scroll_to_top", "section"]

# Markdown's own characters, escaped where a comment's text is quoted.
_MARKDOWN = re.compile(r"([\\`*_~\[\]<>#|])")


def _go(target: int, leaving: Step | None) -> None:
    form.go(st.session_state, target, leaving)


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


def _numbered(number: int, text: str) -> str:
    """A question's text after its number; the escaped dot keeps "3. ..." from being a list."""
    return f"{number}\\. {text}"


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
        label = _numbered(numbers[field], text)
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
                _numbered(numbers[outcome.id], outcome.text.get(lang)),
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


def _heading(wave: Wave, steps: tuple[Step, ...], index: int, title: str) -> None:
    """The progress (the review is the last of ``len(steps) + 1``), the title, a restored notice."""
    total = len(steps) + 1
    st.progress((index + 1) / total, text=t("form.progress", step=index + 1, total=total))
    st.header(title)
    restored_notice(wave)


def section(survey: Survey, wave: Wave, steps: tuple[Step, ...], index: int) -> None:
    """One step of questions, with its progress and the moves to the next and back."""
    step = steps[index]
    _heading(wave, steps, index, _step_title(survey, step))
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
    discard_control()


def _submit(store: Store, wave: Wave) -> None:
    """Store the response; on any refusal say why and keep every answer."""
    state = st.session_state
    lang = current_lang()
    try:
        form.submit(store, wave.name, state[ANSWERS], code_for(wave))
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
    _heading(wave, steps, len(steps), t("form.step.review"))
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
            lines = (_numbered(u.number, u.text.get(current_lang())) for u in group)
            st.markdown("\n".join(f"- {line}" for line in lines))
            st.button(
                t("form.review.go_to", section=title),
                key=f"form.goto.{index}",
                on_click=_go,
                args=(index, None),
            )
    need_code = needs_code(wave)
    if need_code:
        st.info(t("form.code.again"))
        code_form(store, wave, then=None)
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
    discard_control()
