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
(`scoring.answers`): a column of answers holds a handful of distinct strings
however long it is. The CSV reader (`scoring.csv_reader`) and the Parquet
reader (`scoring.parquet_reader`) give one small code per cell
(`scoring.column_codes`), so the file's text is never held whole; the XLSX
reader (`scoring.xlsx_reader`) and the CSV files pyarrow refuses give a table
that goes through `pandas.factorize`. Every reader gives the same frame and
the same messages for the same data (tests/scoring/test_responses_formats.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from scoring.answers import answer_ranges, parse_column, problem_at, validate_answers
from scoring.column_codes import Cells
from scoring.csv_reader import read_csv, read_csv_columnar
from scoring.errors import MAX_PROBLEMS, Problem, SurveyError
from scoring.messages import quote
from scoring.parquet_reader import read_parquet
from scoring.questionnaire import Survey
from scoring.xlsx_reader import read_xlsx

__all__ = ["empty_frame", "frame_from_table", "read_responses", "validate_answers"]

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
PARQUET_SUFFIXES = frozenset({".parquet"})
HEADER_ROW = 1  # file row of the header; data rows start below it
MISSING_SHOWN = 10


def empty_frame(survey: Survey) -> pd.DataFrame:
    """A response frame with the survey's columns and dtypes and no rows."""
    return _assemble(survey, {}, 0)


def read_responses(
    path: str | os.PathLike[str], survey: Survey, wave: str | None = None
) -> pd.DataFrame:
    """Read a response file (CSV in UTF-8 with or without BOM, or XLSX) into a response frame.

    The wide layout: a header row naming the columns (``wave``, demographic,
    item, outcome and comment ids; only ``wave`` and the items are required),
    then one row per respondent. A blank cell is a missing answer. With
    `wave`, a file without a ``wave`` column is read as that wave's (an
    import into a chosen wave); a file with one keeps its own cells.

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
    if suffix in CSV_SUFFIXES:
        columns = read_csv_columnar(file, answer_ranges(survey))
        if columns is not None:
            headers, cells = columns
            return _frame_from_cells(headers, cells, survey, source, wave)
        raw = read_csv(file, source)
    elif suffix in PARQUET_SUFFIXES:
        headers, cells = read_parquet(file, source, answer_ranges(survey))
        return _frame_from_cells(headers, cells, survey, source, wave)
    elif suffix in XLSX_SUFFIXES:
        raw = read_xlsx(file, source)
    else:
        raise SurveyError.single("responses.unknown_format", source=source)
    if raw.empty:
        raise SurveyError.single("responses.empty", source=source)
    table = raw.iloc[1:].reset_index(drop=True)
    table.columns = ["" if pd.isna(name) else str(name) for name in raw.iloc[0]]
    return frame_from_table(table, survey, source, wave)


def frame_from_table(
    table: pd.DataFrame, survey: Survey, source: str = "", wave: str | None = None
) -> pd.DataFrame:
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
    wave
        The wave of every row when the table has no ``wave`` column.

    Raises
    ------
    SurveyError
        Unknown, repeated or missing columns, no data rows, a blank wave,
        answers that are not whole numbers in range, options the survey does
        not have, comments over their maximum length.
    """
    cells = []
    for j in range(table.shape[1]):
        codes, uniques = pd.factorize(table.iloc[:, j], use_na_sentinel=True)
        cells.append(Cells(codes, np.asarray(uniques, dtype=object)))
    names = [str(name) for name in table.columns]
    return _frame_from_cells(names, cells, survey, source, wave)


def _frame_from_cells(
    names: list[str], table: list[Cells], survey: Survey, source: str, wave: str | None = None
) -> pd.DataFrame:
    """`frame_from_table` over columns already coded by distinct value."""
    problems: list[Problem] = []
    headers = [name.strip().lstrip("\ufeff") for name in names]
    if wave is not None and table and "wave" not in headers:
        rows = len(table[0].codes)
        headers.append("wave")
        table.append(Cells(np.zeros(rows, dtype=np.int8), np.array([wave], dtype=object)))
    known = set(survey.columns)
    positions: dict[str, int] = {}
    for j, name in enumerate(headers):
        if name in positions:
            problems.append(
                problem_at(source, f"column {name}", "responses.duplicate_column", column=name)
            )
        elif not name:
            if not _column_blank(table[j]):
                problems.append(problem_at(source, f"column #{j + 1}", "responses.blank_header"))
        elif name not in known:
            problems.append(
                problem_at(source, f"column {name}", "responses.unknown_column", column=name)
            )
        else:
            positions[name] = j
    missing = [name for name in ("wave", *(i.id for i in survey.items)) if name not in positions]
    if missing:
        # One problem for them all: a file of the wrong survey lacks dozens.
        shown = ", ".join(missing[:MISSING_SHOWN]) + (", …" if len(missing) > MISSING_SHOWN else "")
        problems.append(
            problem_at(source, "", "responses.missing_column", count=len(missing), columns=shown)
        )

    parsed = {name: parse_column(table[j], name, survey) for name, j in positions.items()}
    rows = len(table[0].codes) if table else 0
    answered = np.zeros(rows, dtype=bool)
    for column in parsed.values():
        if column.blank[:-1].any():
            answered |= ~column.blank[column.codes]
        else:  # only the code -1 is blank (answers read as numbers): no lookup
            answered |= column.codes >= 0
        if answered.all():  # as soon as the wave column is read, in most files
            break
    if not answered.any() and not problems:
        problems.append(problem_at(source, "", "responses.no_rows"))

    total = len(problems)
    cells: list[tuple[int, int, Problem]] = []
    for name, column in parsed.items():
        # A fully blank row is no response at all, not a bad one.
        wrong = np.array([key is not None for key in column.problems])
        if not wrong.any():
            continue
        bad = wrong[column.codes] & answered
        total += int(np.count_nonzero(bad))
        for index in np.flatnonzero(bad)[:MAX_PROBLEMS]:
            code = column.codes[index]
            text = column.texts[code]
            row = int(index) + HEADER_ROW + 1
            problem = problem_at(
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
    columns = {name: (column.values, column.codes[keep]) for name, column in parsed.items()}
    # The codes now live in `columns` alone (the caller's list is emptied), so
    # each goes as soon as _assemble has written its column of the frame.
    del parsed
    column = None
    table.clear()
    return _assemble(survey, columns, int(np.count_nonzero(answered)))


def _column_blank(column: Cells) -> bool:
    blank = np.array([*(str(value).strip() == "" for value in column.uniques), True])
    return bool(blank[column.codes].all())


def _assemble(
    survey: Survey, columns: dict[str, tuple[np.ndarray, np.ndarray]], rows: int
) -> pd.DataFrame:
    """The response frame from parsed columns; a column not given is all missing.

    Each column is given as its table of values per distinct cell and a code
    per row into it (-1: the last entry); `columns` is emptied as the frame
    is built, so each column's codes go once it is written. Items and outcomes are written
    straight into one two-dimensional block, which becomes the frame's float
    block without another copy: at a million rows, stacking 36 separate
    columns would cost as long as the rest of the reading.
    """

    def values_of(name: str) -> np.ndarray | None:
        given = columns.pop(name, None)
        return None if given is None else _lookup(*given)

    numeric = [item.id for item in survey.items] + [o.id for o in survey.outcomes]
    block = np.empty((len(numeric), rows))
    for i, name in enumerate(numeric):
        given = columns.pop(name, None)
        if given is None:
            block[i] = np.nan
        else:
            _lookup(given[0].astype(np.float64, copy=False), given[1], out=block[i])
    frame = pd.DataFrame(block.T, columns=numeric, copy=False)
    wave = values_of("wave")
    frame.insert(
        0,
        "wave",
        pd.Series(wave if wave is not None else np.full(rows, "", dtype=object), dtype=object),
    )
    for position, demographic in enumerate(survey.demographics, start=1):
        codes = values_of(demographic.id)
        frame.insert(
            position,
            demographic.id,
            pd.Categorical.from_codes(
                codes if codes is not None else np.full(rows, -1, dtype=np.int64),
                categories=[option.id for option in demographic.options],
            ),
        )
    for comment in survey.comments:
        values = values_of(comment.id)
        frame[comment.id] = pd.Series(
            values if values is not None else np.full(rows, None, dtype=object), dtype=object
        )
    return frame


def _lookup(values: np.ndarray, codes: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``values[codes]``, the code -1 picking the last value."""
    if codes.dtype != np.int8:
        return np.take(values, codes, out=out, mode="wrap")
    # A byte's 256 values index a table without bounds checks or negative
    # codes: four times as fast as taking with mode="wrap".
    table = np.empty(256, dtype=values.dtype)
    table[: len(values) - 1] = values[:-1]
    table[255] = values[-1]  # -1 read as an unsigned byte
    return np.take(table, codes.view(np.uint8), out=out, mode="clip")
