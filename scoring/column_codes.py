"""Column codes: each cell of a file's column as a small code into its distinct values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Cells", "Encoder"]

_GATHER_ROWS = 1 << 17  # rows a column gathers from Arrow before they become its codes


@dataclass(frozen=True)
class Cells:
    """One column of a file: a code per data row into its distinct values (-1: blank)."""

    codes: np.ndarray
    uniques: np.ndarray


class Encoder:
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

    def join(self, other: Encoder) -> None:
        """Append another encoder's codes (the next rows of the column), recoded into this one's."""
        keys = list(other.index)
        if keys != list(self.index)[: len(keys)]:
            table = np.array([*(self.index.setdefault(key, len(self.index)) for key in keys), -1])
            dtype = _code_type(len(self.index))
            other.parts = [table.astype(dtype)[part] for part in other.parts]
        self.parts += other.parts
        other.parts = []

    def cells(self) -> Cells:
        uniques = np.array(list(self.index), dtype=object)
        dtype = _code_type(len(uniques))
        parts = [part.astype(dtype, copy=False) for part in self.parts]
        self.parts = []
        if len(parts) == 1:
            codes = parts[0]
        else:
            codes = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
        return Cells(codes, uniques)


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
