"""Writers of the report's tables: an xlsx workbook, and CSV in UTF-8 with BOM.

Numbers are stored at full precision and only their number format rounds;
every text cell passes through `scoring.cells.neutralize`.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scoring.cells import display_width, is_number, neutralize
from scoring.questionnaire import Survey
from scoring.tables import Table, tables

__all__ = ["write_csv", "write_tables", "write_utf8_bom", "write_xlsx"]


_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_MAX_COLUMN_WIDTH = 60


def write_xlsx(
    report: dict,
    survey: Survey,
    path_or_buffer: str | os.PathLike | IO[bytes],
    lang: str = "ko",
    extra: Mapping[str, Table] | None = None,
) -> None:
    """Write the report as a workbook with the sheets of :data:`SHEETS`, then ``extra``.

    ``extra`` holds further sheets by name in the same table model (the app's
    action plans), written the same way (:func:`write_tables`).
    """
    write_tables({**tables(report, survey, lang), **(extra or {})}, path_or_buffer)


_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_tables(
    sheets: Mapping[str, Table], path_or_buffer: str | os.PathLike | IO[bytes]
) -> None:
    """Write tables as a workbook, one sheet per table named by its key: the one xlsx writer.

    Header rows are bold on a coloured fill and frozen; column widths follow
    the content (Korean counts double); numbers are stored as numbers at full
    precision with a rounding number format; every text cell is neutralized.
    A sheet name loses the characters Excel forbids and is cut to 31.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, table in sheets.items():
        sheet = workbook.create_sheet(name.translate(_FORBIDDEN_IN_SHEET_NAMES)[:31])
        sheet.append([neutralize(h) for h in table.header])
        for cell in sheet[1]:
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, (row, formats) in enumerate(zip(table.rows, table.formats, strict=True), start=2):
            sheet.append([neutralize(v) for v in row])
            for cell, fmt in zip(sheet[r], formats, strict=True):
                if fmt is not None and is_number(cell.value):
                    cell.number_format = fmt
        sheet.freeze_panes = "A2"
        for c in range(1, len(table.header) + 1):
            texts = [table.header[c - 1]] + [_cell_text(row[c - 1]) for row in table.rows]
            width = max(display_width(text) for text in texts) + 2
            sheet.column_dimensions[get_column_letter(c)].width = min(width, _MAX_COLUMN_WIDTH)
    workbook.save(path_or_buffer)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def write_csv(rows: Iterable[Sequence[Any]], path_or_buffer: str | os.PathLike | IO) -> None:
    """Write rows (the first is usually the header) as CSV in UTF-8 with BOM.

    ``None`` and NaN become empty cells; text cells are neutralized. A path is
    written as a file; a binary buffer receives bytes, a text buffer text.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    write_utf8_bom(out.getvalue(), path_or_buffer)


def _csv_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return neutralize(value)


def write_utf8_bom(text: str, path_or_buffer: str | os.PathLike | IO) -> None:
    """Write ``text`` as UTF-8 with BOM to a path, a binary buffer or a text buffer."""
    if isinstance(path_or_buffer, str | os.PathLike):
        with open(path_or_buffer, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
    elif isinstance(path_or_buffer, io.TextIOBase):
        path_or_buffer.write("\ufeff" + text)
    else:
        path_or_buffer.write(text.encode("utf-8-sig"))
