"""Tests for scoring/messages.py and scoring/errors.py: the message table and the error type."""

from __future__ import annotations

import importlib
import pickle
import pkgutil
import string

import pytest

import scoring
from scoring import messages
from scoring.errors import MAX_PROBLEMS, Problem, SurveyError
from scoring.messages import LANGUAGES, MESSAGES, quote, register, text


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def load_everything() -> None:
    """Import every module of both packages and the app's catalogues: the whole table."""
    import survey
    import survey.text

    for package in (scoring, survey):
        for module in pkgutil.iter_modules(package.__path__):
            if not module.name.startswith("__"):
                importlib.import_module(f"{package.__name__}.{module.name}")


def test_every_message_exists_in_both_languages_with_the_same_fields() -> None:
    load_everything()
    assert len(MESSAGES) > 500
    wrong = []
    for key, templates in MESSAGES.items():
        if not all(templates.get(lang, "").strip() for lang in LANGUAGES):
            wrong.append(f"{key}: a language is missing")
        elif fields(templates["ko"]) != fields(templates["en"]):
            wrong.append(f"{key}: different fields in ko and en")
        else:
            dummy = dict.fromkeys(fields(templates["ko"]), "X")
            text(key, "ko", **dummy)
            text(key, "en", **dummy)
    assert wrong == []


def test_every_phrase_has_one_key() -> None:
    # One key per phrase: the same Korean and English under two keys is one
    # phrase kept twice, which drifts apart the day one copy is edited.
    load_everything()
    keys_by_phrase: dict[tuple[str, str], list[str]] = {}
    for key, templates in MESSAGES.items():
        keys_by_phrase.setdefault((templates["ko"], templates["en"]), []).append(key)
    assert [keys for keys in keys_by_phrase.values() if len(keys) > 1] == []


def test_the_catalogues_are_the_only_home_of_text() -> None:
    # Every entry is written in a catalogue (scoring/text, survey/text), none in code.
    import tomllib
    from pathlib import Path

    load_everything()
    root = Path(__file__).resolve().parents[2]
    written: dict[str, dict[str, str]] = {}
    for folder in (root / "scoring" / "text", root / "survey" / "text"):
        for path in sorted(folder.glob("*.toml")):
            written |= tomllib.loads(path.read_text("utf-8"))
    assert written == MESSAGES


def test_text_fills_the_template_and_falls_back_to_korean() -> None:
    assert text("survey.weight_positive", "en", value="-0.1") == (
        "a weight must be greater than 0 (got -0.1)"
    )
    assert (
        text("survey.weight_positive", value="-0.1") == "가중치는 0보다 커야 합니다 (현재 값: -0.1)"
    )
    assert text("survey.weight_positive", "fr", value=1) == text(
        "survey.weight_positive", "ko", value=1
    )


def test_unused_parameters_are_ignored_and_a_missing_one_is_a_bug() -> None:
    assert text("errors.more", "en", count=3, extra="x") == "and 3 more"
    with pytest.raises(KeyError):
        text("errors.more", "en")


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, str]]:
    copy = dict(MESSAGES)
    monkeypatch.setattr(messages, "MESSAGES", copy)
    return copy


def test_register_adds_messages(table: dict[str, dict[str, str]]) -> None:
    register({"test.hello": {"ko": "안녕하십니까, {name}님", "en": "hello, {name}"}})
    assert messages.text("test.hello", "en", name="Kim") == "hello, Kim"
    assert table["test.hello"]["ko"] == "안녕하십니까, {name}님"


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param({"errors.more": {"ko": "a", "en": "b"}}, id="existing key"),
        pytest.param({"test.one": {"ko": "하나"}}, id="no English"),
        pytest.param({"test.one": {"ko": "하나", "en": ""}}, id="empty English"),
        pytest.param({"test.ok": {"ko": "a", "en": "b"}, "test.two": {"en": "two"}}, id="one bad"),
    ],
)
def test_register_refuses_duplicates_and_missing_languages(
    table: dict[str, dict[str, str]], entries: dict
) -> None:
    before = dict(table)
    with pytest.raises(ValueError):
        register(entries)
    assert table == before  # nothing is added when anything is wrong


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("abc", '"abc"'),
        ("줄\n바꿈", '"줄\\n바꿈"'),
        (5, "5"),
        (5.0, "5.0"),
        (-0.1, "-0.1"),
        (0.1 + 0.2, "0.3"),
        (None, "null"),
        (True, "true"),
        ([1, "a"], '[1, "a"]'),
        ({"ko": "가"}, '{"ko": "가"}'),
    ],
)
def test_quote(value: object, shown: str) -> None:
    assert quote(value) == shown


def test_quote_cuts_long_values() -> None:
    shown = quote("가" * 100)
    assert len(shown) == 40
    assert shown.endswith("…")


# ---------------------------------------------------------------- errors.py


def test_problem_message_names_file_line_and_place() -> None:
    problem = Problem(
        "questions.yaml", "dimensions[2].weight", 14, "survey.weight_positive", {"value": "-0.1"}
    )
    assert (
        problem.message()
        == "questions.yaml:14 dimensions[2].weight: 가중치는 0보다 커야 합니다 (현재 값: -0.1)"
    )
    assert problem.message("en") == (
        "questions.yaml:14 dimensions[2].weight: a weight must be greater than 0 (got -0.1)"
    )


@pytest.mark.parametrize(
    ("source", "place", "line", "ko", "en"),
    [
        ("r.csv", "row 3, column q1", None, "r.csv row 3, column q1: ", "r.csv row 3, column q1: "),
        ("s.yaml", "", 7, "s.yaml:7: ", "s.yaml:7: "),
        ("", "q1", None, "q1: ", "q1: "),
        ("", "", 7, "7행: ", "line 7: "),
        ("", "", None, "", ""),
        ("s.yaml", "", None, "s.yaml: ", "s.yaml: "),
    ],
)
def test_problem_message_leaves_out_unknown_parts(
    source: str, place: str, line: int | None, ko: str, en: str
) -> None:
    problem = Problem(source, place, line, "survey.empty", {})
    assert problem.message("ko") == ko + "설문 파일이 비어 있습니다"
    assert problem.message("en") == en + "the survey file is empty"


def test_survey_error_keeps_twenty_and_counts_the_rest() -> None:
    problems = [Problem("f", f"p{i}", i, "survey.empty", {}) for i in range(25)]
    error = SurveyError(problems)
    assert len(error.problems) == MAX_PROBLEMS == 20
    assert error.total == 25
    lines = error.message("en").splitlines()
    assert len(lines) == 21
    assert lines[0] == "f:0 p0: the survey file is empty"
    assert lines[-1] == "and 5 more"
    assert str(error) == error.message("ko")
    assert str(error).splitlines()[-1] == "외 5건 더"


def test_survey_error_total_can_exceed_the_problems_given() -> None:
    error = SurveyError([Problem("f", "", None, "survey.empty", {})], total=1000)
    assert error.total == 1000
    assert error.message("en").splitlines()[-1] == "and 999 more"


def test_single_and_pickling() -> None:
    error = SurveyError.single("survey.version", source="q.yaml", place="version", line=2, value=3)
    assert error.problems == (Problem("q.yaml", "version", 2, "survey.version", {"value": 3}),)
    assert str(error) == "q.yaml:2 version: version은 1이어야 합니다 (현재 값: 3)"
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems
    assert copy.total == error.total
    assert str(copy) == str(error)


class _Refused(SurveyError):
    status = "unknown"


def test_subclass_state_survives_pickling() -> None:
    error = _Refused.single("survey.empty")
    error.status = "used"
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is _Refused
    assert copy.status == "used"
    assert copy.message("en") == "the survey file is empty"


def test_single_accepts_a_parameter_named_key() -> None:
    # The message key is positional-only, so a template may use {key} too.
    error = SurveyError.single("survey.missing_key", place="a.b", name="b", key="k")
    assert error.problems[0].params == {"name": "b", "key": "k"}
    assert error.message("en") == "a.b: the required key b is missing"
