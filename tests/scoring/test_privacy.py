"""scoring/privacy.py: the suppression rules of METHOD.md, by example and by property."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.privacy import (
    audit_cells,
    derivable_breach,
    group_sizes,
    may_show_population,
    suppress_groups,
)


def test_small_group_suppressed():
    assert suppress_groups([10, 12, 7], 5) == [False, False, False]
    assert suppress_groups([10, 12, 2, 7, 0], 5) == [False, False, True, True, True]


def test_complementary_suppression_takes_the_next_smallest():
    # 3 alone could be recovered by subtraction; the next-smallest (6) joins it.
    assert suppress_groups([20, 3, 6, 9], 5) == [False, True, True, False]
    # Two small groups that together reach k need nothing more.
    assert suppress_groups([20, 3, 2, 9], 5) == [False, True, True, False]


def test_everything_suppressed_when_nothing_is_large_enough():
    assert suppress_groups([2, 1], 5) == [True, True]
    assert suppress_groups([0, 0, 0], 5) == [True, True, True]


def test_missing_answers_are_a_group_like_any_other():
    codes = np.array([0, 0, 1, -1, -1, -1, 2])
    assert group_sizes(codes, 3).tolist() == [2, 1, 1, 3]


def test_filter_complement_rule():
    assert may_show_population(10, 0, 5)
    assert may_show_population(10, 5, 5)
    assert not may_show_population(10, 4, 5)  # the other 4 would follow by subtraction
    assert not may_show_population(4, 20, 5)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=12), st.integers(3, 12))
def test_no_shown_group_under_k_and_suppressed_total_zero_or_at_least_k(sizes, k):
    hidden = suppress_groups(sizes, k)
    assert all(size >= k for size, h in zip(sizes, hidden, strict=True) if not h)
    total = sum(size for size, h in zip(sizes, hidden, strict=True) if h)
    assert total == 0 or total >= k or all(hidden)
    # Suppression never hides more than needed: at most one group >= k joins in.
    assert sum(1 for size, h in zip(sizes, hidden, strict=True) if h and size >= k) <= 1


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(3, 12))
def test_population_rule_property(size, complement, k):
    shown = may_show_population(size, complement, k)
    assert shown == (size >= k and complement not in range(1, k))


def test_youth_lines_keep_both_sides_of_the_comparison_safe():
    # Age bands: under 30 (3), 30-34 (20), 35-39, 40s, 50+ (30 each), no answer (10).
    # Alone, hiding "under 30" and the next-smallest ("no answer") would do; but the
    # youth comparison publishes under-30 + 30-34, so 30-34 must go too.
    sizes = [3, 20, 30, 30, 30, 10]
    assert suppress_groups(sizes, 5) == [True, False, False, False, False, True]
    with_youth = suppress_groups(sizes, 5, lines=[[0, 1], [2, 3, 4, 5]])
    assert with_youth == [True, True, False, False, False, True]


def _two_way_lines(n_rows: int, n_cols: int) -> list[np.ndarray]:
    """Every row, every column and the total of a table: its published margins."""
    lines = [np.ones((n_rows, n_cols), dtype=bool)]
    lines += [
        np.eye(n_rows, dtype=bool)[r][:, None] & np.ones((1, n_cols), bool) for r in range(n_rows)
    ]
    lines += [np.ones((n_rows, 1), bool) & np.eye(n_cols, dtype=bool)[c] for c in range(n_cols)]
    return lines


def test_inclusion_exclusion_is_found():
    # Rows young/old, columns d1/d2; only the total, the "young" row, the "d1" column
    # and the cell (young, d1) are published. Every line alone hides 5 or more, but
    # total - row - column + cell = the old in d2: 3 people.
    counts = np.array([[20, 7], [6, 3]])
    hidden = np.array([[False, True], [True, True]])
    lines = [
        np.ones((2, 2), bool),
        np.array([[1, 1], [0, 0]], bool),
        np.array([[1, 0], [1, 0]], bool),
    ]
    breach = derivable_breach(counts, hidden, lines, 5)
    assert breach is not None and breach.tolist() == [[False, False], [False, True]]


def test_audit_hides_until_no_combination_recovers_a_small_set():
    counts = np.array([[27, 10, 12], [3, 15, 20], [0, 0, 6]])
    published = np.ones_like(counts, dtype=bool)
    lines = _two_way_lines(3, 3)
    hidden = audit_cells(counts, counts < 5, published, lines, 5)
    assert hidden[1, 0] and derivable_breach(counts, hidden, lines, 5) is None
    assert not hidden.all()  # large cells away from the small one stay shown


def test_unpublished_cells_stay_hidden():
    counts = np.array([[20, 20], [20, 20]])
    published = np.array([[True, True], [False, False]])
    hidden = audit_cells(counts, counts < 5, published, _two_way_lines(2, 2)[:3], 5)
    assert hidden[1].all() and not hidden[0].any()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=3, max_size=3),
    st.integers(3, 6),
)
def test_after_the_audit_no_derivable_set_is_small(rows, k):
    counts = np.array(rows)
    lines = _two_way_lines(3, 3)
    hidden = audit_cells(counts, counts < k, np.ones_like(counts, dtype=bool), lines, k)
    assert np.all(counts[~hidden] >= k)
    assert derivable_breach(counts, hidden, lines, k) is None or hidden.all()


def test_live_unit_count_shows_fewer_than_k_then_k_then_steps():
    from scoring.privacy import live_unit_count

    assert [live_unit_count(n, 5) for n in (0, 4, 5, 9, 10, 19, 20, 23)] == [
        None,
        None,
        5,
        5,
        10,
        10,
        20,
        20,
    ]
    # With k above the step, the step is k: nothing moves with one submission.
    assert [live_unit_count(n, 12) for n in (11, 12, 23, 24)] == [None, 12, 12, 24]
