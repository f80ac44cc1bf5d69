"""The employee form's logic, free of Streamlit: its steps, what is unanswered, submitting.

The form walks one step per dimension, then the outcome questions, the
demographics and the comments, and ends on a review. The page keeps the
answers given so far in a plain mapping of question id to the widget's value;
`build_answers` turns that into what `Store.submit` takes, and the store checks
every value again (a request can be forged), so nothing here trusts the page.

Where the person is lives in the session's state (any mutable mapping, here
`st.session_state`) under the keys below; the functions after `steps` move
through it: to another step, back to the opening page, after a wrong code.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, Literal

from scoring.questionnaire import Survey, Text
from survey.store import Store, Wave

__all__ = [
    "ANSWERS",
    "BLOCKED_UNTIL",
    "CODE",
    "CONFIRM",
    "DISCARDED",
    "DISCARD_ASK",
    "DONE",
    "DONE_COOKIE",
    "INTRO",
    "MOVES",
    "NO_ANSWER",
    "RESTORED",
    "SCROLLED",
    "STEP",
    "UNSENT_CLEAR",
    "UNSENT_NONCE",
    "UNSENT_READY",
    "WAVE",
    "WRONG_CODES",
    "Step",
    "Unanswered",
    "build_answers",
    "code_for",
    "discard",
    "done_here",
    "field_key",
    "forget_answers",
    "go",
    "has_answers",
    "init_state",
    "question_numbers",
    "refill",
    "start",
    "steps",
    "submit",
    "unanswered",
    "widget_key",
    "wrong_code",
]

# The session state's keys. The answers given so far: question id -> widget value.
ANSWERS = "form.answers"
STEP = "form.step"
WAVE = "form.wave"
# The accepted access code, with its wave: (wave, code).
CODE = "form.code"
WRONG_CODES = "form.wrong_codes"
BLOCKED_UNTIL = "form.blocked_until"
CONFIRM = "form.confirm"
# The waves submitted from this session.
DONE = "form.done"
MOVES = "form.moves"
SCROLLED = "form.scrolled"
UNSENT_READY = "form.unsent_ready"
UNSENT_NONCE = "form.unsent_nonce"
UNSENT_CLEAR = "form.unsent_clear"
RESTORED = "form.restored"
DISCARD_ASK = "form.discard_ask"
DISCARDED = "form.discarded"
# The step of the opening page (the question steps count from 0).
INTRO = -1
# In open mode a session cookie (no value but "1", kept by the browser only)
# stops a reload from starting a second response in the same browser session.
DONE_COOKIE = "culture_done_{wave}"

State = MutableMapping[str, Any]

# The "응답하지 않음" choice the form adds to every demographic; stored as missing.
NO_ANSWER = "__no_answer__"

StepKind = Literal["dimension", "outcomes", "demographics", "comments"]


@dataclass(frozen=True)
class Step:
    """One page of questions: a dimension's items, the outcomes, demographics or comments.

    ``fields`` are the question ids answered on it, in survey order;
    ``dimension`` is the dimension's id on a dimension step.
    """

    kind: StepKind
    fields: tuple[str, ...]
    dimension: str | None = None


@dataclass(frozen=True)
class Unanswered:
    """A Likert item or outcome question left blank: where it is and what it asks."""

    step: int
    field: str
    number: int
    text: Text


def steps(survey: Survey) -> tuple[Step, ...]:
    """The form's question steps in order (the review that follows is not one of them)."""
    result = [
        Step("dimension", tuple(item.id for item in d.items), d.id) for d in survey.dimensions
    ]
    if survey.outcomes:
        result.append(Step("outcomes", tuple(o.id for o in survey.outcomes)))
    if survey.demographics:
        result.append(Step("demographics", tuple(d.id for d in survey.demographics)))
    if survey.comments:
        result.append(Step("comments", tuple(c.id for c in survey.comments)))
    return tuple(result)


def question_numbers(survey: Survey) -> dict[str, int]:
    """The number shown before each Likert item and outcome question (1, 2, ...)."""
    ids = [item.id for item in survey.items] + [o.id for o in survey.outcomes]
    return {question: number for number, question in enumerate(ids, start=1)}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unanswered(survey: Survey, answers: Mapping[str, object]) -> tuple[Unanswered, ...]:
    """The Likert items and outcome questions without an answer, in form order.

    Demographics and comments are optional by design, so they are never listed.
    """
    texts = {item.id: item.text for item in survey.items}
    texts |= {outcome.id: outcome.text for outcome in survey.outcomes}
    numbers = question_numbers(survey)
    return tuple(
        Unanswered(index, field, numbers[field], texts[field])
        for index, step in enumerate(steps(survey))
        for field in step.fields
        if field in texts and _blank(answers.get(field))
    )


def build_answers(survey: Survey, given: Mapping[str, object]) -> dict[str, object]:
    """What the store takes from the answers the page kept.

    The "응답하지 않음" choice of a demographic becomes None (missing); every
    other value, including any the survey does not know, is passed on for
    `Store.submit` to accept or refuse, so a forged value is refused rather
    than silently dropped.
    """
    demographics = {d.id for d in survey.demographics}
    # isinstance first: a forged value may be anything (pd.NA, an array) that
    # cannot be compared with a string.
    return {
        key: None if key in demographics and _is_no_answer(value) else value
        for key, value in given.items()
    }


def _is_no_answer(value: object) -> bool:
    return isinstance(value, str) and value == NO_ANSWER


def submit(store: Store, wave: str, given: Mapping[str, object], code: str | None) -> None:
    """Store one response of the form: `build_answers`, then `Store.submit`.

    Raises `SurveyError` (forged or out-of-range answers, a wave not open),
    `CodeError` or `StoreUnavailable` from the store; nothing is stored then.
    """
    store.submit(wave, build_answers(store.survey, given), code)


# ---------------------------------------------------------------- where the person is


def init_state(state: State) -> None:
    """The state of a new session: no answers, the opening page, nothing submitted."""
    state.setdefault(ANSWERS, {})
    state.setdefault(STEP, INTRO)
    state.setdefault(DONE, [])


def field_key(field: str) -> str:
    """The stable widget key of a question."""
    return f"form.q.{field}"


def widget_key(state: State, field: str) -> str:
    """The widget key of a question, refilled from the kept answer when it reappears."""
    key = field_key(field)
    answers = state[ANSWERS]
    if key not in state and field in answers:
        state[key] = answers[field]
    return key


def has_answers(answers: Mapping[str, object]) -> bool:
    """Whether anything has been answered (an empty comment is no answer)."""
    return any(value not in (None, "") for value in answers.values())


def go(state: State, target: int, leaving: Step | None) -> None:
    """Keep the answers of the step being left, then move to step `target`."""
    if leaving is not None:
        answers = state[ANSWERS]
        for field in leaving.fields:
            if field_key(field) in state:
                answers[field] = state[field_key(field)]
    state[STEP] = target
    state[CONFIRM] = False
    state[MOVES] = state.get(MOVES, 0) + 1


def start(state: State, wave: str, target: int) -> None:
    """Begin (or resume) answering `wave` at step `target`."""
    state[WAVE] = wave
    go(state, target, None)


def code_for(state: State, wave: Wave) -> str | None:
    """The access code accepted for `wave` in this session, if any."""
    kept = state.get(CODE)
    return kept[1] if kept is not None and kept[0] == wave.name else None


def forget_answers(state: State) -> None:
    """Back to the opening page with no answers and no code, here and in the browser."""
    for key in [k for k in state if str(k).startswith("form.q.")]:
        del state[key]
    state[ANSWERS] = {}
    state[STEP] = INTRO
    state[CONFIRM] = False
    state.pop(CODE, None)
    state.pop(RESTORED, None)
    # The browser's copy goes too, on the run that follows.
    state[UNSENT_CLEAR] = True


def discard(state: State) -> None:
    """ "응답 지우기": all answers and the code, here and in the browser."""
    forget_answers(state)
    state[DISCARD_ASK] = False
    state[DISCARDED] = True
    state[MOVES] = state.get(MOVES, 0) + 1


def wrong_code(state: State, limit: int, wait: int, now: float) -> bool:
    """Count a refused code; True when it is the `limit`-th and codes wait `wait` seconds."""
    state[WRONG_CODES] = state.get(WRONG_CODES, 0) + 1
    if state[WRONG_CODES] >= limit:
        state[BLOCKED_UNTIL] = now + wait
        return True
    return False


def done_here(state: State, wave: Wave, cookies: Mapping[str, str]) -> bool:
    """Whether `wave` was answered from this session, or (open mode) this browser session."""
    in_browser = wave.access_mode == "open" and DONE_COOKIE.format(wave=wave.name) in cookies
    return wave.name in state[DONE] or in_browser


def refill(state: State, wave: str, step: int, answers: Mapping[str, object]) -> None:
    """Take up answers the browser kept: their wave, their step, a notice that says so."""
    state[ANSWERS] = dict(answers)
    state[WAVE] = wave
    state[STEP] = step
    state[RESTORED] = True
    state[MOVES] = state.get(MOVES, 0) + 1
