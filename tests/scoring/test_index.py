"""scoring/index.py: scores, intervals, eNPS, drivers, gap contributions, trend to target."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from scoring.index import (
    enps,
    estimate,
    gap_contributions,
    item_stats,
    next_waves,
    projection_line,
    respondent_scores,
    trend_to_target,
)
from scoring.population import Population
from scoring.questionnaire import parse_survey
from tests.scoring_helpers import SMALL_SURVEY, make_frame, random_frame, small_survey, survey_text

ONE_DIMENSION = survey_text("one_dimension.yaml")


def test_engagement_index_worked_example():
    """The UK Civil Service People Survey engagement index, as its technical guide
    describes it: each answer becomes 0/25/50/75/100 (strongly disagree .. strongly
    agree), a respondent's score is the mean of their five answers, and the unit's
    index is the mean of its respondents' scores (0 = all strongly disagree, 100 = all
    strongly agree). The same conversion is in BC Stats' WES package (calculate_scores:
    1->0, 2->25, 3->50, 4->75, 5->100; calculate_engagement averages them).
    Worked by hand: (100+75+75+50+25)/5 = 65, all "agree" = 75, (0+25+50+75+100)/5 = 50;
    the unit is (65 + 75 + 50) / 3 = 63.333..."""
    survey = parse_survey(ONE_DIMENSION, "csps.yaml")
    answers = {
        "b47": [5, 4, 1],
        "b48": [4, 4, 2],
        "b49": [4, 4, 3],
        "b50": [3, 4, 4],
        "b51": [2, 4, 5],
    }
    scores = respondent_scores(survey, Population(make_frame(survey, answers)))
    assert scores.index.tolist() == pytest.approx([65.0, 75.0, 50.0])
    assert estimate(scores.index).mean == pytest.approx(190 / 3)


def test_all_strongly_agree_is_100_and_all_strongly_disagree_is_0():
    survey = parse_survey(ONE_DIMENSION, "csps.yaml")
    frame = make_frame(survey, {f"b{i}": [5, 1] for i in range(47, 52)})
    scores = respondent_scores(survey, Population(frame))
    assert scores.index.tolist() == [100.0, 0.0]


def straightforward_scores(survey, frame: pd.DataFrame) -> pd.DataFrame:
    """METHOD.md written out row by row with plain pandas, independent of scoring.index."""
    k = survey.points
    rows = []
    for _, row in frame.iterrows():
        dims = {}
        for d in survey.dimensions:
            item_scores = []
            for item in d.items:
                x = row[item.id]
                if pd.isna(x):
                    continue
                item_scores.append(
                    100 * (k - x) / (k - 1) if item.reverse else 100 * (x - 1) / (k - 1)
                )
            if len(item_scores) >= math.ceil(len(d.items) / 2):
                dims[d.id] = sum(item_scores) / len(item_scores)
        weight = sum(d.weight for d in survey.dimensions if d.id in dims)
        total = sum(d.weight for d in survey.dimensions)
        index = (
            sum(d.weight * dims[d.id] for d in survey.dimensions if d.id in dims) / weight
            if weight >= total / 2
            else np.nan
        )
        rows.append({**{d.id: dims.get(d.id, np.nan) for d in survey.dimensions}, "index": index})
    return pd.DataFrame(rows)


def test_scores_agree_with_a_straightforward_computation():
    survey = small_survey()
    frame = random_frame(survey, 400, seed=3, missing=0.3)
    expected = straightforward_scores(survey, frame)
    scores = respondent_scores(survey, Population(frame))
    np.testing.assert_allclose(scores.index, expected["index"], atol=1e-9, equal_nan=True)
    for j, d in enumerate(survey.dimensions):
        np.testing.assert_allclose(
            scores.dimensions[:, j], expected[d.id], atol=1e-9, equal_nan=True
        )
    # Enough missing answers that both rules (half the items, half the weight) bite.
    assert np.isnan(scores.index).sum() > 5
    assert np.isnan(scores.dimensions).sum() > 20


def test_estimate_matches_scipy_interval_and_one_sided_test():
    values = np.random.default_rng(1).normal(70, 12, 57)
    est = estimate(values)
    lo, hi = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    assert (est.ci_low, est.ci_high) == pytest.approx((lo, hi), abs=1e-9)
    p = stats.ttest_1samp(values, 95, alternative="less").pvalue
    assert est.p_below(95) == pytest.approx(p, abs=1e-12)


def test_finite_population_correction():
    """Cochran (1977), Sampling Techniques, eq. 2.12: se * sqrt((N - n) / (N - 1))."""
    values = np.array([60.0, 70, 80, 90, 50, 65, 75])
    plain, corrected = estimate(values), estimate(values, headcount=20)
    factor = math.sqrt((20 - 7) / 19)
    assert corrected.se == pytest.approx(plain.se * factor)
    assert corrected.ci_high - corrected.mean == pytest.approx(
        (plain.ci_high - plain.mean) * factor
    )
    census = estimate(values, headcount=7)
    assert census.ci_low == census.ci_high == pytest.approx(values.mean())
    assert census.p_below(95) == 0.0


def test_estimate_of_too_few_values():
    assert math.isnan(estimate(np.array([np.nan])).mean)
    one = estimate(np.array([40.0, np.nan]))
    assert one.mean == 40.0 and one.n == 1 and math.isnan(one.ci_low)
    assert math.isnan(one.p_below(95))


def test_item_stats_favorable_share_after_reverse_keying():
    survey = small_survey()
    frame = make_frame(survey, {"a1": [5, 4, 3, 1, np.nan], "a2": [1, 2, 5, 4, np.nan]})
    pop = Population(frame)
    plain = item_stats(survey, survey.item("a1"), pop)
    assert (plain.n, plain.favorable_pct) == (4, 50.0)
    assert plain.score == pytest.approx((100 + 75 + 50 + 0) / 4)
    reverse = item_stats(survey, survey.item("a2"), pop)  # answers 1, 2 are favorable when reversed
    assert (reverse.favorable_pct, reverse.score) == (50.0, pytest.approx((100 + 75 + 0 + 25) / 4))


def test_enps_definition():
    """Reichheld (2003): promoters answer 9-10, detractors 0-6. Here 5 promoters
    (10, 9, 9, 10, 9) and 3 detractors (6, 5, 3) of 10: 50% - 30% = 20."""
    assert enps(np.array([10, 9, 9, 8, 7, 6, 5, 10, 3, 9, np.nan], dtype=float)) == pytest.approx(
        20.0
    )
    assert math.isnan(enps(np.array([np.nan])))


def test_gap_contributions_add_up_to_the_gap():
    weights, scores = [0.5, 0.3, 0.2], [60.0, 80.0, 70.0]
    parts = gap_contributions(weights, scores, 95)
    index = sum(w * s for w, s in zip(weights, scores, strict=True))
    assert sum(parts) == pytest.approx(95 - index)
    assert parts[0] == pytest.approx(0.5 * 35)


def test_trend_reaches_target():
    proj = trend_to_target(["2025-H1", "2025-H2", "2026-H1"], [60.0, 65.0, 70.0], 95)
    assert proj.slope == pytest.approx(5.0) and proj.intercept == pytest.approx(60.0)
    # 60 + 5x = 95 at x = 7: five waves after 2026-H1.
    assert (proj.on_track, proj.reach_wave, proj.waves_ahead) == (True, "2028-H2", 5)


def test_trend_not_on_track_and_too_few_waves():
    proj = trend_to_target(["a", "b", "c"], [70.0, 69.0, 68.0], 95)
    assert (proj.on_track, proj.reach_wave) == (False, None)
    assert trend_to_target(["a", "b"], [60.0, 70.0], 95) is None
    assert trend_to_target(["a", "b", "c"], [60.0, None, 70.0], 95) is None


def test_next_waves():
    assert next_waves("2026-H2", 1) == "2027-H1"
    assert next_waves("2026-H1", 3) == "2027-H2"
    assert next_waves("2026-Q3", 1) == "2026-Q4"
    assert next_waves("2026-Q4", 5) == "2028-Q1"
    assert next_waves("2026-03", 1) == "2026-04"
    assert next_waves("2026-12", 1) == "2027-01"
    assert next_waves("2026-11", 14) == "2028-01"
    assert next_waves("spring", 1) is None
    assert next_waves("2026-13", 1) is None
    assert next_waves("2026-Q5", 1) is None


def test_projection_line_reaches_the_wave_its_text_names():
    # 60, 62, 64: two points a wave, 95 is reached 16 waves after 2026-H1 at x = 17.5 -> 18.
    waves = ["2025-H1", "2025-H2", "2026-H1"]
    projection = trend_to_target(waves, [60.0, 62.0, 64.0], 95)
    assert projection.reach_wave == "2034-H1" and projection.waves_ahead == 16
    line = projection_line(projection, waves, 20)
    assert line[-1][0] == projection.reach_wave and line[-1][1] >= 95 > line[-2][1]
    assert [name for name, _ in line[:3]] == waves and len(line) == 3 + 16
    short = projection_line(projection, waves, 6)
    assert [name for name, _ in short][-1] == "2029-H1" and len(short) == 9
    assert short == line[:9]
    # Ids that cannot be continued stop the line at the last wave; no projection, no line.
    assert len(projection_line(projection, ["a", "b", "c"], 20)) == 3
    assert projection_line(None, waves, 6) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 60), st.integers(0, 10_000), st.floats(0, 0.6))
def test_index_is_between_0_and_100(n, seed, missing):
    survey = small_survey()
    scores = respondent_scores(survey, Population(random_frame(survey, n, seed, missing)))
    index = scores.index[~np.isnan(scores.index)]
    assert np.all((index >= 0) & (index <= 100))


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 40), st.integers(0, 10_000))
def test_reverse_keying_symmetry_and_row_order(n, seed):
    """Reversing an answer (x -> k + 1 - x) on a reverse-keyed item gives the same
    score as the plain answer on a plain item; shuffling rows changes nothing."""
    survey = small_survey()
    frame = random_frame(survey, n, seed, 0.2)
    base = respondent_scores(survey, Population(frame)).index
    flipped_text = SMALL_SURVEY.replace(
        "{id: a2, text: A2, reverse: true}", "{id: a2, text: A2, reverse: false}"
    )
    flipped = parse_survey(flipped_text, "flipped.yaml")
    frame2 = frame.copy()
    frame2["a2"] = survey.points + 1 - frame2["a2"]
    np.testing.assert_allclose(
        respondent_scores(flipped, Population(frame2)).index, base, equal_nan=True
    )
    order = np.random.default_rng(seed).permutation(n)
    shuffled = respondent_scores(survey, Population(frame.iloc[order].reset_index(drop=True))).index
    np.testing.assert_allclose(shuffled, base[order], equal_nan=True)


# ---------------------------------------------------------------- the outlook's words


def test_the_outlook_names_what_the_line_shows() -> None:
    """One kind and one sentence per projection, the drawn line's last wave included."""
    from scoring.index import Projection, outlook, outlook_text

    waves = ["2025-H1", "2025-H2", "2026-H1"]
    assert outlook(None, waves) == ("needs", {})
    assert outlook(Projection(-1.0, 70.0, False, None, None), waves) == ("never", {})
    assert outlook(Projection(1.0, 95.0, True, "2026-H1", 0), waves) == ("reached", {})
    near = Projection(3.0, 80.0, True, "2027-H2", 3)
    assert outlook(near, waves) == ("reach", {"wave": "2027-H2"})
    far = Projection(1.0, 60.0, True, "2042-H2", 33)
    assert outlook(far, waves) == ("far", {"wave": "2042-H2", "shown": "2029-H1"})
    assert outlook_text(far, waves, "ko")[1] == (
        "현재 추세라면 2042-H2에 목표에 도달합니다. 그래프에는 2029-H1까지 그렸습니다."
    )
    unnamed = Projection(1.0, 60.0, True, None, 40)
    assert outlook_text(unnamed, ["a", "b", "c"], "en") == (
        "reach_steps",
        "On the current trend the target is reached 40 waves from now.",
    )


def test_below_target_words_follow_the_significance_level() -> None:
    from scoring.compare import SIGNIFICANCE
    from scoring.index import STRONG_EVIDENCE, below_target

    assert below_target(0.0, 0.5) == below_target(-3.0, 1e-9) == "reached"
    assert below_target(27.5, 1e-6) == "very_likely"
    assert below_target(2.0, STRONG_EVIDENCE) == "likely"
    assert below_target(2.0, SIGNIFICANCE) == "unclear"
