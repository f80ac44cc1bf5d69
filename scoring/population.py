"""A population: some rows of a response frame, read one column at a time.

Selecting a wave or a group with a boolean mask on the whole frame would copy
every column; a population instead keeps the row positions and takes one
column when asked, so analysis memory stays a few arrays of length n. Rows
that are contiguous in the frame (a wave, in a frame grouped by wave) are kept
as a slice, whose columns are views that cost no memory at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["BLOCK_BYTES", "Population", "pattern_counts"]

BLOCK_BYTES = 8 << 20
"""Size of one block of `Population.answer_blocks`, whatever the number of rows."""

# Rows counted at a time by `pattern_counts`: its intermediate arrays stay in the cache.
_PATTERN_ROWS = 1 << 16


def pattern_counts(columns: Sequence[np.ndarray], base: int | Sequence[int]) -> np.ndarray:
    """How many rows hold each combination of codes in ``columns``.

    Column ``i`` holds codes 0..b_i-1, with ``base`` the b_i of every column
    or one per column. Entry ``c_0 b_1 ... b_(m-1) + ... + c_(m-1)`` (the
    table reshaped to the bases) counts the rows whose codes are ``c_0 ..
    c_(m-1)``. Rows are numbered and counted a block at a time, in the
    smallest integer type that holds the numbers; counts are exact integers
    whatever the blocks.
    """
    bases = [base] * len(columns) if isinstance(base, int) else list(base)
    cells = math.prod(bases)
    n = columns[0].size if columns else 0
    # Blocks of several times as many rows as cells, so adding up counts stays cheap.
    rows = max(_PATTERN_ROWS, 4 * cells)
    number = np.empty(min(n, rows), dtype=np.min_scalar_type(-cells))
    counts = np.zeros(cells, dtype=np.intp)
    for start in range(0, n, rows):
        block = slice(start, min(start + rows, n))
        code = number[: block.stop - block.start]
        code.fill(0)
        for column, size in zip(columns, bases, strict=True):
            np.multiply(code, size, out=code)
            np.add(code, column[block], out=code)
        counts += np.bincount(code, minlength=cells)
    return counts


@dataclass(frozen=True)
class Population:
    """Rows ``rows`` of ``frame``: all rows when None, else a slice or row positions."""

    frame: pd.DataFrame
    rows: np.ndarray | slice | None = None
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def n(self) -> int:
        """Number of respondents (rows) in the population."""
        if self.rows is None:
            return len(self.frame)
        if isinstance(self.rows, slice):
            return self.rows.stop - self.rows.start
        return int(self.rows.size)

    def _take(self, values: np.ndarray) -> np.ndarray:
        return values if self.rows is None else values[self.rows]

    def column(self, name: str) -> np.ndarray:
        """A numeric column as float64 (NaN for missing) restricted to the population."""
        key = ("num", name)
        if key not in self._cache:
            values = self.frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
            self._cache[key] = self._take(values)
        return self._cache[key]

    def answers(self, name: str) -> np.ndarray:
        """A column of answers on a 1..k scale as int8, 0 for missing.

        One byte per answer instead of eight: every statistic of items and
        dimensions is computed from these small integers (counts, sums and
        cross-products of integers are exact). Answers are integers in range
        by the response frame's contract, so the cast loses nothing.
        """
        key = ("answers", name)
        if key not in self._cache:
            values = self._take(self.frame[name].to_numpy(dtype=np.float64, na_value=np.nan))
            # fmax replaces NaN by 0 in the same pass that makes the copy.
            self._cache[key] = np.fmax(values, 0.0).astype(np.int8)
        return self._cache[key]

    def answer_blocks(
        self, names: Sequence[str], keep: np.ndarray | None = None
    ) -> Iterator[np.ndarray]:
        """The answers of ``names`` (see `answers`) as float64 blocks of rows x len(names).

        Rows where ``keep`` (length n) is False come as zeros, like missing
        answers. Cross-products of a block are sums of small integers, exact
        in float64, so statistics built from them are exact too; blocks of
        `BLOCK_BYTES` keep the memory flat. One buffer is reused: a block is
        the caller's to change until the next one is drawn.
        """
        columns = [self.answers(name) for name in names]
        rows = max(1024, BLOCK_BYTES // (8 * max(len(columns), 1)))
        buffer = np.empty((min(rows, self.n), len(columns)), order="F")
        for start in range(0, self.n, rows):
            stop = min(start + rows, self.n)
            block = buffer[: stop - start]
            for j, answers in enumerate(columns):
                if keep is None:
                    block[:, j] = answers[start:stop]
                else:
                    np.multiply(answers[start:stop], keep[start:stop], out=block[:, j])
            yield block

    def codes(self, name: str) -> np.ndarray:
        """A categorical column as integer codes (-1 for missing).

        The categorical's own small integer type is kept (int8 up to 127
        options), which is all the memory a breakdown needs per respondent.
        """
        key = ("codes", name)
        if key not in self._cache:
            codes = np.asarray(self.frame[name].cat.codes)
            self._cache[key] = self._take(codes)
        return self._cache[key]

    def labels(self, name: str) -> np.ndarray:
        """An object column (wave, comments) restricted to the population."""
        return self._take(self.frame[name].to_numpy(dtype=object))

    def subset(self, mask: np.ndarray) -> Population:
        """The respondents of this population where ``mask`` (length n) holds."""
        positions = np.flatnonzero(mask)
        if self.rows is not None and not isinstance(self.rows, slice):
            return Population(self.frame, self.rows[positions])
        if isinstance(self.rows, slice):
            positions += self.rows.start
        # Positions are sorted and distinct here, so first and last tell a run.
        if positions.size == len(self.frame):
            return Population(self.frame)
        if positions.size and positions[-1] - positions[0] + 1 == positions.size:
            return Population(self.frame, slice(int(positions[0]), int(positions[-1]) + 1))
        return Population(self.frame, positions)
