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
a million rows take seconds. Cells are parsed once per distinct value: a
column of answers holds a handful of distinct strings however long it is.
CSV files are read by pyarrow a block of rows at a time (two stretches of
the file at once when no cell is quoted), Parquet files a column at a time,
into one small code per cell (answers that are whole numbers in range are
their own codes), so the file's text is never held whole; XLSX (calamine,
or openpyxl where calamine would read otherwise) and the CSV files pyarrow
refuses (pandas) go through `pandas.factorize`. Every reader gives the same
frame and the same messages for the same data
(tests/scoring/test_responses_formats.py).
"""

from __future__ import annotations

import io
import itertools
import math
import numbers
import os
import re
import threading
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from scoring.errors import MAX_PROBLEMS, Problem, SurveyError
from scoring.messages import quote
from scoring.questionnaire import Survey

__all__ = ["empty_frame", "frame_from_table", "read_responses", "validate_answers"]

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CSV_SUFFIXES = frozenset({".csv", ".txt"})
PARQUET_SUFFIXES = frozenset({".parquet"})
HEADER_ROW = 1  # file row of the header; data rows start below it
MISSING_SHOWN = 10
# pandas' C parser on a row with more cells than the header
_RAGGED_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")

# Caps on a workbook, checked before and while openpyxl reads it. A workbook is
# a zip of XML; a few hundred KB of it can unpack to gigabytes (a "zip bomb")
# that openpyxl would parse for minutes. A real sheet of survey answers
# unpacks to about ten times its zipped size and 1.6 KB per response, so the
# caps pass some 100,000 responses; larger files belong in CSV.
MAX_XLSX_BYTES = 32_000_000
"""The largest workbook read, in bytes, as stored."""
MAX_XLSX_UNPACKED = 200_000_000
"""The largest total size of a workbook's unpacked members, in bytes (from the zip's directory)."""
MAX_XLSX_RATIO = 100
"""The largest unpacked/packed ratio of a member over `XLSX_RATIO_FLOOR` bytes (a sheet: ~10)."""
XLSX_RATIO_FLOOR = 1_000_000
MAX_XLSX_ROWS = 200_000
"""The most sheet rows read, header included."""
MAX_XLSX_COLUMNS = 1_000
"""The most cells read in one sheet row (a survey has a few dozen columns)."""


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
        columns = _read_csv_columnar(file, _answer_ranges(survey))
        if columns is not None:
            headers, cells = columns
            return _frame_from_cells(headers, cells, survey, source, wave)
        raw = _read_csv(file, source)
    elif suffix in PARQUET_SUFFIXES:
        headers, cells = _read_parquet(file, source, _answer_ranges(survey))
        return _frame_from_cells(headers, cells, survey, source, wave)
    elif suffix in XLSX_SUFFIXES:
        raw = _read_xlsx(file, source)
    else:
        raise SurveyError.single("responses.unknown_format", source=source)
    if raw.empty:
        raise SurveyError.single("responses.empty", source=source)
    table = raw.iloc[1:].reset_index(drop=True)
    table.columns = ["" if pd.isna(name) else str(name) for name in raw.iloc[0]]
    return frame_from_table(table, survey, source, wave)


_CSV_BLOCK = 1 << 20  # bytes the columnar reader parses at a time
_GATHER_ROWS = 1 << 17  # rows a column gathers from Arrow before they become its codes


def _read_csv_columnar(
    file: Path, ranges: Mapping[str, tuple[int, int]]
) -> tuple[list[str], list[_Cells]] | None:
    """The file's header and each column's codes, read by pyarrow's CSV reader.

    `ranges` gives the lowest and highest answer of each item and outcome
    column. Those columns are first parsed as small integers, one byte a
    cell; a file whose answers all parse and lie in range needs nothing
    else. Otherwise (``3.0``, ``x``, an answer out of range, whose exact text
    the message must quote) every cell is read again as text and
    dictionary-encoded as it is parsed, so the file's text is never held
    whole. Returns None for any file pyarrow will not read as a clean
    rectangle (not UTF-8, a short or long row, a blank line, no data row):
    `_read_csv` then reads it as before and gives its located message.
    """
    import pyarrow as pa

    try:
        names = _header_names(file)
        if not names:
            return None
        stripped = [name.strip() for name in names]
        numeric = {j: ranges[name] for j, name in enumerate(stripped) if name in ranges}
        read = _parse_csv(file, names, numeric)
        if read is None:
            read = _parse_csv(file, names, {})
    except (pa.ArrowException, OSError, ValueError, UnicodeDecodeError):
        return None
    if read is None or not len(read[0].codes):
        return None
    return names, read


def _parse_csv(
    file: Path, names: list[str], numeric: Mapping[int, tuple[int, int]]
) -> list[_Cells] | None:
    """The columns' codes, or None when a column of `numeric` is not all whole answers in range.

    A file without a quote is read as `_CSV_PARTS` stretches of whole lines
    at once, each by its own reader on its own thread (Arrow parses without
    holding Python's lock), and the stretches' codes joined in file order.
    Raises pyarrow's errors for a file that is not a clean rectangle or not UTF-8.
    """
    import pyarrow as pa

    quoted = _has_quote(file)
    stretches = _stretches(file, 1 if quoted else _CSV_PARTS)
    stop = threading.Event()  # one stretch failed: the others need not go on
    done: list[list[_Encoder] | BaseException | None] = [None] * len(stretches)

    def read(k: int) -> None:
        start, end = stretches[k]
        try:
            done[k] = _parse_stretch(file, start, end, k == 0, quoted, names, numeric, stop)
        except BaseException as exc:  # raised again below, on the caller's thread
            done[k] = exc
        if not isinstance(done[k], list):
            stop.set()

    threads = [threading.Thread(target=read, args=(k,)) for k in range(1, len(stretches))]
    for thread in threads:
        thread.start()
    read(0)
    for thread in threads:
        thread.join()
    try:
        failed = next((result for result in done if isinstance(result, BaseException)), None)
        if failed is not None:
            raise failed
    except pa.ArrowInvalid:
        if numeric:
            return None  # perhaps an answer that is not a small whole number: read it as text
        raise
    if not all(isinstance(result, list) for result in done):
        return None  # an answer out of range: its message quotes the text
    first, *rest = done
    for other in rest:
        for encoder, more in zip(first, other, strict=True):
            encoder.join(more)
    return [encoder.cells() for encoder in first]


_CSV_PARTS = 2  # readers at once on a file without quotes (each on its own stretch of lines)
_CSV_PART_BYTES = 1 << 24  # the least bytes of a stretch worth a reader of its own


def _stretches(file: Path, parts: int) -> list[tuple[int, int]]:
    """Up to `parts` byte ranges of the file, each from a line's start to another's."""
    size = file.stat().st_size
    cuts = [0]
    with file.open("rb") as handle:
        for part in range(1, max(1, min(parts, size // _CSV_PART_BYTES))):
            handle.seek(max(size * part // parts, cuts[-1]))
            handle.readline()
            cuts.append(handle.tell())
    cuts.append(size)
    return [(start, end) for start, end in itertools.pairwise(cuts) if end > start]


def _parse_stretch(
    file: Path,
    start: int,
    end: int,
    header: bool,
    quoted: bool,
    names: list[str],
    numeric: Mapping[int, tuple[int, int]],
    stop: threading.Event,
) -> list[_Encoder] | None:
    """One stretch of the file's lines read into each column's codes (`_parse_csv`)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Text is parsed as bytes and checked as UTF-8 once per distinct value
    # (`_utf8`): Arrow would check every cell of it.
    text = pa.dictionary(pa.int32(), pa.binary())
    keys = [f"f{j}" for j in range(len(names))]
    # Each column's codes grow some 100,000 rows at a time: one byte a cell
    # for answers (the number itself), dictionary codes for text (one byte a
    # cell for a handful of distinct values); Arrow holds those rows' blocks.
    columns = [_Encoder(_utf8, answers=numeric.get(j)) for j in range(len(names))]
    with _Stretch(file, start, end) as stretch:
        reader = pacsv.open_csv(
            pa.PythonFile(stretch, mode="r"),
            read_options=pacsv.ReadOptions(
                column_names=keys, skip_rows=1 if header else 0, block_size=_CSV_BLOCK
            ),
            # A file without a quote has no line break inside a cell, so a
            # block may end at any line break.
            parse_options=pacsv.ParseOptions(newlines_in_values=quoted, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={
                    key: pa.int8() if j in numeric else text for j, key in enumerate(keys)
                },
                null_values=[""],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            if stop.is_set():
                return None
            for encoder, array in zip(columns, batch.columns, strict=True):
                if not encoder.gather(array):
                    return None
    return columns if all(encoder.flush() for encoder in columns) else None


class _Stretch(io.RawIOBase):
    """A byte range of a file, read as a file of its own."""

    def __init__(self, file: Path, start: int, end: int) -> None:
        super().__init__()
        self.handle = file.open("rb", buffering=0)
        self.handle.seek(start)
        self.left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:
        size = min(len(buffer), self.left)
        read = self.handle.readinto(memoryview(buffer)[:size]) if size > 0 else 0
        self.left -= read
        return read

    def close(self) -> None:
        self.handle.close()
        super().close()


def _utf8(value: object) -> str | None:
    """A CSV cell's bytes as text; raises UnicodeDecodeError for bytes that are not UTF-8."""
    return None if value is None else value.decode("utf-8")


def _has_quote(file: Path) -> bool:
    # Read a block at a time (a memory map would count the whole file as the
    # process's memory).
    with file.open("rb") as handle:
        return any(b'"' in block for block in iter(lambda: handle.read(1 << 20), b""))


def _header_names(file: Path) -> list[str]:
    """The cells of the header row, from the start of the file (empty: none pyarrow can skip)."""
    import csv

    with file.open("rb") as handle:
        start = handle.read(1 << 20)
    lines = start.decode("utf-8-sig", errors="strict" if len(start) < 1 << 20 else "ignore")
    names = next(csv.reader(io.StringIO(lines)), None) or []
    # pyarrow skips the header as a line of its own: one holding a line break is read by pandas.
    return [] if any("\n" in name or "\r" in name for name in names) else names


@dataclass(frozen=True)
class _Cells:
    """One column of a file: a code per data row into its distinct values (-1: blank)."""

    codes: np.ndarray
    uniques: np.ndarray


class _Encoder:
    """Codes of one column over its record batches, against one table of distinct values."""

    def __init__(
        self,
        text: Callable[[object], str | None] | None = None,
        answers: tuple[int, int] | None = None,
    ) -> None:
        self.index: dict[object, int] = {}
        self.parts: list[np.ndarray] = []
        self.pending: list[object] = []  # Arrow arrays gathered, not yet coded
        self.rows = 0
        self.text = text  # a distinct value to its cell text; None for a blank
        # For a column of answers from low to high, the texts "0" to "high"
        # are codes 0 to high, so an array of numbers in range is its own codes.
        self.answers = answers
        if answers is not None:
            self.index = {str(v): v for v in range(answers[1] + 1)}

    def gather(self, array: object) -> bool:
        """Keep one batch's column of a CSV; code what is kept once it is many rows.

        Coding a hundred thousand rows at once, not a block's few thousand,
        keeps the Python work per file small. False: a column of answers
        holds a number out of range.
        """
        self.pending.append(array)
        self.rows += len(array)
        return self.rows < _GATHER_ROWS or self.flush()

    def flush(self) -> bool:
        """Code the arrays `gather` kept; False if they are answers not all whole and in range."""
        import pyarrow as pa

        if not self.pending:
            return True
        array = pa.chunked_array(self.pending)
        self.pending, self.rows = [], 0
        if self.answers is not None:
            return self.add_numbers(array)
        self.add(array)
        return True

    def add(self, array: object) -> None:
        """Code an array or a chunked one: as numbers if `answers` allows, else by dictionary."""
        import pyarrow as pa

        if self.answers is not None and self.add_numbers(array):
            return
        if not pa.types.is_dictionary(array.type):
            array = array.dictionary_encode()
        if isinstance(array, pa.ChunkedArray):
            # One dictionary for all the chunks (Arrow unifies them as it joins them).
            array = array.combine_chunks()
        local = array.dictionary.to_pylist()
        if self.text is not None:
            local = [self.text(value) for value in local]
        table = np.array(
            [-1 if v is None else self.index.setdefault(v, len(self.index)) for v in local]
            + [-1]  # a null cell
        )
        indices = array.indices.fill_null(len(local)).to_numpy(zero_copy_only=False)
        self.parts.append(table.astype(_code_type(len(self.index)))[indices])

    def add_numbers(self, array: object) -> bool:
        """Code whole numbers in range as themselves; False, adding nothing, if they are not."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not _whole_in_range(array, *self.answers):
            return False
        if array.type != pa.int8():
            array = array.cast(pa.int8(), safe=False)  # whole and in range: nothing is lost
        if array.null_count:
            array = pc.fill_null(array, -1)
        self.parts.append(np.asarray(array.to_numpy(zero_copy_only=False)))
        return True

    def join(self, other: _Encoder) -> None:
        """Append another encoder's codes (the next rows of the column), recoded into this one's."""
        keys = list(other.index)
        if keys != list(self.index)[: len(keys)]:
            table = np.array([*(self.index.setdefault(key, len(self.index)) for key in keys), -1])
            dtype = _code_type(len(self.index))
            other.parts = [table.astype(dtype)[part] for part in other.parts]
        self.parts += other.parts
        other.parts = []

    def cells(self) -> _Cells:
        uniques = np.array(list(self.index), dtype=object)
        dtype = _code_type(len(uniques))
        parts = [part.astype(dtype, copy=False) for part in self.parts]
        self.parts = []
        if len(parts) == 1:
            codes = parts[0]
        else:
            codes = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
        return _Cells(codes, uniques)


def _whole_in_range(chunk: object, low: int, high: int) -> bool:
    """Whether a chunk of numbers holds only whole numbers from low to high, or nulls."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = chunk.type
    if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
        return False
    if chunk.null_count == len(chunk):
        return True
    least, most = pc.min_max(chunk).values()
    if not (low <= least.as_py() <= most.as_py() <= high):  # NaN fails here too
        return False
    return pa.types.is_integer(kind) or bool(pc.all(pc.equal(pc.floor(chunk), chunk)).as_py())


def _code_type(distinct: int) -> type:
    if distinct < 1 << 7:
        return np.int8
    if distinct < 1 << 15:
        return np.int16
    return np.int32


MAX_PARQUET_ROWS = 20_000_000
"""The most rows read from a Parquet file (from its footer, before reading any)."""
MAX_PARQUET_CELLS = 500_000_000
"""The most cells (rows times columns) read from a Parquet file (from its footer)."""
MAX_PARQUET_UNPACKED = 4_000_000_000
"""The largest unpacked size of a Parquet file's data, in bytes (from its footer)."""


def _read_parquet(
    file: Path, source: str, ranges: Mapping[str, tuple[int, int]]
) -> tuple[list[str], list[_Cells]]:
    """A Parquet file's column names and codes, a column at a time.

    A column of whole numbers in range (`ranges`: item and outcome columns)
    is its own codes; any other column is dictionary-encoded by Arrow and its
    distinct values turned into the text a CSV would hold (3 -> "3", 3.5 ->
    "3.5", null -> blank), so the file goes through the same validation and
    messages as a CSV. Text columns are read as dictionaries: a file whose
    few distinct values repeat for millions of rows (a compression bomb)
    never unpacks them.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(file)
        text = [
            field.name
            for field in schema
            if pa.types.is_string(field.type)
            or pa.types.is_large_string(field.type)
            or pa.types.is_binary(field.type)
            or pa.types.is_large_binary(field.type)
        ]
        parquet = pq.ParquetFile(file, read_dictionary=text)
        meta = parquet.metadata
        names = list(parquet.schema_arrow.names)
        unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise SurveyError.single(
            "responses.parquet_error", source=source, detail=str(exc)
        ) from None
    for what, size, limit in (
        ("rows", meta.num_rows, MAX_PARQUET_ROWS),
        ("columns", len(names), MAX_XLSX_COLUMNS),
        ("cells", meta.num_rows * len(names), MAX_PARQUET_CELLS),
        ("bytes", unpacked, MAX_PARQUET_UNPACKED),
    ):
        if size > limit:
            raise SurveyError.single(
                f"responses.parquet_too_big.{what}",
                source=source,
                size=f"{size:,}",
                limit=f"{limit:,}",
            )
    for name, field in zip(names, parquet.schema_arrow, strict=True):
        kind = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        if pa.types.is_nested(kind):
            raise SurveyError.single(
                "responses.parquet_type", source=source, place=f"column {name}", type=str(kind)
            )
    columns = []
    try:
        for j, name in enumerate(names):
            # One column of every row at a time: Arrow holds a column, not the
            # file, and each column is checked and coded once.
            array = parquet.reader.read_all(column_indices=[j]).column(0)
            encoder = _Encoder(_parquet_text, ranges.get(name.strip()))
            try:
                encoder.add(array)
            except (pa.ArrowNotImplementedError, pa.ArrowTypeError):
                raise SurveyError.single(
                    "responses.parquet_type",
                    source=source,
                    place=f"column {name}",
                    type=str(array.type),
                ) from None
            del array
            columns.append(encoder.cells())
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise SurveyError.single(
            "responses.parquet_error", source=source, detail=str(exc)
        ) from None
    return names, columns


def _parquet_text(value: object) -> str | None:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return _cell_text(value)


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

    Read by calamine, a columnar reader some ten times as fast as openpyxl,
    when `_calamine_can_read` finds nothing it reads otherwise; else by
    openpyxl (`_read_xlsx_openpyxl`). Both give the same table.
    """
    _check_workbook_size(file, source)
    rows = _read_xlsx_calamine(file, source)
    if rows is None:
        rows = _read_xlsx_openpyxl(file, source)
    width = max((len(row) for row in rows), default=0)
    return pd.DataFrame([row + [None] * (width - len(row)) for row in rows], dtype=object)


def _read_xlsx_calamine(file: Path, source: str) -> list[list[str | None]] | None:
    """The first worksheet's rows of cell texts, read by calamine; None: openpyxl must read it."""
    try:
        import python_calamine
    except ImportError:
        return None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(file))
        try:
            first = next(
                (
                    index
                    for index, sheet in enumerate(book.sheets_metadata)
                    if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
                ),
                None,
            )
            if first is None or not _calamine_can_read(file):
                return None
            sheet = book.get_sheet_by_index(first)
            if sheet.width > MAX_XLSX_COLUMNS or sheet.height > MAX_XLSX_ROWS:
                return None  # openpyxl finds the first row past a cap
            rows = [
                _without_blanks_after([_calamine_text(value) for value in row])
                for row in sheet.iter_rows()
            ]
        finally:
            book.close()
    except Exception:
        return None  # openpyxl reads it again and gives its message
    return rows


def _without_blanks_after(row: list[str | None]) -> list[str | None]:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row[:end]


def _calamine_text(value: object) -> str | None:
    """A cell calamine read, as the text `_cell_text` gives for openpyxl's value of it."""
    if value == "":
        return None  # an empty cell, or an empty string (blank either way)
    if isinstance(value, float):
        # openpyxl reads "3" as 3 and "1E+20" as 1e+20; calamine both as floats.
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return str(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())  # openpyxl gives a datetime at midnight
    return _cell_text(value)


MAX_CALAMINE_SPARSITY = 4
"""How many grid cells (rows times columns) calamine may hold per cell the sheet stores."""
_ROW_NUMBER = re.compile(rb'<row r="0*([0-9]{1,9})"')
_FIRST_ROW = re.compile(rb"<row[\s>].*?</row>", re.DOTALL)
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')


def _calamine_can_read(file: Path) -> bool:
    """Whether calamine reads the workbook's sheets as openpyxl does, in bounded memory.

    Calamine holds a sheet as a grid from A1 to its farthest row and column,
    so one cell at XFD1048576 would cost gigabytes: every row and cell must
    name its place first (as Excel, LibreOffice and openpyxl write them),
    within the header row's columns (and 26 more) and the rows the sheet
    names, and the grid hold at most `MAX_CALAMINE_SPARSITY` grid cells per
    stored cell (a million more are always allowed). Anything else is read
    by openpyxl. The sizes were capped by `_check_workbook_size` before.
    Each check is a search for a fixed string or one regular expression, so
    a sheet of 100,000 responses is checked in a fraction of calamine's time.
    """
    with zipfile.ZipFile(file) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            return False
        # Any member may be a sheet (the workbook's relations name them): each
        # that holds sheet data is checked.
        for member in archive.infolist():
            xml = archive.read(member)
            if b"sheetData" not in xml:
                continue
            cells = xml.count(b"<c ")
            if (
                b"<sheetData" not in xml  # a namespace prefix
                or cells != xml.count(b'<c r="')
                or xml.count(b"<row ") != xml.count(b'<row r="')
            ):
                return False
            rows = max((int(number) for number in _ROW_NUMBER.findall(xml)), default=0)
            first = _FIRST_ROW.search(xml)
            header = _CELL_COLUMN.findall(first.group(0)) if first else []
            columns = max((_column_number(letters) for letters in header), default=0) + 26
            if (
                rows > MAX_XLSX_ROWS
                or columns > MAX_XLSX_COLUMNS
                or rows * columns > MAX_CALAMINE_SPARSITY * cells + 1_000_000
                or any(pattern.search(xml) for pattern in _otherwise(rows, columns))
            ):
                return False
    return True


def _otherwise(rows: int, columns: int) -> list[re.Pattern[bytes]]:
    """What calamine reads otherwise than openpyxl, or past row `rows` or column `columns`.

    A formula (calamine gives its cached value, or a blank), an error cell
    (a blank), a row or cell without its place first, one with a namespace
    prefix, a place spelled otherwise than Excel's ``AB12``, or one past the
    bounds. Each expression starts with fixed text and backtracks nowhere,
    for speed.
    """
    letters = _greater(_column_letters(columns), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    numbers = _greater(str(rows), "0123456789")
    return [
        re.compile(rb"<(?:f[ >/]|c[>/\t\n\r]|row[>\t\n\r])|t=\"e\"|t='e'"),
        re.compile(rb":(?:c|row)[\s>/]"),  # a prefix on a cell or row
        re.compile(
            (
                f'<c r="(?:(?=(?:{letters})[0-9])|[0-9]|(?>[A-Z]*)[^A-Z0-9]'
                f'|(?>[A-Z]+)(?>[0-9]+)[^0-9"]|(?>[A-Z]+)0*(?:{numbers})")'
            ).encode()
        ),
        re.compile(f'<row r="(?:[^0-9]|(?>[0-9]+)[^0-9"]|0*(?:{numbers})")'.encode()),
    ]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _greater(bound: str, digits: str) -> str:
    """A regular expression for the strings over `digits` (in order) that count past `bound`."""
    low, high = digits[0], digits[-1]
    first = digits[1] if digits[0] == "0" else low
    options = [f"[{first}-{high}][{low}-{high}]{{{len(bound)},}}"]
    for i, digit in enumerate(bound):
        above = digits[digits.index(digit) + 1 :]
        if above:
            rest = len(bound) - i - 1
            options.append(f"{re.escape(bound[:i])}[{above[0]}-{high}][{low}-{high}]{{{rest}}}")
    return "|".join(options)


def _read_xlsx_openpyxl(file: Path, source: str) -> list[list[str | None]]:
    """The first worksheet's rows of cell texts, read by openpyxl.

    Read keeping formulas as written: a workbook saved by a script has no
    cached value for ``=2+2``, which pandas would read as a blank cell,
    silently turning a bad answer into a missing one. Here the formula text
    reaches validation and is refused (or kept as comment text).
    """
    rows: list[list[str | None]] = []
    too_many = False
    import openpyxl  # only for workbooks: it costs start-up time

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            # The sheet's declared dimension is not trusted: read-only openpyxl
            # pads every row to it, so "A1:XFD1048576" alone costs minutes.
            sheet.reset_dimensions()
            for row in sheet.iter_rows(values_only=True):
                if len(rows) == MAX_XLSX_ROWS:
                    too_many = True
                    break
                if len(row) > MAX_XLSX_COLUMNS:
                    # Trailing blank cells of a formatted row are no columns.
                    row = _without_trailing_blanks(row)
                    if len(row) > MAX_XLSX_COLUMNS:
                        _refuse_columns(source, len(rows) + 1)
                rows.append([_cell_text(v) for v in row])
        finally:
            book.close()
    except SurveyError:
        raise
    except Exception as exc:
        # openpyxl fails on damaged or foreign files with many unrelated
        # exception types (BadZipFile, KeyError, InvalidFileException, ...);
        # each means the same to the person holding the file.
        raise SurveyError.single(
            "responses.xlsx_error", source=source, detail=f"{type(exc).__name__}: {exc}"
        ) from None
    if too_many:
        raise SurveyError.single(
            "responses.xlsx_too_many_rows",
            source=source,
            place=f"row {MAX_XLSX_ROWS + 1}",
            limit=f"{MAX_XLSX_ROWS:,}",
        )
    return rows


def _check_workbook_size(file: Path, source: str) -> None:
    """Refuse a workbook over the caps from its size and its zip directory, unpacking nothing."""
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise SurveyError.single("file.unreadable", source=source, detail=exc.strerror) from None
    if size > MAX_XLSX_BYTES:
        raise SurveyError.single(
            "responses.xlsx_too_big", source=source, size=f"{size:,}", limit=f"{MAX_XLSX_BYTES:,}"
        )
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except Exception as exc:
        # The same words openpyxl would give (BadZipFile: File is not a zip file).
        raise SurveyError.single(
            "responses.xlsx_error", source=source, detail=f"{type(exc).__name__}: {exc}"
        ) from None
    # zipfile stops a member at its declared size (and fails its CRC past
    # it), so the directory's sizes bound what openpyxl can unpack.
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_XLSX_UNPACKED:
        raise SurveyError.single(
            "responses.xlsx_unpacked_too_big",
            source=source,
            size=f"{unpacked:,}",
            limit=f"{MAX_XLSX_UNPACKED:,}",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > XLSX_RATIO_FLOOR and ratio > MAX_XLSX_RATIO:
            raise SurveyError.single(
                "responses.xlsx_bomb",
                source=source,
                member=member.filename,
                ratio=f"{ratio:,.0f}",
                limit=MAX_XLSX_RATIO,
            )


def _without_trailing_blanks(row: tuple[object, ...]) -> tuple[object, ...]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end]


def _refuse_columns(source: str, row: int) -> None:
    raise SurveyError.single(
        "responses.xlsx_too_many_columns",
        source=source,
        place=f"row {row}, column #{MAX_XLSX_COLUMNS + 1}",
        limit=f"{MAX_XLSX_COLUMNS:,}",
    )


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
        cells.append(_Cells(codes, np.asarray(uniques, dtype=object)))
    names = [str(name) for name in table.columns]
    return _frame_from_cells(names, cells, survey, source, wave)


def _frame_from_cells(
    names: list[str], table: list[_Cells], survey: Survey, source: str, wave: str | None = None
) -> pd.DataFrame:
    """`frame_from_table` over columns already coded by distinct value."""
    problems: list[Problem] = []
    headers = [name.strip().lstrip("\ufeff") for name in names]
    if wave is not None and table and "wave" not in headers:
        rows = len(table[0].codes)
        headers.append("wave")
        table.append(_Cells(np.zeros(rows, dtype=np.int8), np.array([wave], dtype=object)))
    known = set(survey.columns)
    positions: dict[str, int] = {}
    for j, name in enumerate(headers):
        if name in positions:
            problems.append(
                _problem(source, f"column {name}", "responses.duplicate_column", column=name)
            )
        elif not name:
            if not _column_blank(table[j]):
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

    parsed = {name: _parse(table[j], name, survey) for name, j in positions.items()}
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
        problems.append(_problem(source, "", "responses.no_rows"))

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
    columns = {name: (column.values, column.codes[keep]) for name, column in parsed.items()}
    # The codes now live in `columns` alone (the caller's list is emptied), so
    # each goes as soon as _assemble has written its column of the frame.
    del parsed
    column = None
    table.clear()
    return _assemble(survey, columns, int(np.count_nonzero(answered)))


def _problem(source: str, place: str, key: str, **params: object) -> Problem:
    return Problem(source, place, None, key, params)


def _column_blank(column: _Cells) -> bool:
    blank = np.array([*(str(value).strip() == "" for value in column.uniques), True])
    return bool(blank[column.codes].all())


def _parse(column: _Cells, name: str, survey: Survey) -> _Column:
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


def _answer_ranges(survey: Survey) -> dict[str, tuple[int, int]]:
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
