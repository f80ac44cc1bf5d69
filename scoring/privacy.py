"""The privacy rules of METHOD.md: the only place that decides what may be shown.

Sizes are respondents (rows of the response frame), whether or not they have
an index: a group's figures always rest on people who are at least k in number.

Every published count is a linear equation an attacker can combine with the
others. The rules here therefore work on *lines*: sets of cells whose total is
published. Within a line the hidden cells must hold 0 or at least k
respondents, or subtracting the shown cells from the line's total recovers
them. A one-way breakdown is one line (its total is the population); with a
youth rule on the same demographic, the youth options and the other options
are two more lines (the youth comparison publishes both sides); a filtered
breakdown is a two-way table whose rows (filter options) and columns (groups)
are all lines. Cells are hidden, smallest first, until every line holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "MIN_K",
    "group_sizes",
    "may_show_population",
    "suppress_cells",
    "suppress_groups",
]

MIN_K = 3
"""The smallest k-anonymity threshold METHOD.md allows."""


def _settle_lines(
    sizes: np.ndarray, hidden: np.ndarray, lines: Sequence[np.ndarray], k: int
) -> None:
    """Hide cells (in place) until the hidden part of every line holds 0 or >= k.

    Each round hides, in a line that fails, its smallest cell still shown
    (first of equals in order); hiding only ever grows, so this ends.
    """
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden_total = int(sizes[line][hidden[line]].sum())
            if not 0 < hidden_total < k:
                continue
            shown = line[~hidden[line] & (sizes[line] > 0)]
            if shown.size == 0:
                continue
            smallest = shown[np.argmin(sizes[shown])]  # the first of equals
            hidden[smallest] = True
            changed = True


def suppress_groups(
    sizes: Sequence[int], k: int, lines: Sequence[Sequence[int]] = ()
) -> list[bool]:
    """Which groups of one breakdown are suppressed.

    A group with fewer than ``k`` respondents is suppressed. The suppressed
    groups together must then hold 0 or at least ``k`` respondents: while
    they hold fewer, the smallest group still shown (the first of equals, in
    breakdown order) is suppressed too, so that no subtraction from the
    population total recovers a figure for fewer than ``k`` people. ``lines``
    names further sets of groups whose total is published elsewhere (the
    youth and the other options, when the youth comparison is shown); the
    same rule holds within each. Empty groups count as suppressed and add
    nothing.
    """
    counts = np.asarray(sizes, dtype=np.int64)
    hidden = counts < k
    everything = np.arange(counts.size)
    extra = [np.asarray(line, dtype=np.intp) for line in lines]
    _settle_lines(counts, hidden, [everything, *extra], k)
    return hidden.tolist()


def suppress_cells(
    table: np.ndarray,
    k: int,
    row_shown: Sequence[bool],
    column_shown: Sequence[bool],
) -> np.ndarray:
    """Which cells of a filtered breakdown (filter option x group) are hidden.

    ``table[r, c]`` counts respondents with filter option ``r`` (the last row:
    no answer) and group ``c``. ``row_shown[r]``: the filtered population of
    row ``r`` may be shown, so its total is published; other rows are hidden
    whole. ``column_shown[c]``: group ``c`` is shown in the unfiltered
    breakdown, so its total is published; the groups that breakdown hides
    have a published total together, and form one line. A cell is hidden
    when it holds fewer than ``k``; then, in every line (a shown row, a
    shown column, the hidden columns together), the hidden cells must hold
    0 or at least ``k``. Returns a boolean array shaped like ``table``.
    """
    counts = np.asarray(table, dtype=np.int64)
    n_rows, n_cols = counts.shape
    hidden = counts < k
    row_shown = np.asarray(row_shown, dtype=bool)
    column_shown = np.asarray(column_shown, dtype=bool)
    hidden[~row_shown, :] = True
    flat_sizes = counts.ravel()
    flat_hidden = hidden.ravel()  # a view: settling updates ``hidden``
    cells = np.arange(n_rows * n_cols).reshape(n_rows, n_cols)
    lines = [cells[r] for r in np.flatnonzero(row_shown)]
    lines += [cells[:, c] for c in np.flatnonzero(column_shown)]
    if (~column_shown).any():
        lines.append(cells[:, ~column_shown].ravel())
    _settle_lines(flat_sizes, flat_hidden, lines, k)
    return hidden


def may_show_population(size: int, complement: int, k: int) -> bool:
    """A filtered population is shown only if it holds at least ``k`` respondents
    and its complement in the wave holds 0 or at least ``k``."""
    return size >= k and (complement == 0 or complement >= k)


def group_sizes(codes: np.ndarray, n_options: int) -> np.ndarray:
    """Respondents per option (codes 0..n_options-1) and, last, the missing group (-1)."""
    counts = np.bincount(np.where(codes < 0, n_options, codes), minlength=n_options + 1)
    return counts[: n_options + 1]
