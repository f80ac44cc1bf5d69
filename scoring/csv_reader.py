"""The CSV reader: pyarrow a block of rows at a time, in two stretches at once; else pandas."""

from __future__ import annotations

import io
import itertools
import re
import threading
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from scoring.column_codes import Cells, Encoder
from scoring.errors import SurveyError

__all__ = ["read_csv", "read_csv_columnar"]

_CSV_BLOCK = 1 << 20  # bytes the columnar reader parses at a time


def read_csv_columnar(
    file: Path, ranges: Mapping[str, tuple[int, int]]
) -> tuple[list[str], list[Cells]] | None:
    """The file's header and each column's codes, read by pyarrow's CSV reader.

    `ranges` gives the lowest and highest answer of each item and outcome
    column. Those columns are first parsed as small integers, one byte a
    cell; a file whose answers all parse and lie in range needs nothing
    else. Otherwise (``3.0``, ``x``, an answer out of range, whose exact text
    the message must quote) every cell is read again as text and
    dictionary-encoded as it is parsed, so the file's text is never held
    whole. Returns None for any file pyarrow will not read as a clean
    rectangle (not UTF-8, a short or long row, a blank line, no data row):
    `read_csv` then reads it as before and gives its located message.
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
) -> list[Cells] | None:
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
    done: list[list[Encoder] | BaseException | None] = [None] * len(stretches)

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
) -> list[Encoder] | None:
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
    columns = [Encoder(_utf8, answers=numeric.get(j)) for j in range(len(names))]
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


# pandas' C parser on a row with more cells than the header
_RAGGED_ROW = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def read_csv(file: Path, source: str) -> pd.DataFrame:
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
