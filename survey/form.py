"""The employee form's logic, free of Streamlit: its steps, what is unanswered, submitting.

The form walks one step per dimension, then the outcome questions, the
demographics and the comments, and ends on a review. The page keeps the
answers given so far in a plain mapping of question id to the widget's value;
`build_answers` turns that into what `Store.submit` takes, and the store checks
every value again (a request can be forged), so nothing here trusts the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from scoring.questionnaire import Survey, Text
from survey.store import Store

__all__ = [
    "NO_ANSWER",
    "Step",
    "Unanswered",
    "build_answers",
    "question_numbers",
    "steps",
    "submit",
    "unanswered",
]

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
