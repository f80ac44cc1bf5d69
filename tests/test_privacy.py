"""scoring/privacy.py: the suppression rules of METHOD.md, by example and by property."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.privacy import group_sizes, may_show_population, suppress_cells, suppress_groups


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


def test_filtered_breakdown_cells_respect_rows_and_columns():
    # Rows: filter options young / old / no answer; columns: departments d1, d2, d3.
    table = np.array([[27, 10, 12], [3, 15, 20], [0, 0, 6]])
    hidden = suppress_cells(
        table, 5, row_shown=[True, True, False], column_shown=[True, True, True]
    )
    assert hidden[2].all()  # the "no answer" row is never a filter
    # Column d1 publishes 30: young 27 shown would give old 3 by subtraction.
    assert hidden[1, 0] and hidden[0, 0]
    for r in (0, 1):
        total = table[r][hidden[r]].sum()
        assert total == 0 or total >= 5


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 15), min_size=4, max_size=4), min_size=3, max_size=3),
    st.lists(st.booleans(), min_size=3, max_size=3),
    st.lists(st.booleans(), min_size=4, max_size=4),
    st.integers(3, 8),
)
def test_every_published_line_hides_zero_or_at_least_k(rows, row_shown, column_shown, k):
    table = np.array(rows)
    hidden = suppress_cells(table, k, row_shown, column_shown)
    assert np.all(table[~hidden] >= k)
    assert hidden[~np.array(row_shown)].all()
    masks = [
        np.eye(3, dtype=bool)[r][:, None] & np.ones((3, 4), bool) for r in range(3) if row_shown[r]
    ]
    masks += [np.ones((3, 1), bool) & np.eye(4, dtype=bool)[c] for c in range(4) if column_shown[c]]
    off = ~np.array(column_shown)
    if off.any():
        masks.append(np.ones((3, 4), bool) & off)
    for line in masks:
        hidden_total = table[line & hidden].sum()
        # A line wholly hidden publishes only its total, which is not a cell.
        assert hidden_total == 0 or hidden_total >= k or hidden[line].all()
