"""scoring/privacy.py: the suppression rules of METHOD.md, by example and by property."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.privacy import group_sizes, may_show_population, suppress_groups


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
