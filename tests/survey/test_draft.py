"""The browser's copy of unsent answers: what is kept, and what a copy read back may refill."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.questionnaire import Survey, load_survey
from survey import draft
from survey.form import NO_ANSWER

NOW = 1_800_000_000_000  # ms, the browser's clock


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(Path(__file__).resolve().parents[2] / "questions.yaml")


def loaded(survey: Survey, age_ms: int = 0, **changes: object) -> dict:
    item = survey.items[0].id
    demographic = survey.demographics[0]
    comment = survey.comments[0].id
    copy = {
        "wave": "2026-H2",
        "step": 2,
        "saved": NOW - age_ms,
        "answers": {item: 4, demographic.id: demographic.options[0].id, comment: "좋습니다"},
    }
    copy.update(changes)
    return {"copy": copy, "now": NOW}


def test_snapshot_keeps_answers_only_and_nothing_when_blank() -> None:
    assert draft.snapshot("2026-H2", 0, {"a": None, "b": ""}) is None
    assert draft.snapshot("2026-H2", 1, {"a": 3, "b": None}) == {
        "wave": "2026-H2",
        "step": 1,
        "answers": {"a": 3},
    }


def test_a_fresh_copy_is_restored(survey: Survey) -> None:
    kept = draft.restore(survey, loaded(survey, age_ms=59 * 60 * 1000), 9, NO_ANSWER)
    assert kept is not None and kept.wave == "2026-H2" and kept.step == 2
    assert kept.answers[survey.items[0].id] == 4


def test_an_hour_old_copy_is_dropped(survey: Survey) -> None:
    assert draft.restore(survey, loaded(survey, age_ms=draft.MAX_AGE_MS + 1), 9, NO_ANSWER) is None
    # Written "in the future" by more than a minute: not trusted either.
    assert draft.restore(survey, loaded(survey, age_ms=-2 * 60 * 1000), 9, NO_ANSWER) is None


@pytest.mark.parametrize(
    "bad",
    [None, "text", [], {"copy": None, "now": NOW}, {"copy": {}, "now": "soon"}, {"now": NOW}],
)
def test_anything_but_a_copy_is_dropped(survey: Survey, bad: object) -> None:
    assert draft.restore(survey, bad, 9, NO_ANSWER) is None


def test_tampered_values_are_dropped_one_by_one(survey: Survey) -> None:
    item, other = survey.items[0].id, survey.items[1].id
    comment = survey.comments[0]
    answers = {
        item: survey.points + 1,  # off the scale
        other: True,  # a bool is no scale point
        "unknown": 3,
        survey.demographics[0].id: "not-an-option",
        comment.id: "x" * (comment.max_length + 1),
        survey.items[2].id: 2,
    }
    kept = draft.restore(survey, loaded(survey, answers=answers, step=99), 9, NO_ANSWER)
    assert kept is not None
    assert kept.answers == {survey.items[2].id: 2}
    assert kept.step == 9  # the review at most
    assert draft.restore(survey, loaded(survey, step=-5), 9, NO_ANSWER).step == -1
    assert draft.restore(survey, loaded(survey, answers={"unknown": 1}), 9, NO_ANSWER) is None
