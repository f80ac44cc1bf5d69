"""The response frame: reading and validating response files and submitted answers.

Every part of the project exchanges responses as one DataFrame layout, the
*response frame*:

- ``wave``: text, never missing;
- one column per demographic id: a pandas ``Categorical`` whose categories are
  the option ids in survey order; a missing answer ("prefer not to say") is NaN;
- one column per item id and per outcome id: ``float64`` holding whole numbers
  in range, NaN when missing;
- one column per comment id: ``object`` holding ``str`` or None;
- no other columns, and row order carries no meaning.

A file is validated column by column with boolean masks, never row by row, so
a million rows take seconds. Cells are parsed once per distinct value
(`pandas.factorize`): a column of answers holds a handful of distinct strings
however long it is.
"""

from __future__ import annotations

import math
import numbers
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from scoring.errors import MAX_PROBLEMS, Problem, SurveyError
from scoring.messages import quote
from scoring.questionnaire import Survey

__all__ = ["empty_frame", "frame_from_table", "read_responses", "validate_answers"]

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
HEADER_ROW = 1  # file row of the header; data rows start below it
MISSING_SHOWN = 10
# pandas' C parser on a row with more cells than the header
_RAGGED_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class _Column:
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


def empty_frame(survey: Survey) -> pd.DataFrame:
    """A response frame with the survey's columns and dtypes and no rows."""
    return _assemble(survey, {}, 0)


def read_responses(path: str | os.PathLike[str], survey: Survey) -> pd.DataFrame:
    """Read a response file (CSV in UTF-8 with or without BOM, or XLSX) into a response frame.

    The wide layout: a header row naming the columns (``wave``, demographic,
    item, outcome and comment ids; only ``wave`` and the items are required),
    then one row per respondent. A blank cell is a missing answer.

    Raises
    ------
    SurveyError
        Naming the file, row (the header is row 1) and column of the first
        problems and how many there are in all; nothing is scored then.
    """
    source = os.fspath(path)
    file = Path(path)
    if not file.is_file():
        raise SurveyError.single("file.not_found", source=source)
    suffix = file.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        raw = _read_xlsx(file, source)
    elif suffix in CSV_SUFFIXES:
        raw = _read_csv(file, source)
    else:
        raise SurveyError.single("responses.unknown_format", source=source)
    if raw.empty:
        raise SurveyError.single("responses.empty", source=source)
    table = raw.iloc[1:].reset_index(drop=True)
    table.columns = ["" if pd.isna(name) else str(name) for name in raw.iloc[0]]
    return frame_from_table(table, survey, source)


def _read_csv(file: Path, source: str) -> pd.DataFrame:
    try:
        # header=None keeps repeated column names as they are (pandas would
        # rename them), and blank lines stay so row numbers match the file.
        # dtype=object keeps every cell the text it was, like dtype=str, but
        # reads a million rows in half the time.
        return pd.read_csv(
            file,
            header=None,
            dtype=object,
            keep_default_na=False,
            encoding="utf-8-sig",
            skip_blank_lines=False,
        )
    except UnicodeDecodeError:
        raise SurveyError.single("responses.not_utf8", source=source) from None
    except pd.errors.EmptyDataError:
        raise SurveyError.single("responses.empty", source=source) from None
    except (pd.errors.ParserError, ValueError) as exc:
        ragged = _RAGGED_ROW.search(str(exc))
        if ragged:
            expected, row, found = (int(group) for group in ragged.groups())
            raise SurveyError.single(
                "responses.ragged_row",
                source=source,
                place=f"row {row}",
                expected=expected,
                found=found,
            ) from None
        raise SurveyError.single("responses.csv_error", source=source, detail=str(exc)) from None
    except OSError as exc:
        raise SurveyError.single("file.unreadable", source=source, detail=exc.strerror) from None


def _read_xlsx(file: Path, source: str) -> pd.DataFrame:
    """The first sheet as a table of strings (header row included).

    Read with openpyxl keeping formulas as written: a workbook saved by a
    script has no cached value for ``=2+2``, which pandas would read as a
    blank cell, silently turning a bad answer into a missing one. Here the
    formula text reaches validation and is refused (or kept as comment text).
    """
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=False)
        try:
            rows = [
                [_cell_text(v) for v in row]
                for row in book.worksheets[0].iter_rows(values_only=True)
            ]
        finally:
            book.close()
    except Exception as exc:
        # openpyxl fails on damaged or foreign files with many unrelated
        # exception types (BadZipFile, KeyError, InvalidFileException, ...);
        # each means the same to the person holding the file.
        raise SurveyError.single(
            "responses.xlsx_error", source=source, detail=f"{type(exc).__name__}: {exc}"
        ) from None
    width = max((len(row) for row in rows), default=0)
    return pd.DataFrame([row + [None] * (width - len(row)) for row in rows], dtype=object)


def _cell_text(value: object) -> str | None:
    """A cell as the text a CSV would hold (3.0 stays "3.0"; a formula its text)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = getattr(value, "text", None)  # array formulas
    return str(text) if text is not None else str(value)


def frame_from_table(table: pd.DataFrame, survey: Survey, source: str = "") -> pd.DataFrame:
    """Validate a table of strings in the wide layout and build the response frame.

    Parameters
    ----------
    table
        One column per file column, named by its header; one row per data row
        in file order (row ``i`` is file row ``i + 2``). Cells are strings,
        blank or NaN when empty.
    survey
        The survey the responses answer.
    source
        The file name the messages give.

    Raises
    ------
    SurveyError
        Unknown, repeated or missing columns, no data rows, a blank wave,
        answers that are not whole numbers in range, options the survey does
        not have, comments over their maximum length.
    """
    problems: list[Problem] = []
    headers = [str(name).strip().lstrip("\ufeff") for name in table.columns]
    known = set(survey.columns)
    positions: dict[str, int] = {}
    for j, name in enumerate(headers):
        if name in positions:
            problems.append(
                _problem(source, f"column {name}", "responses.duplicate_column", column=name)
            )
        elif not name:
            if not _column_blank(table.iloc[:, j]):
                problems.append(_problem(source, f"column #{j + 1}", "responses.blank_header"))
        elif name not in known:
            problems.append(
                _problem(source, f"column {name}", "responses.unknown_column", column=name)
            )
        else:
            positions[name] = j
    missing = [name for name in ("wave", *(i.id for i in survey.items)) if name not in positions]
    if missing:
        # One problem for them all: a file of the wrong survey lacks dozens.
        shown = ", ".join(missing[:MISSING_SHOWN]) + (", …" if len(missing) > MISSING_SHOWN else "")
        problems.append(
            _problem(source, "", "responses.missing_column", count=len(missing), columns=shown)
        )

    parsed = {name: _parse(table.iloc[:, j], name, survey) for name, j in positions.items()}
    rows = len(table)
    answered = np.zeros(rows, dtype=bool)
    for column in parsed.values():
        answered |= ~column.blank[column.codes]
    if not answered.any() and not problems:
        problems.append(_problem(source, "", "responses.no_rows"))

    total = len(problems)
    cells: list[tuple[int, int, Problem]] = []
    for name, column in parsed.items():
        # A fully blank row is no response at all, not a bad one.
        wrong = np.array([key is not None for key in column.problems])
        bad = wrong[column.codes] & answered
        total += int(np.count_nonzero(bad))
        for index in np.flatnonzero(bad)[:MAX_PROBLEMS]:
            code = column.codes[index]
            text = column.texts[code]
            row = int(index) + HEADER_ROW + 1
            problem = _problem(
                source,
                f"row {row}, column {name}",
                column.problems[code],
                **column.params,
                value=quote(text),
                length=len(text),
            )
            cells.append((row, positions[name], problem))
    if total:
        cells.sort(key=lambda cell: cell[:2])
        raise SurveyError(problems + [problem for _, _, problem in cells], total=total)
    keep = slice(None) if answered.all() else answered
    return _assemble(
        survey,
        {name: column.values[column.codes][keep] for name, column in parsed.items()},
        int(np.count_nonzero(answered)),
    )


def _problem(source: str, place: str, key: str, **params: object) -> Problem:
    return Problem(source, place, None, key, params)


def _column_blank(column: pd.Series) -> bool:
    return bool(column.fillna("").astype(str).str.strip().eq("").all())


def _parse(column: pd.Series, name: str, survey: Survey) -> _Column:
    """Parse one column of cells, once per distinct value."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
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
    return _Column(codes, values, blank, texts, problems, params)


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


def _assemble(survey: Survey, columns: Mapping[str, np.ndarray], rows: int) -> pd.DataFrame:
    """The response frame from parsed columns; a column not given is all missing."""
    data: dict[str, object] = {}
    given = columns.get("wave")
    data["wave"] = pd.Series(
        given if given is not None else np.full(rows, "", dtype=object), dtype=object
    )
    for demographic in survey.demographics:
        codes = columns.get(demographic.id)
        data[demographic.id] = pd.Categorical.from_codes(
            codes if codes is not None else np.full(rows, -1, dtype=np.int64),
            categories=[option.id for option in demographic.options],
        )
    for name in [item.id for item in survey.items] + [o.id for o in survey.outcomes]:
        values = columns.get(name)
        data[name] = np.asarray(
            values if values is not None else np.full(rows, np.nan), dtype=np.float64
        )
    for comment in survey.comments:
        values = columns.get(comment.id)
        data[comment.id] = pd.Series(
            values if values is not None else np.full(rows, None, dtype=object), dtype=object
        )
    return pd.DataFrame(data, columns=list(survey.columns))


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
        problems.append(_problem("", name, key, value=quote(value), **params))

    fields = set(survey.columns) - {"wave"}
    for name in answers:
        if name not in fields:
            problems.append(_problem("", str(name), "responses.unknown_answer", name=quote(name)))
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
