"""Tests for scoring.compare.

Published reference values:
- R documentation of ``t.test`` (stats package), Examples:
  ``t.test(1:10, y = c(7:20))  # P = .00001855``.
- Statology, "How to Perform Welch's t-test in R" (mirrored at
  https://stats.arabpsychology.com/st/perform-welchs-t-test-in-r/): booklet vs
  no_booklet exam scores, R output ``t = 2.2361, df = 14.354, p-value = 0.04171``.
- pingouin 0.7 ``compute_effsize`` docstring: Cohen's d of x = [1, 2, 3, 4] against
  y = [3, 4, 5, 6, 7] is -1.707825127659933; its Notes give the Hedges correction
  ``g = d * (1 - 3 / (4 (n1 + n2) - 9))``; ``convert_effsize`` docstring:
  d = 0.45 with nx = ny = 10 gives g = 0.4309859154929578.
- R ``multtest::mt.rawp2adjp`` Holm results on ten p-values, as recorded in
  statsmodels' test suite (statsmodels/stats/tests/test_multi.py, ``pval0`` and
  the "Holm" column of ``res_multtest1``).
"""

from __future__ import annotations

import math

import numpy as np
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests

from scoring.compare import Comparison, WelchResult, compare_groups, hedges_g, holm, welch

BOOKLET = [90, 85, 88, 89, 94, 91, 79, 83, 87, 88, 91, 90]
NO_BOOKLET = [67, 90, 71, 95, 88, 83, 72, 66, 75, 86, 93, 84]

# statsmodels test_multi.py: pval0 and the R multtest Holm column of res_multtest1
# (rows there are sorted by raw p; listed here in pval0's order).
R_RAW_P = [
    0.838541367553,
    0.642193923795,
    0.680845947633,
    0.967833824309,
    0.71626938238,
    0.177096952723,
    5.23656777208e-005,
    0.0202732688798,
    0.00028140506198,
    0.0149877310796,
]
R_HOLM = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 5.2365677720800005e-04, 1.4191288215860001e-01,
          2.5326455578199999e-03, 1.1990184863680001e-01]  # fmt: skip

finite_scores = st.floats(min_value=0, max_value=100, allow_nan=False)


# --- Welch --------------------------------------------------------------------------------


def test_welch_matches_r_t_test_documentation_example():
    result = welch(np.arange(1, 11), np.arange(7, 21))
    assert isinstance(result, WelchResult)
    assert round(result.p, 8) == pytest.approx(0.00001855, abs=1e-12)


def test_welch_matches_published_r_output_booklet_example():
    t, df, p = welch(BOOKLET, NO_BOOKLET)
    assert round(t, 4) == 2.2361
    assert round(df, 3) == 14.354
    assert round(p, 5) == 0.04171


@pytest.mark.parametrize("seed", range(5))
def test_welch_equals_scipy_and_ignores_missing(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(60, 15, size=rng.integers(3, 80))
    b = rng.normal(65, 25, size=rng.integers(3, 80))
    a[::7] = np.nan
    reference = stats.ttest_ind(a, b, equal_var=False, nan_policy="omit")
    result = welch(a, b)
    assert result.t == pytest.approx(reference.statistic, abs=1e-10)
    assert result.df == pytest.approx(reference.df, abs=1e-10)
    assert result.p == pytest.approx(reference.pvalue, abs=1e-12)


def test_welch_with_zero_variance_on_both_sides():
    assert welch([70.0] * 12, [70.0] * 15)[::2] == (0.0, 1.0)
    t, df, p = welch([80.0] * 12, [70.0] * 15)
    assert (t, p) == (math.inf, 0.0)
    assert math.isnan(df)
    assert welch([60.0] * 12, [70.0] * 15).t == -math.inf


def test_welch_with_a_tiny_variance_does_not_underflow():
    # Found by hypothesis: the squared standard error of b underflows to 0.
    reference = stats.ttest_ind([0.0, 0.0], [0.0, 7.1e-155], equal_var=False)
    t, df, p = welch([0.0, 0.0], [0.0, 7.1e-155])
    assert (t, df, p) == pytest.approx((reference.statistic, reference.df, reference.pvalue))


def test_welch_needs_two_values_on_each_side():
    assert all(math.isnan(v) for v in welch([1.0, np.nan], [1.0, 2.0, 3.0]))


# --- Hedges' g ----------------------------------------------------------------------------


def test_hedges_g_from_pingouin_documented_cohen_d():
    correction = 1 - 3 / (4 * (4 + 5) - 9)
    assert hedges_g([1, 2, 3, 4], [3, 4, 5, 6, 7]) == pytest.approx(
        -1.707825127659933 * correction, abs=1e-12
    )


def test_hedges_correction_matches_pingouin_documented_conversion():
    # Two samples of 10 with Cohen's d exactly 0.45: means 0.45 apart, pooled SD 1.
    base = np.array([-1.5, -1.0, -0.5, -0.25, 0.0, 0.0, 0.25, 0.5, 1.0, 1.5])
    base = base / base.std(ddof=1)
    assert hedges_g(base + 0.45, base) == pytest.approx(0.4309859154929578, abs=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_hedges_g_equals_pingouin_compute_effsize(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(70, 10, size=rng.integers(2, 60))
    b = rng.normal(75, 20, size=rng.integers(2, 60))
    expected = pg.compute_effsize(a, b, paired=False, eftype="hedges")
    assert hedges_g(a, b) == pytest.approx(expected, abs=1e-12)


def test_hedges_g_with_zero_pooled_sd_and_tiny_samples():
    assert hedges_g([70.0] * 12, [70.0] * 15) == 0.0
    assert math.isnan(hedges_g([80.0] * 12, [70.0] * 15))
    assert math.isnan(hedges_g([], [1.0, 2.0]))
    assert math.isnan(hedges_g([1.0], [2.0]))


# --- Holm ---------------------------------------------------------------------------------


def test_holm_matches_r_multtest_results():
    np.testing.assert_allclose(holm(R_RAW_P), R_HOLM, rtol=1e-10)


def test_holm_leaves_untested_rows_out_of_the_family():
    # Three tested p-values: 0.01 * 3, then max(0.03 * 2, 0.03), then max(0.04 * 1, 0.06).
    result = holm([0.01, np.nan, 0.04, 0.03])
    np.testing.assert_allclose(result, [0.03, np.nan, 0.06, 0.06], atol=1e-15)


def test_holm_edge_cases():
    assert holm([]).shape == (0,)
    assert np.isnan(holm([np.nan, np.nan])).all()
    np.testing.assert_array_equal(holm([0.2]), [0.2])
    np.testing.assert_array_equal(holm([0.6, 0.7]), [1.0, 1.0])
    with pytest.raises(ValueError):
        holm([0.5, 1.5])
    with pytest.raises(ValueError):
        holm([[0.1, 0.2]])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1), st.just(math.nan)), max_size=15))
def test_holm_properties(pvalues):
    p = np.array(pvalues, dtype=float)
    adjusted = holm(p)
    tested = ~np.isnan(p)
    np.testing.assert_array_equal(np.isnan(adjusted), ~tested)
    assert (adjusted[tested] >= p[tested]).all()
    assert (adjusted[tested] <= 1.0).all()
    order = np.argsort(p[tested], kind="stable")
    assert (np.diff(adjusted[tested][order]) >= 0).all()


@pytest.mark.parametrize("seed", range(4))
def test_holm_equals_statsmodels_multipletests(seed):
    rng = np.random.default_rng(seed)
    p = rng.random(rng.integers(1, 13)) ** 3  # many small p-values, some ties near 0
    p[rng.random(p.size) < 0.2] = 0.5
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1], atol=1e-12)


# --- compare_groups -----------------------------------------------------------------------


def _groups(seed: int, n_a: dict[str, int], n_b: dict[str, int]):
    rng = np.random.default_rng(seed)
    a = {key: rng.normal(70, 12, size=n) for key, n in n_a.items()}
    b = {key: rng.normal(64, 15, size=n) for key, n in n_b.items()}
    return a, b


def test_compare_groups_tests_rows_with_enough_people_and_adjusts_the_dimensions():
    a, b = _groups(
        1,
        {"index": 40, "trust": 9, "growth": 30, "care": 10},
        {"index": 50, "trust": 50, "growth": 25, "care": 12},
    )
    rows = compare_groups(a, b)
    assert [row.id for row in rows] == ["index", "trust", "growth", "care"]
    assert [row.tested for row in rows] == [True, False, True, True]
    tested = [row for row in rows if row.tested]
    raw = [stats.ttest_ind(a[r.id], b[r.id], equal_var=False).pvalue for r in tested]
    np.testing.assert_allclose([r.p for r in tested], raw, atol=1e-12)
    # The index is primary and unadjusted; Holm runs over the tested dimensions only.
    assert tested[0].id == "index" and tested[0].p_holm == tested[0].p
    np.testing.assert_allclose(
        [r.p_holm for r in tested[1:]], multipletests(raw[1:], method="holm")[1], atol=1e-12
    )
    for row in tested:
        expected_g = pg.compute_effsize(a[row.id], b[row.id], eftype="hedges")
        assert row.hedges_g == pytest.approx(expected_g, abs=1e-12)
    untested = rows[1]
    assert (untested.n_a, untested.n_b) == (9, 50)
    assert math.isnan(untested.p) and math.isnan(untested.p_holm)
    assert math.isnan(untested.hedges_g)
    assert untested.mean_a == pytest.approx(a["trust"].mean(), abs=1e-12)
    assert untested.diff == pytest.approx(a["trust"].mean() - b["trust"].mean(), abs=1e-12)


def test_compare_groups_ignores_missing_scores_and_honours_min_n():
    a = {"index": np.array([70.0, 72.0, np.nan, 75.0, 80.0, np.nan])}
    b = {"index": np.array([60.0, 65.0, 61.0, np.nan])}
    (row,) = compare_groups(a, b, min_n=3)
    assert (row.n_a, row.n_b, row.tested) == (4, 3, True)
    assert row.mean_a == pytest.approx(74.25)
    assert row.p == pytest.approx(welch(a["index"], b["index"]).p, abs=1e-15)
    assert row.p_holm == row.p
    (row,) = compare_groups(a, b, min_n=4)
    assert not row.tested
    assert row.diff == pytest.approx(74.25 - 62.0)


def test_compare_groups_with_an_empty_side():
    (row,) = compare_groups({"index": np.array([])}, {"index": np.array([50.0] * 20)})
    assert (row.n_a, row.tested) == (0, False)
    assert math.isnan(row.mean_a) and math.isnan(row.diff)
    assert row.mean_b == 50.0


def test_compare_groups_rejects_bad_families():
    with pytest.raises(ValueError, match="same keys"):
        compare_groups({"index": np.ones(3)}, {"trust": np.ones(3)})
    with pytest.raises(ValueError, match="min_n"):
        compare_groups({"index": np.ones(3)}, {"index": np.ones(3)}, min_n=1)


def test_as_row_uses_method_json_keys():
    a, b = _groups(2, {"index": 20, "trust": 5}, {"index": 30, "trust": 30})
    rows = compare_groups(a, b)
    row = rows[0].as_row()
    assert list(row) == ["id", "youth", "rest", "diff", "p", "p_holm", "hedges_g", "tested"]
    assert row["youth"] == rows[0].mean_a and row["rest"] == rows[0].mean_b
    assert all(type(row[key]) is float for key in ("youth", "rest", "diff", "p", "p_holm"))
    assert row["tested"] is True
    waves = rows[1].as_row(label_a="2025-H1", label_b="2024-H2")
    assert "2025-H1" in waves and "2024-H2" in waves
    assert waves["tested"] is False and math.isnan(waves["p"])
    assert isinstance(rows[1], Comparison)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(finite_scores, min_size=2, max_size=30),
    st.lists(finite_scores, min_size=2, max_size=30),
)
def test_swapping_groups_flips_difference_and_effect(a, b):
    forward = compare_groups({"index": np.array(a)}, {"index": np.array(b)}, min_n=2)[0]
    backward = compare_groups({"index": np.array(b)}, {"index": np.array(a)}, min_n=2)[0]
    assert backward.diff == pytest.approx(-forward.diff, abs=1e-9)
    assert (backward.n_a, backward.n_b) == (forward.n_b, forward.n_a)
    if math.isnan(forward.hedges_g):
        assert math.isnan(backward.hedges_g)
    else:
        assert backward.hedges_g == pytest.approx(-forward.hedges_g, abs=1e-9)
    assert backward.p == pytest.approx(forward.p, abs=1e-12)
