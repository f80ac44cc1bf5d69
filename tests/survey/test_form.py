"""The employee form's state machine and its steps (survey/form.py)."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.questionnaire import Survey
from survey import form
from survey.store import Wave


@pytest.fixture
def state() -> dict[str, Any]:
    fresh: dict[str, Any] = {}
    form.init_state(fresh)
    return fresh


def code_wave(name: str = "w") -> Wave:
    return Wave(name, "open", "codes", None, None)


def test_a_new_session_starts_on_the_opening_page(state: dict[str, Any]) -> None:
    assert state == {form.ANSWERS: {}, form.STEP: form.INTRO, form.DONE: []}


def test_leaving_a_step_keeps_its_answers_and_counts_the_move(
    state: dict[str, Any], store_survey: Survey
) -> None:
    step = form.steps(store_survey)[0]
    state[form.field_key(step.fields[0])] = 4
    state[form.CONFIRM] = True
    form.go(state, 1, step)
    assert state[form.ANSWERS] == {step.fields[0]: 4}
    assert (state[form.STEP], state[form.CONFIRM], state[form.MOVES]) == (1, False, 1)
    form.start(state, "w", 0)
    assert (state[form.WAVE], state[form.STEP], state[form.MOVES]) == ("w", 0, 2)


def test_a_widget_is_refilled_from_the_kept_answer_once(state: dict[str, Any]) -> None:
    state[form.ANSWERS]["q1"] = 3
    assert form.widget_key(state, "q1") == "form.q.q1"
    assert state["form.q.q1"] == 3
    state["form.q.q1"] = 5  # the person changed it: no refill over it
    form.widget_key(state, "q1")
    assert state["form.q.q1"] == 5
    form.widget_key(state, "q2")
    assert "form.q.q2" not in state


def test_blank_answers_are_no_answers() -> None:
    assert not form.has_answers({"a": None, "c": ""})
    assert form.has_answers({"a": None, "b": 0})


def test_the_code_belongs_to_its_wave(state: dict[str, Any]) -> None:
    assert form.code_for(state, code_wave()) is None
    state[form.CODE] = ("w", "K7M2-QX9P")
    assert form.code_for(state, code_wave()) == "K7M2-QX9P"
    assert form.code_for(state, code_wave("other")) is None


def test_discarding_forgets_answers_code_and_the_browsers_copy(state: dict[str, Any]) -> None:
    state.update({form.CODE: ("w", "c"), form.RESTORED: True, "form.q.q1": 2, form.STEP: 3})
    state[form.ANSWERS]["q1"] = 2
    form.discard(state)
    assert "form.q.q1" not in state and form.CODE not in state and form.RESTORED not in state
    assert state[form.ANSWERS] == {} and state[form.STEP] == form.INTRO
    assert state[form.UNSENT_CLEAR] and state[form.DISCARDED] and not state[form.DISCARD_ASK]
    assert state[form.MOVES] == 1


def test_the_limit_th_wrong_code_blocks_for_the_wait(state: dict[str, Any]) -> None:
    assert not form.wrong_code(state, limit=2, wait=60, now=100.0)
    assert form.BLOCKED_UNTIL not in state
    assert form.wrong_code(state, limit=2, wait=60, now=130.0)
    assert state[form.BLOCKED_UNTIL] == 190.0


def test_a_wave_is_done_here_by_the_session_or_in_open_mode_the_cookie(
    state: dict[str, Any],
) -> None:
    link = Wave("w", "open", "open", None, None)
    cookie = {form.DONE_COOKIE.format(wave="w"): "1"}
    assert not form.done_here(state, link, {})
    assert form.done_here(state, link, cookie)
    assert not form.done_here(state, code_wave(), cookie)  # codes: one response per code
    state[form.DONE] = ["w"]
    assert form.done_here(state, code_wave(), {})


def test_a_refill_takes_up_the_browsers_copy(state: dict[str, Any]) -> None:
    form.refill(state, "w", 2, {"q1": 4})
    assert (state[form.WAVE], state[form.STEP], state[form.ANSWERS]) == ("w", 2, {"q1": 4})
    assert state[form.RESTORED] and state[form.MOVES] == 1
