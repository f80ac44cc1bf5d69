"""The XLSX reader: calamine where it reads as openpyxl does, else openpyxl, within caps."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from scoring.errors import SurveyError

__all__ = [
    "MAX_CALAMINE_SPARSITY",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_COLUMNS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_ROWS",
    "MAX_XLSX_UNPACKED",
    "XLSX_RATIO_FLOOR",
    "cell_text",
    "read_xlsx",
]

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


def read_xlsx(file: Path, source: str) -> pd.DataFrame:
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
    """A cell calamine read, as the text `cell_text` gives for openpyxl's value of it."""
    if value == "":
        return None  # an empty cell, or an empty string (blank either way)
    if isinstance(value, float):
        # openpyxl reads "3" as 3 and "1E+20" as 1e+20; calamine both as floats.
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return str(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())  # openpyxl gives a datetime at midnight
    return cell_text(value)


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
                rows.append([cell_text(v) for v in row])
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


def cell_text(value: object) -> str | None:
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
