"""The privacy rules of METHOD.md: the only place that decides what may be shown.

k counts the people behind each figure (METHOD.md, Privacy): a group's index
rests on its respondents with an index, a dimension score on those with that
dimension's score, an item's figures on those who answered it, eNPS on those
who answered the recommend item. Callers count; this module decides. A group
is shown only if it holds at least k respondents (rows); each of its figures
only if that figure's own people number at least k (`hide_figure`).

Every published count and every published mean is a linear equation an
attacker can combine with the others: a mean times its count is a sum, and
sums subtract. The rules here therefore work on *lines*: sets of cells whose
total is published. Within a line the hidden cells must hold 0 or at least k
of the figure's people, or subtracting the shown cells from the line's total
recovers them. A one-way breakdown is one line (its total is the
population); with a youth rule on the same demographic, the youth options
and the other options are two more lines (the youth comparison publishes
both sides). In a one-way breakdown these lines are all an attacker can
combine, and hiding the smallest cells until every line holds is enough. A
filtered breakdown is a two-way table whose rows, columns and published sets
combine in more ways (a total minus a row minus a column plus a cell); there
`audit_cells` searches every combination exactly and hides cells until none
recovers 1..k-1 people. Each figure is settled on its own counts, starting
from the cells hidden for the figure it depends on (a group's dimension
score is hidden wherever the group is).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "MIN_K",
    "audit_cells",
    "derivable_breach",
    "enough",
    "group_sizes",
    "hide_figure",
    "live_count",
    "live_unit_count",
    "may_show_population",
    "split_residual",
    "split_shown",
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


def hide_figure(
    counts: Sequence[int] | np.ndarray,
    k: int,
    hidden: Sequence[bool] | np.ndarray | None = None,
    lines: Sequence[Sequence[int]] = (),
) -> np.ndarray:
    """Which groups of one breakdown do not show one figure.

    ``counts`` are the figure's people per group (respondents with an index,
    with the dimension's score, who answered the item...), ``hidden`` the
    groups hidden already (whole groups, or the figure this one depends on).
    A group whose people number fewer than ``k`` is hidden; then, in the
    whole breakdown and in each of ``lines``, while the hidden groups hold 1
    to k-1 people the smallest group still showing the figure (first of
    equals) is hidden too. Returns a boolean array, one per group.
    """
    values = np.asarray(counts, dtype=np.float64)
    out = values < k
    if hidden is not None:
        out |= np.asarray(hidden, dtype=bool)
    everything = np.arange(values.size)
    extra = [np.asarray(line, dtype=np.intp) for line in lines]
    _settle_lines(values, out, [everything, *extra], k)
    return out


def enough(count: int, k: int) -> bool:
    """A figure of one population may be shown: its people number at least ``k``."""
    return int(count) >= k


def split_shown(first: int, second: int, k: int) -> bool:
    """A figure compared between the two sides of a split (the young and the rest)
    may be shown: each side's people number at least ``k``.

    Both sides together make the whole population, whose figure is published,
    so hiding one side alone would not help: the row goes for both or neither.
    """
    return enough(first, k) and enough(second, k)


def split_residual(sizes: Sequence[int], sides: Sequence[bool], k: int) -> bool:
    """Whether a breakdown's hidden groups hold 1 to k-1 people on one side of a split.

    ``sides`` tells for each group whether it is on the first side (the
    young). The breakdown itself settles the two sides as lines of their own
    (`hide_figure`); this stricter test, on the breakdown without those
    lines, is what the youth page asks before it shows the split at all.
    """
    hidden = suppress_groups(sizes, k)
    for side in (True, False):
        held = sum(s for s, h, own in zip(sizes, hidden, sides, strict=True) if h and own == side)
        if 0 < held < k:
            return True
    return False


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
    return hide_figure(sizes, k, lines=lines).tolist()


def may_show_population(size: int, complement: int, k: int) -> bool:
    """A filtered population is shown only if it holds at least ``k`` respondents
    and its complement in the wave holds 0 or at least ``k``."""
    return size >= k and (complement == 0 or complement >= k)


LIVE_STEP = 10
"""The smallest step in which an open wave's response count is shown."""


def live_count(count: int, k: int) -> int:
    """An open wave's response count as it may be shown while the wave collects.

    Whoever watches an exact live count learns the moment of every
    submission, and with it, next to who was seen at a desk, who answered.
    The count is therefore shown rounded down to a multiple of
    ``max(LIVE_STEP, k)``: the shown number changes once per step of
    submissions, so watching it dates one submission in a step without
    telling which one it was, and never shows that fewer than a step
    have answered. The exact count is published only after the wave closes.
    """
    step = max(LIVE_STEP, int(k))
    return int(count) // step * step


def live_unit_count(count: int, k: int) -> int | None:
    """One unit's (department's) response count while its wave collects, as it may be shown.

    None while fewer than ``k`` have answered (shown as "fewer than k", also
    for every unit of fewer than k people); from ``k`` on, ``k`` until the
    first full step of ``max(LIVE_STEP, k)``, then `live_count`'s steps. So a
    unit's shown number changes when the k-th person answers and then once
    per step, never with each submission, and a small unit shows nothing but
    "fewer than k" for the whole wave.
    """
    count, k = int(count), int(k)
    if count < k:
        return None
    return max(k, live_count(count, k))


def group_sizes(codes: np.ndarray, n_options: int) -> np.ndarray:
    """Respondents per option (codes 0..n_options-1) and, last, the missing group (-1)."""
    counts = np.bincount(np.where(codes < 0, n_options, codes), minlength=n_options + 1)
    return counts[: n_options + 1]


def derivable_breach(
    counts: np.ndarray, hidden: np.ndarray, lines: Sequence[np.ndarray], k: int
) -> np.ndarray | None:
    """A set of hidden cells whose total an attacker can derive and that holds 1..k-1.

    Published are every shown cell and the total of every line, so the total
    of the hidden cells in a line is known, and so is any linear combination
    of those. A set ``S`` of hidden cells has a derivable total exactly when
    its indicator lies in the row space of the lines restricted to the hidden
    cells: ``1_S = A' y`` for some real ``y``. A mixed-integer program finds
    such an ``S`` with ``1 <= sum(counts[S]) <= k - 1``, or proves there is
    none (Fischetti & Salazar-Gonzalez (1999), "Models and algorithms for
    the 2-dimensional cell suppression problem in statistical disclosure
    control", Math. Programming 84, state the same protection condition).
    Returns a boolean mask of ``S`` (shaped like ``counts``) or None.
    """
    # Imported here: a breakdown rarely needs the program, and scipy.optimize
    # costs start-up time that every report would pay.
    from scipy.optimize import Bounds, LinearConstraint, milp

    cells = np.flatnonzero(hidden.ravel())
    flat = [np.asarray(line, dtype=bool).ravel()[cells] for line in lines]
    flat = [line for line in flat if line.any()]
    if cells.size == 0 or not flat:
        return None
    h, m = cells.size, len(flat)
    a = np.array(flat, dtype=float)  # m x h
    values = counts.ravel()[cells].astype(float)
    # Variables: s (h binaries), then y (m free reals); s - A'y = 0.
    equal = np.hstack([np.eye(h), -a.T])
    size = np.concatenate([values, np.zeros(m)])[None, :]
    constraints = [LinearConstraint(equal, 0, 0), LinearConstraint(size, 1, k - 1)]
    integrality = np.concatenate([np.ones(h), np.zeros(m)])
    bounds = Bounds(
        np.concatenate([np.zeros(h), np.full(m, -np.inf)]),
        np.concatenate([np.ones(h), np.full(m, np.inf)]),
    )
    result = milp(
        np.concatenate([np.ones(h), np.zeros(m)]),
        constraints=constraints,
        integrality=integrality,
        bounds=bounds,
    )
    if not result.success:
        return None
    chosen = np.zeros(counts.size, dtype=bool)
    chosen[cells[result.x[:h] > 0.5]] = True
    return chosen.reshape(counts.shape)


def audit_cells(
    counts: np.ndarray,
    hidden: np.ndarray,
    published: np.ndarray,
    lines: Sequence[np.ndarray],
    k: int,
) -> np.ndarray:
    """Hide further cells until no derivable set of hidden cells holds 1..k-1.

    ``published`` marks the cells some view shows unless hidden; the others
    are hidden from the start. While `derivable_breach` finds a set, the
    smallest shown cell that shares a row or a column with it is hidden too
    (an unknown in the same equations breaks the derivation); when none is
    left, every cell goes.
    """
    hidden = np.asarray(hidden, dtype=bool) | ~np.asarray(published, dtype=bool)
    while True:
        breach = derivable_breach(counts, hidden, lines, k)
        if breach is None:
            return hidden
        rows, cols = np.nonzero(breach)
        near = np.zeros_like(hidden)
        near[rows, :] = True
        near[:, cols] = True
        candidates = np.flatnonzero((near & ~hidden).ravel())
        if candidates.size == 0:
            candidates = np.flatnonzero(~hidden.ravel())
        if candidates.size == 0:
            return hidden
        smallest = candidates[np.argmin(counts.ravel()[candidates])]
        hidden.ravel()[smallest] = True


def comment_lists(
    writers: int, split: tuple[int, int] | None, k: int, threshold: int
) -> tuple[str, ...]:
    """Which comment lists of one wave may be published: ``"wave"``, ``"youth"``, ``"rest"``.

    A comment's text is unique, so every published list that holds it places
    its writer inside that list's population, and every list beside it that
    lacks it places them outside. Only three populations are ever listed: the
    wave, its young respondents and everyone else (including those who gave
    no age), and the last two partition the first, so whatever an attacker
    combines, a comment traces to one whole side or the whole wave. Each list
    published must have at least ``max(k, threshold)`` writers (respondents
    who wrote a comment); the split goes out for both sides or for neither,
    since one side's list subtracted from the wave's is the other's.

    ``writers`` counts the wave's writers, ``split`` the young and the other
    writers (None when the survey has no youth rule); the two must add up to
    ``writers``.
    """
    if split is not None and sum(split) != writers:
        raise ValueError(f"the youth split {split} does not add up to {writers} writers")
    least = max(k, threshold)
    if writers < least:
        return ()
    if split is None or min(split) < least:
        return ("wave",)
    return ("wave", "youth", "rest")
