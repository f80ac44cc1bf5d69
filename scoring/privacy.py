"""The privacy rules of METHOD.md: the only place that decides what may be shown.

Sizes are respondents (rows of the response frame), whether or not they have
an index: a group's figures always rest on people who are at least k in number.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["MIN_K", "may_show_population", "suppress_groups"]

MIN_K = 3
"""The smallest k-anonymity threshold METHOD.md allows."""


def suppress_groups(sizes: Sequence[int], k: int) -> list[bool]:
    """Which groups of one breakdown are suppressed.

    A group with fewer than ``k`` respondents is suppressed. The suppressed
    groups together must then hold 0 or at least ``k`` respondents: while
    they hold fewer, the smallest group still shown (the first of equals, in
    breakdown order) is suppressed too, so that no subtraction from the
    population total recovers a figure for fewer than ``k`` people.
    Empty groups count as suppressed and add nothing.
    """
    sizes = [int(s) for s in sizes]
    suppressed = [s < k for s in sizes]
    while 0 < sum(s for s, hidden in zip(sizes, suppressed, strict=True) if hidden) < k:
        shown = [i for i, hidden in enumerate(suppressed) if not hidden]
        if not shown:
            break
        smallest = min(shown, key=lambda i: sizes[i])
        suppressed[smallest] = True
    return suppressed


def may_show_population(size: int, complement: int, k: int) -> bool:
    """A filtered population is shown only if it holds at least ``k`` respondents
    and its complement in the wave holds 0 or at least ``k``."""
    return size >= k and (complement == 0 or complement >= k)


def group_sizes(codes: np.ndarray, n_options: int) -> np.ndarray:
    """Respondents per option (codes 0..n_options-1) and, last, the missing group (-1)."""
    counts = np.bincount(np.where(codes < 0, n_options, codes), minlength=n_options + 1)
    return counts[: n_options + 1]
