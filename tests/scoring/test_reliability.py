"""Tests for scoring.reliability.

Published reference values come from pingouin's documented examples of
``pingouin.cronbach_alpha`` (pingouin 0.7 docstring), computed on its bundled
data sets ``cronbach_wide_missing`` and ``cronbach_alpha`` (both from
www.real-statistics.com); pingouin states those results were checked against R
psych's ``alpha``. The R ``bfi`` data set is not bundled with pingouin, so no
psych figure on it is used. Item statistics are checked against a plain
computation written here, one item at a time, and against pingouin as the
reference implementation of alpha for the remaining items.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy.stats import f as f_dist

from scoring import reliability
from scoring.reliability import Alpha, ItemTotal, cronbach_alpha, item_total


@pytest.fixture(scope="module")
def wide_missing() -> pd.DataFrame:
    """pingouin's ``cronbach_wide_missing``: 12 respondents, 11 binary items, 3 incomplete rows."""
    return pg.read_dataset("cronbach_wide_missing")


@pytest.fixture(scope="module")
def likert() -> pd.DataFrame:
    """pingouin's ``cronbach_alpha``: 15 respondents, 10 items on a 7-point scale."""
    long = pg.read_dataset("cronbach_alpha")
    return long.pivot(index="Subj", columns="Items", values="Scores")


def _likert_sample(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    """Correlated 1..5 answers: a shared trait plus item noise."""
    trait = rng.integers(1, 6, size=(n, 1))
    return np.clip(trait + rng.integers(-1, 2, size=(n, k)), 1, 5).astype(np.float64)


def _plain_alpha(x: np.ndarray) -> float:
    """Alpha from item and total variances, as in Cronbach (1951)."""
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


# --- published values (pingouin docstring) -------------------------------------------------


def test_listwise_alpha_matches_pingouin_documented_value(wide_missing):
    # pingouin docstring: cronbach_alpha(data, nan_policy="listwise") -> 0.8016949152542373,
    # commented there as R psych::alpha(data, use="complete.obs").
    result = cronbach_alpha(wide_missing.to_numpy(dtype=float))
    assert result.alpha == pytest.approx(0.8016949152542373, abs=1e-12)
    assert result.n == 9
    assert result.k == 11


def test_listwise_interval_matches_pingouin_documented_value(wide_missing):
    # pingouin docstring, cronbach_wide_missing with nan_policy="listwise" (R: psych::alpha
    # with use="complete.obs") -> (0.8016949152542373, [0.581, 0.933]). Like pingouin and
    # psych, the Feldt interval counts the 12 rows given, alpha the 9 complete ones.
    result = cronbach_alpha(wide_missing.to_numpy(dtype=float))
    assert result.alpha == pytest.approx(0.8016949152542373, abs=1e-12)
    assert [round(result.ci_low, 3), round(result.ci_high, 3)] == [0.581, 0.933]
    assert result.n == 9


def test_complete_data_matches_pingouin_documented_value_and_interval(wide_missing):
    # pingouin docstring: after imputing column medians -> (0.7380191693290734, [0.447, 0.911]).
    imputed = wide_missing.fillna(wide_missing.median())
    result = cronbach_alpha(imputed.to_numpy(dtype=float))
    assert result.alpha == pytest.approx(0.7380191693290734, abs=1e-12)
    assert (round(result.ci_low, 3), round(result.ci_high, 3)) == (0.447, 0.911)
    assert result.n == 12


def test_likert_data_matches_pingouin_documented_value_and_interval(likert):
    # pingouin docstring, long-format Likert example -> (0.5917188485995826, [0.195, 0.84]).
    result = cronbach_alpha(likert.to_numpy(dtype=float))
    assert result.alpha == pytest.approx(0.5917188485995826, abs=1e-12)
    assert (round(result.ci_low, 3), round(result.ci_high, 3)) == (0.195, 0.84)
    assert (result.n, result.k) == (15, 10)


# --- agreement with the reference implementation -------------------------------------------


@pytest.mark.parametrize(("n", "k", "seed"), [(8, 2, 1), (30, 4, 2), (200, 6, 3), (57, 12, 4)])
def test_complete_data_agrees_with_pingouin(n, k, seed):
    """pingouin is the reference implementation; it rounds its bounds to 3 decimals."""
    x = _likert_sample(np.random.default_rng(seed), n, k)
    result = cronbach_alpha(x)
    alpha, (low, high) = pg.cronbach_alpha(pd.DataFrame(x), nan_policy="listwise")
    assert result.alpha == pytest.approx(alpha, abs=1e-12)
    assert result.ci_low == pytest.approx(low, abs=5.1e-4)
    assert result.ci_high == pytest.approx(high, abs=5.1e-4)


def test_feldt_bounds_are_unrounded_and_follow_the_f_quantiles():
    x = _likert_sample(np.random.default_rng(5), 40, 5)
    result = cronbach_alpha(x, ci=0.90)
    alpha = _plain_alpha(x)
    df1, df2 = 39, 39 * 4
    assert result.alpha == pytest.approx(alpha, abs=1e-12)
    assert result.ci_low == pytest.approx(1 - (1 - alpha) * f_dist.ppf(0.95, df1, df2), abs=1e-12)
    assert result.ci_high == pytest.approx(1 - (1 - alpha) * f_dist.ppf(0.05, df1, df2), abs=1e-12)
    assert result.ci_low < result.alpha < result.ci_high


def test_unpacks_as_alpha_and_interval():
    x = _likert_sample(np.random.default_rng(6), 25, 4)
    result = cronbach_alpha(x)
    alpha, (low, high) = result
    assert (alpha, low, high) == (result.alpha, result.ci_low, result.ci_high)
    assert isinstance(result, Alpha)


# --- missing data -------------------------------------------------------------------------


def test_missing_answers_drop_the_whole_row():
    rng = np.random.default_rng(7)
    x = _likert_sample(rng, 60, 5)
    holes = x.copy()
    holes[rng.random(holes.shape) < 0.05] = np.nan
    complete = holes[~np.isnan(holes).any(axis=1)]
    result = cronbach_alpha(holes)
    assert result.n == complete.shape[0] < 60
    assert result.alpha == pytest.approx(_plain_alpha(complete), abs=1e-12)
    alone = cronbach_alpha(complete)
    assert (result.alpha, result.n) == (alone.alpha, alone.n)
    # The interval counts every row given (pingouin, psych), so it is narrower.
    assert result.ci_high - result.ci_low < alone.ci_high - alone.ci_low
    np.testing.assert_allclose(item_total(holes).r_drop, item_total(complete).r_drop, atol=1e-12)


@pytest.mark.parametrize(
    "data",
    [
        np.full((5, 3), np.nan),  # nobody answered everything
        np.array([[1.0, 2.0, 3.0]]),  # one respondent
        np.array([[1.0, 2.0, np.nan], [2.0, 3.0, 4.0]]),  # one complete row
        np.arange(1.0, 6.0).reshape(5, 1),  # one item
        np.full((6, 4), 3.0),  # everybody gave the same answer
        np.column_stack([np.arange(1.0, 6.0), 6.0 - np.arange(1.0, 6.0)]),  # total constant
        np.empty((0, 4)),  # no respondents
    ],
)
def test_undefined_alpha_is_nan_not_an_error(data):
    result = cronbach_alpha(data)
    assert np.isnan(result.alpha)
    assert np.isnan(result.ci_low)
    assert np.isnan(result.ci_high)
    assert result.k == data.shape[1]
    totals = item_total(data)
    assert totals.r_drop.shape == totals.alpha_if_deleted.shape == (data.shape[1],)
    assert np.isnan(totals.alpha_if_deleted).all()


def test_counts_of_undefined_results():
    assert cronbach_alpha(np.full((5, 3), np.nan)).n == 0
    assert cronbach_alpha(np.array([[1.0, 2.0, np.nan], [2.0, 3.0, 4.0]])).n == 1


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="2-D"):
        cronbach_alpha(np.arange(5.0))
    with pytest.raises(ValueError, match="ci"):
        cronbach_alpha(np.ones((4, 3)), ci=1.0)


# --- item-total statistics ----------------------------------------------------------------


def _plain_item_total(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One item at a time: correlate it with the rest score; alpha of the rest by pingouin."""
    complete = x[~np.isnan(x).any(axis=1)]
    r_drop, alpha_drop = [], []
    for i in range(complete.shape[1]):
        rest = np.delete(complete, i, axis=1)
        r_drop.append(np.corrcoef(complete[:, i], rest.sum(axis=1))[0, 1])
        alpha_drop.append(pg.cronbach_alpha(pd.DataFrame(rest))[0])
    return np.array(r_drop), np.array(alpha_drop)


def test_item_total_matches_a_plain_computation(likert):
    x = likert.to_numpy(dtype=float)
    result = item_total(x)
    r_drop, alpha_drop = _plain_item_total(x)
    assert isinstance(result, ItemTotal)
    np.testing.assert_allclose(result.r_drop, r_drop, atol=1e-12)
    np.testing.assert_allclose(result.alpha_if_deleted, alpha_drop, atol=1e-12)


def test_item_total_with_missing_answers_matches_a_plain_computation(wide_missing):
    x = wide_missing.to_numpy(dtype=float)
    r_drop, alpha_drop = _plain_item_total(x)
    result = item_total(x)
    np.testing.assert_allclose(result.r_drop, r_drop, atol=1e-12)
    np.testing.assert_allclose(result.alpha_if_deleted, alpha_drop, atol=1e-12)
    # Q4 does not correlate with the rest of the scale (r.drop 0): leaving it out
    # raises alpha above the 0.8017 of all 11 items.
    assert result.alpha_if_deleted[3] > cronbach_alpha(x).alpha
    assert abs(result.r_drop[3]) < 1e-12


def test_two_items_give_their_correlation_and_no_alpha_if_deleted():
    x = _likert_sample(np.random.default_rng(8), 50, 2)
    result = item_total(x)
    r = np.corrcoef(x[:, 0], x[:, 1])[0, 1]
    np.testing.assert_allclose(result.r_drop, [r, r], atol=1e-12)
    assert np.isnan(result.alpha_if_deleted).all()


def test_constant_item_has_no_item_total_correlation():
    x = _likert_sample(np.random.default_rng(9), 40, 4)
    x[:, 2] = 3.0
    result = item_total(x)
    assert np.isnan(result.r_drop[2])
    assert np.isfinite(result.r_drop[[0, 1, 3]]).all()
    # Without the constant item the total and the summed item variances stay the same;
    # only the k / (k - 1) factor changes, from 4/3 to 3/2.
    alpha = cronbach_alpha(x).alpha
    assert result.alpha_if_deleted[2] == pytest.approx(alpha * (3 / 2) / (4 / 3), abs=1e-12)


# --- precision and speed ------------------------------------------------------------------


def test_float32_input_gives_float64_precision_results():
    x = _likert_sample(np.random.default_rng(10), 500, 6)
    x[3, 1] = np.nan
    single = cronbach_alpha(x.astype(np.float32))
    double = cronbach_alpha(x)
    assert single.alpha == pytest.approx(double.alpha, abs=1e-12)
    assert single.n == double.n == 499
    np.testing.assert_allclose(
        item_total(x.astype(np.float32)).alpha_if_deleted,
        item_total(x).alpha_if_deleted,
        atol=1e-12,
    )


def test_a_million_respondents_give_a_sound_alpha():
    # Speed is measured in bench/, never asserted here (the suite passes on a loaded machine).
    rng = np.random.default_rng(11)
    trait = rng.integers(1, 6, size=(1_000_000, 1), dtype=np.int8)
    noise = rng.integers(-1, 2, size=(1_000_000, 6), dtype=np.int8)
    x = np.clip(trait + noise, 1, 5).astype(np.float32)
    x[rng.integers(0, 1_000_000, size=5_000), rng.integers(0, 6, size=5_000)] = np.nan
    result = cronbach_alpha(x)
    totals = item_total(x)
    assert 990_000 < result.n < 1_000_000
    assert 0.8 < result.alpha < 1.0
    assert np.isfinite(totals.alpha_if_deleted).all()
    assert (totals.alpha_if_deleted < result.alpha).all()


def test_an_item_raises_alpha_only_when_both_figures_exist() -> None:
    assert reliability.raises_alpha(0.81, 0.78)
    assert not reliability.raises_alpha(0.78, 0.78)
    assert not reliability.raises_alpha(0.70, 0.78)
    assert not reliability.raises_alpha(float("nan"), 0.78)
    assert not reliability.raises_alpha(0.81, None)
    assert not reliability.raises_alpha(None, 0.78)
