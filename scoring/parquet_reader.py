"""The Parquet reader: a column at a time into the codes a CSV's column gives, within caps."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from scoring.column_codes import Cells, Encoder
from scoring.errors import SurveyError
from scoring.xlsx_reader import MAX_XLSX_COLUMNS, cell_text

__all__ = ["MAX_PARQUET_CELLS", "MAX_PARQUET_ROWS", "MAX_PARQUET_UNPACKED", "read_parquet"]

MAX_PARQUET_ROWS = 20_000_000
"""The most rows read from a Parquet file (from its footer, before reading any)."""
MAX_PARQUET_CELLS = 500_000_000
"""The most cells (rows times columns) read from a Parquet file (from its footer)."""
MAX_PARQUET_UNPACKED = 4_000_000_000
"""The largest unpacked size of a Parquet file's data, in bytes (from its footer)."""


def read_parquet(
    file: Path, source: str, ranges: Mapping[str, tuple[int, int]]
) -> tuple[list[str], list[Cells]]:
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
            encoder = Encoder(_parquet_text, ranges.get(name.strip()))
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
    return cell_text(value)
