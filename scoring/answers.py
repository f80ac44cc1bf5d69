"""Answers: what an item, outcome, demographic or comment may hold, in a file or a form."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.column_codes import Cells
from scoring.errors import Problem, SurveyError
from scoring.messages import quote
from scoring.questionnaire import Survey

__all__ = ["ParsedColumn", "answer_ranges", "parse_column", "problem_at", "validate_answers"]


@dataclass(frozen=True)
class ParsedColumn:
    """One parsed column, as lookup tables over its distinct values and a code per cell.

    Entry ``i`` of each table describes distinct value ``i``; the last entry
    describes a blank cell, so the code -1 that `pandas.factorize` gives NaN
    picks it.
    """

    codes: np.ndarray
    values: np.ndarray
    blank: np.ndarray
    texts: np.ndarray
    problems: np.ndarray  # a message key for each distinct value that is wrong, else None
    params: dict[str, object]


def problem_at(source: str, place: str, key: str, **params: object) -> Problem:
    """A problem at a place in a file or a form (a row, a column, a field), with no line."""
    return Problem(source, place, None, key, params)


def parse_column(column: Cells, name: str, survey: Survey) -> ParsedColumn:
    """Parse one column of cells, once per distinct value."""
    codes, uniques = column.codes, column.uniques
    texts = np.array([*(str(value).strip() for value in uniques), ""], dtype=object)
    blank = texts == ""
    problems = np.full(len(texts), None, dtype=object)
    params: dict[str, object] = {}
    demographic = survey.demographic(name)
    comment = next((c for c in survey.comments if c.id == name), None)
    if name == "wave":
        values = texts
        problems[blank] = "responses.blank_wave"
    elif demographic is not None:
        options = [option.id for option in demographic.options]
        index = {option: code for code, option in enumerate(options)}
        values = np.array([index.get(text, -1) for text in texts], dtype=np.int64)
        problems[(values < 0) & ~blank] = "responses.bad_option"
        params = {"known": ", ".join(options)}
    elif comment is not None:
        texts = np.array([_one_newline(text) for text in texts], dtype=object)
        values = np.where(blank, None, texts)
        for i, text in enumerate(texts):
            problems[i] = _comment_problem(text, comment.max_length)
        params = {"max_length": comment.max_length}
    else:
        low, high = _answer_range(name, survey)
        whole = [_whole_number(text) for text in texts]
        values = np.array([np.nan if n is None or not low <= n <= high else n for n in whole])
        problems[np.isnan(values) & ~blank] = "responses.bad_answer"
        params = {"low": low, "high": high}
    return ParsedColumn(codes, values, blank, texts, problems, params)


def _comment_problem(text: str, max_length: int) -> str | None:
    if len(text) > max_length:
        return "responses.comment_too_long"
    if "\x00" in text:  # PostgreSQL cannot store it in text
        return "responses.bad_character"
    return None


def _one_newline(text: str) -> str:
    # Spreadsheets on Windows end lines in a cell with CRLF; a comment reads
    # and counts the same whatever wrote it.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def answer_ranges(survey: Survey) -> dict[str, tuple[int, int]]:
    """The lowest and highest answer of every item and outcome column."""
    return {
        **{item.id: (1, survey.points) for item in survey.items},
        **{outcome.id: (outcome.low, outcome.high) for outcome in survey.outcomes},
    }


def _answer_range(name: str, survey: Survey) -> tuple[int, int]:
    """The lowest and highest answer of an item or outcome column."""
    outcome = next((o for o in survey.outcomes if o.id == name), None)
    return (outcome.low, outcome.high) if outcome else (1, survey.points)


_WHOLE_TEXT = re.compile(r"([+-]?[0-9]+)(?:\.0*)?", re.ASCII)


def _whole_number(value: object) -> int | None:
    """The whole number a cell or form value holds ("3", "3.0", 3, 3.0), else None."""
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, str):
        # ASCII digits only: float() would also take "1_0", "٣" and "５".
        match = _WHOLE_TEXT.fullmatch(value.strip())
        if match is None or len(match.group(1)) > 6:
            return None
        return int(match.group(1))
    if isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    return None


def validate_answers(survey: Survey, answers: Mapping[str, object]) -> dict[str, object]:
    """Check one submitted response and normalize it.

    Parameters
    ----------
    survey
        The survey answered.
    answers
        Item, outcome, demographic and comment ids to the values the form
        gives: whole numbers (int, or text such as "4"), option ids, comment
        text; None or "" for an unanswered question. A request can be forged,
        so nothing is trusted.

    Returns
    -------
    dict
        Every demographic, item, outcome and comment id in survey order to an
        int, an option id, a stripped comment, or None when unanswered.

    Raises
    ------
    SurveyError
        For an unknown id, a value outside the scale, an option the survey does
        not have, or a comment that is too long or not text.
    """
    problems: list[Problem] = []
    result: dict[str, object] = {}

    def wrong(name: str, key: str, value: object, **params: object) -> None:
        problems.append(problem_at("", name, key, value=quote(value), **params))

    fields = set(survey.columns) - {"wave"}
    for name in answers:
        if name not in fields:
            problems.append(problem_at("", str(name), "responses.unknown_answer", name=quote(name)))
    for demographic in survey.demographics:
        value = answers.get(demographic.id)
        options = [option.id for option in demographic.options]
        result[demographic.id] = None
        if _unanswered(value):
            continue
        if isinstance(value, str) and value.strip() in options:
            result[demographic.id] = value.strip()
        else:
            wrong(demographic.id, "responses.bad_option", value, known=", ".join(options))
    scales = [(item.id, 1, survey.points) for item in survey.items]
    scales += [(outcome.id, outcome.low, outcome.high) for outcome in survey.outcomes]
    for name, low, high in scales:
        value = answers.get(name)
        result[name] = None
        if _unanswered(value):
            continue
        number = _whole_number(value.strip() if isinstance(value, str) else value)
        if number is not None and low <= number <= high:
            result[name] = number
        else:
            wrong(name, "responses.bad_answer", value, low=low, high=high)
    for comment in survey.comments:
        value = answers.get(comment.id)
        result[comment.id] = None
        if _unanswered(value):
            continue
        if not isinstance(value, str):
            wrong(comment.id, "responses.not_text", value)
            continue
        text = _one_newline(value.strip())
        key = _comment_problem(text, comment.max_length)
        if key:
            wrong(comment.id, key, text, length=len(text), max_length=comment.max_length)
        else:
            result[comment.id] = text
    if problems:
        raise SurveyError(problems)
    return result


def _unanswered(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()
