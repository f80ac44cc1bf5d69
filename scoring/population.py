"""A population: some rows of a response frame, read one column at a time.

Selecting a wave or a group with a boolean mask on the whole frame would copy
every column; a population instead keeps the row positions and takes one
column when asked, so analysis memory stays a few arrays of length n.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Population"]


@dataclass(frozen=True)
class Population:
    """Rows ``rows`` of ``frame`` (all rows when ``rows`` is None)."""

    frame: pd.DataFrame
    rows: np.ndarray | None = None
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def n(self) -> int:
        """Number of respondents (rows) in the population."""
        return len(self.frame) if self.rows is None else int(self.rows.size)

    def column(self, name: str) -> np.ndarray:
        """A numeric column as float64 (NaN for missing) restricted to the population."""
        key = ("num", name)
        if key not in self._cache:
            values = self.frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
            self._cache[key] = values if self.rows is None else values[self.rows]
        return self._cache[key]

    def codes(self, name: str) -> np.ndarray:
        """A categorical column as integer codes (-1 for missing)."""
        key = ("codes", name)
        if key not in self._cache:
            codes = np.asarray(self.frame[name].cat.codes, dtype=np.int64)
            self._cache[key] = codes if self.rows is None else codes[self.rows]
        return self._cache[key]

    def labels(self, name: str) -> np.ndarray:
        """An object column (wave, comments) restricted to the population."""
        values = self.frame[name].to_numpy(dtype=object)
        return values if self.rows is None else values[self.rows]

    def subset(self, mask: np.ndarray) -> Population:
        """The respondents of this population where ``mask`` (length n) holds."""
        positions = np.flatnonzero(mask)
        if self.rows is not None:
            positions = self.rows[positions]
        elif positions.size == len(self.frame):
            return Population(self.frame)
        return Population(self.frame, positions)
