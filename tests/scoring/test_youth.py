"""Tests for scoring.youth.

Published reference values:
- R documentation of ``t.test`` (stats package), Examples:
  ``t.test(1:10, y = c(7:20))  # P = .00001855``; and R's output of
  ``t.test(1:10)``: mean 5.5, 95 percent confidence interval 3.334149 7.665851.
- R's ``sleep`` data set (Cushny & Peebles 1905, as printed by ``datasets::sleep``)
  and the Welch test of its help page example ``t.test(extra ~ group, data = sleep)``:
  ``t = -1.8608, df = 17.776, p-value = 0.07939``.
- pingouin 0.7 ``pairwise_tests`` docstring, example 1, on its bundled
  ``mixed_anova`` data set (``pg.read_dataset("mixed_anova")``): Control vs
  Meditation, ``T = -2.29, p_unc = 0.023, hedges = -0.34`` (pingouin uses
  Student's test for these equal groups of 90; with equal sizes Welch's t is
  the same number).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from scoring.compare import compare_groups, holm, welch
from scoring.errors import SurveyError
from scoring.questionnaire import parse_survey
from scoring.report import build_report
from scoring.youth import (
    EFFECT_SIZES,
    REASONS,
    GapChangeRow,
    effect_size,
    gap_change,
    gap_changes,
    gap_trend,
    panel_comparison,
    participation,
    youth_figures,
)
from tests.scoring_helpers import make_frame, small_survey, survey_text

# One dimension of two items on an 11-point scale: a respondent whose answers
# add up to v + 1 has the index 100 * ((v + 1) / 2 - 1) / 10 = 5 (v - 1), a
# linear function of v, so t, p and g on the indexes equal those on v.
GOLDEN_SURVEY = survey_text("youth_golden.yaml")

# Two youth age bands, two other bands, and panel membership.
PANEL_SURVEY = survey_text("youth_panel.yaml")

SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


@pytest.fixture(scope="module")
def golden():
    return parse_survey(GOLDEN_SURVEY, "golden.yaml")


@pytest.fixture(scope="module")
def panel_survey():
    return parse_survey(PANEL_SURVEY, "panel.yaml")


def golden_frame(survey, young_values, older_values, wave="2025-H1"):
    """Respondents whose two answers add up to v + 1 for each published value v."""
    values = [*young_values, *older_values]
    x1 = [min(11, v) for v in values]
    x2 = [v + 1 - a for v, a in zip(values, x1, strict=True)]
    ages = ["young"] * len(young_values) + ["older"] * len(older_values)
    return make_frame(survey, {"x1": x1, "x2": x2, "age": ages}, wave=wave)


def panel_frame(survey, ages, boards=None, seed=0, wave="2025-H1"):
    """Random answers for respondents with the given age bands and memberships."""
    rng = np.random.default_rng(seed)
    n = len(ages)
    columns = {i.id: rng.integers(1, 6, n).astype(float) for i in survey.items}
    columns["age"] = list(ages)
    columns["junior_board"] = list(boards) if boards is not None else ["no"] * n
    return make_frame(survey, columns, wave=wave)


# --- golden: the youth comparison against published figures -------------------------------


def test_youth_comparison_reproduces_r_t_test_documentation_example(golden):
    young, older = list(range(1, 11)), list(range(7, 21))
    frame = golden_frame(golden, young, older)
    np.testing.assert_allclose(
        build_report(golden, frame).dimensions[0].score, 5 * (np.mean(young + older) - 1)
    )
    row = build_report(golden, frame, youth=True).youth.rows[0]
    assert row.id == "index" and row.tested
    assert round(row.p, 8) == pytest.approx(0.00001855, abs=1e-12)
    assert row.diff == pytest.approx(5 * (5.5 - 13.5))
    expected_g = pg.compute_effsize(np.array(young), np.array(older), eftype="hedges")
    assert row.hedges_g == pytest.approx(expected_g, abs=1e-12)


def test_youth_interval_reproduces_r_one_sample_t_test_output(golden):
    figures = youth_figures(golden, golden_frame(golden, range(1, 11), range(7, 21)), "2025-H1")
    index = figures.measure("index")
    # R: t.test(1:10) gives mean 5.5 and the 95% interval 3.334149 to 7.665851.
    assert index.youth.mean == pytest.approx(5 * (5.5 - 1))
    assert index.youth.ci_low == pytest.approx(5 * (3.334149 - 1), abs=5e-6)
    assert index.youth.ci_high == pytest.approx(5 * (7.665851 - 1), abs=5e-6)
    assert (figures.n_youth, figures.n_rest) == (10, 14)


def test_compare_groups_reproduces_r_sleep_welch_test():
    t, df, p = welch(SLEEP_1, SLEEP_2)
    assert (round(t, 4), round(df, 3), round(p, 5)) == (-1.8608, 17.776, 0.07939)
    (row,) = compare_groups({"index": np.array(SLEEP_1)}, {"index": np.array(SLEEP_2)})
    assert row.tested and round(row.p, 5) == 0.07939
    assert row.diff == pytest.approx(0.75 - 2.33)


def test_compare_groups_reproduces_pingouin_mixed_anova_example():
    data = pg.read_dataset("mixed_anova")
    control = data.loc[data["Group"] == "Control", "Scores"].to_numpy()
    meditation = data.loc[data["Group"] == "Meditation", "Scores"].to_numpy()
    (row,) = compare_groups({"index": control}, {"index": meditation})
    assert round(welch(control, meditation).t, 2) == -2.29
    assert round(row.p, 3) == 0.023
    assert round(row.hedges_g, 2) == -0.34


# --- the change of the gap ------------------------------------------------------------------


def test_gap_change_with_a_constant_earlier_wave_is_welchs_test_on_r_sleep():
    # Zero spread before leaves the later wave's two samples: R's sleep Welch test.
    t, df, p = gap_change([50.0] * 10, [50.0] * 10, SLEEP_1, SLEEP_2)
    assert (round(t, 4), round(df, 3), round(p, 5)) == (-1.8608, 17.776, 0.07939)


def test_gap_change_follows_its_formula():
    rng = np.random.default_rng(3)
    shapes = [(60, 10, 15), (70, 12, 40), (65, 8, 12), (68, 15, 50)]
    yb, rb, ya, ra = (rng.normal(mean, sd, n) for mean, sd, n in shapes)
    change = (ya.mean() - ra.mean()) - (yb.mean() - rb.mean())
    samples = (ya, ra, yb, rb)
    parts = [s.var(ddof=1) / s.size for s in samples]
    df = sum(parts) ** 2 / sum(v**2 / (s.size - 1) for v, s in zip(parts, samples, strict=True))
    t = change / math.sqrt(sum(parts))
    result = gap_change(yb, rb, ya, ra)
    assert result.t == pytest.approx(t, rel=1e-12)
    assert result.df == pytest.approx(df, rel=1e-12)
    assert result.p == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-12)
    # Swapping the waves flips the sign, not the p-value.
    swapped = gap_change(ya, ra, yb, rb)
    assert swapped.t == pytest.approx(-t) and swapped.p == pytest.approx(result.p)


def test_gap_change_edge_cases():
    assert all(math.isnan(v) for v in gap_change([1.0], [1.0, 2.0], [1.0, 2.0], [1.0, 2.0]))
    assert gap_change([5.0] * 3, [5.0] * 3, [5.0] * 3, [5.0] * 3).p == 1.0
    assert gap_change([5.0] * 3, [5.0] * 3, [6.0] * 3, [5.0] * 3).p == 0.0
    with_nan = gap_change([1.0, 2.0, np.nan], [2.0, 4.0], [1.0, 3.0], [2.0, 2.5])
    assert with_nan.p == pytest.approx(gap_change([1.0, 2.0], [2.0, 4.0], [1.0, 3.0], [2.0, 2.5]).p)


def test_gap_changes_tests_only_full_rows_and_adjusts_the_dimensions():
    rng = np.random.default_rng(0)

    def side(n):
        return {
            "index": rng.normal(60, 10, n),
            "a": rng.normal(60, 10, n),
            "b": rng.normal(60, 10, 5),
        }

    rows = gap_changes((side(20), side(30)), (side(20), side(30)))
    index, a, b = rows
    assert index.tested and a.tested and not b.tested
    assert math.isnan(b.p) and math.isnan(b.p_holm) and not math.isnan(b.change)
    # The index is primary (unadjusted); Holm runs over the tested dimensions only.
    assert index.p_holm == index.p
    np.testing.assert_allclose([a.p_holm], holm([a.p]), rtol=1e-12)
    with pytest.raises(ValueError):
        gap_changes((side(20), {"index": np.ones(3)}), (side(20), side(20)))
    with pytest.raises(ValueError):
        gap_changes((side(20), side(20)), (side(20), side(20)), min_n=1)


# --- one wave ---------------------------------------------------------------------------


def test_youth_figures_equal_the_report_youth_comparison(panel_survey):
    ages = ["u30"] * 15 + ["u35"] * 12 + ["mid"] * 20 + ["old"] * 25 + [None] * 6
    frame = panel_frame(panel_survey, ages, seed=1)
    figures = youth_figures(panel_survey, frame, "2025-H1")
    report = build_report(panel_survey, frame, youth=True)
    assert figures.reason is None
    assert (
        (figures.n_youth, figures.n_rest) == (report.youth.n_youth, report.youth.n_rest) == (27, 51)
    )
    for measure, row in zip(figures.measures, report.youth.rows, strict=True):
        assert measure.id == row.id
        assert measure.youth.mean == row.mean_a and measure.rest.mean == row.mean_b
        assert measure.youth.ci_low < measure.youth.mean < measure.youth.ci_high
    assert len(figures.items) == len(panel_survey.items)


def test_item_gaps_with_favorable_shares_and_the_largest_either_way(panel_survey):
    n_young, n_rest = 10, 12
    columns = {
        # a1: the young all agree (5), the rest all disagree (1): gap +100.
        "a1": [5.0] * n_young + [1.0] * n_rest,
        # a2 is reverse-keyed: the young answer 1 (keyed 5), the rest 2 (keyed 4).
        "a2": [1.0] * n_young + [2.0] * n_rest,
        # b1: the young lower by one point: gap -25.
        "b1": [3.0] * n_young + [4.0] * n_rest,
        # b2: answered by only 4 of the young: suppressed.
        "b2": [4.0] * 4 + [np.nan] * 6 + [4.0] * n_rest,
        "age": ["u30"] * n_young + ["old"] * n_rest,
        "junior_board": ["no"] * (n_young + n_rest),
    }
    frame = make_frame(panel_survey, columns)
    figures = youth_figures(panel_survey, frame, "2025-H1")
    items = {i.id: i for i in figures.items}
    assert items["a1"].diff == 100.0
    assert (items["a1"].favorable_youth, items["a1"].favorable_rest) == (100.0, 0.0)
    assert items["a2"].diff == 25.0 and items["a2"].favorable_rest == 100.0
    assert items["b1"].diff == -25.0 and items["b1"].favorable_youth == 0.0
    assert items["b2"].suppressed and math.isnan(items["b2"].youth)
    assert [i.id for i in figures.largest_gaps()] == ["a1", "a2", "b1"]
    assert [i.id for i in figures.largest_gaps(1)] == ["a1"]


@pytest.mark.parametrize(
    ("ages", "reason"),
    [
        (["u30"] * 4 + ["old"] * 30, "few"),
        (["u30"] * 30 + ["old"] * 4 + [None] * 0, "few"),
        (["u30"] * 3, "view"),
        # A breakdown by age hides the 3 under 30 and, to make 5, the 6 "mid"; it
        # shows the 20 aged 30-34, so the youth total would give away the 3.
        (["u30"] * 3 + ["u35"] * 20 + ["mid"] * 6 + ["old"] * 30, "residual"),
        # There it hides the 3 and the 20 (the smallest shown): nothing to subtract.
        (["u30"] * 3 + ["u35"] * 20 + ["old"] * 30, None),
        # 2 "mid" are hidden, and with them the smaller youth band: 2 on the rest side.
        (["u30"] * 20 + ["u35"] * 21 + ["mid"] * 2 + ["old"] * 30, "residual"),
        # 2 of unknown age are hidden with "mid" (4): 6 on the rest side, enough.
        (["u30"] * 20 + ["u35"] * 21 + ["mid"] * 4 + [None] * 2 + ["old"] * 30, None),
        (["u30"] * 5 + ["u35"] * 20 + ["old"] * 30, None),
        (["u35"] * 20 + ["old"] * 30, None),
    ],
)
def test_youth_figures_suppression(panel_survey, ages, reason):
    frame = panel_frame(panel_survey, ages)
    figures = youth_figures(panel_survey, frame, "2025-H1")
    assert figures.reason == reason
    if reason is not None:
        assert reason in REASONS and figures.suppressed
        assert figures.n_youth is None and figures.n_rest is None
        assert figures.measures == () and figures.items == ()


def test_youth_figures_follow_min_group(panel_survey):
    frame = panel_frame(panel_survey, ["u30"] * 6 + ["old"] * 30)
    assert youth_figures(panel_survey, frame, "2025-H1").reason is None
    assert youth_figures(panel_survey, frame, "2025-H1", min_group=7).reason == "few"
    with pytest.raises(SurveyError):
        youth_figures(panel_survey, frame, "2025-H1", min_group=2)


def test_unknown_wave_and_missing_youth_rule_raise(panel_survey):
    frame = panel_frame(panel_survey, ["u30"] * 6 + ["old"] * 30)
    with pytest.raises(SurveyError) as error:
        youth_figures(panel_survey, frame, "2030-H1")
    assert error.value.problems[0].key == "report.unknown_wave"
    no_rule = parse_survey(
        PANEL_SURVEY.replace(
            "  youth: {demographic: age, groups: [u30, u35], panel: {demographic: junior_board, "
            'option: "yes"}}\n',
            "",
        )
    )
    with pytest.raises(SurveyError) as error:
        youth_figures(no_rule, frame, "2025-H1")
    assert error.value.problems[0].key == "report.no_youth_rule"
    with pytest.raises(SurveyError):
        gap_trend(no_rule, frame)


# --- the panel ------------------------------------------------------------------------------


def test_panel_count_that_would_recover_the_blank_answers_is_withheld(panel_survey):
    # Membership: yes 12 (all young), no 40, blank 4. The breakdown by membership
    # hides "yes" and blank together (16); publishing 12 young members would
    # leave the 4 blank answers (and their mean score) by subtraction.
    ages = ["u30"] * 12 + ["u35"] * 14 + ["old"] * 30
    boards = ["yes"] * 12 + ["no"] * 10 + [None] * 4 + ["no"] * 30
    result = panel_comparison(panel_survey, panel_frame(panel_survey, ages, boards), "2025-H1")
    assert result.reason == "panel_residual" and result.n_members is None


def test_panel_comparison_members_against_other_young(panel_survey):
    ages = ["u30"] * 12 + ["u35"] * 14 + ["old"] * 30
    boards = ["yes"] * 12 + ["no"] * 9 + [None] * 5 + ["no"] * 30
    frame = panel_frame(panel_survey, ages, boards, seed=2)
    result = panel_comparison(panel_survey, frame, "2025-H1")
    assert result.reason is None
    # The five young people who left membership blank count with the others.
    assert (result.n_members, result.n_others) == (12, 14)
    members = frame.iloc[:12]
    others = frame.iloc[12:26]
    expected = compare_groups(
        {"index": build_index(panel_survey, members)}, {"index": build_index(panel_survey, others)}
    )[0]
    assert result.rows[0].id == "index"
    assert result.rows[0].mean_a == pytest.approx(expected.mean_a)
    assert result.rows[0].p == pytest.approx(expected.p)
    assert [r.id for r in result.rows] == ["index", "a", "b"]


def build_index(survey, frame):
    from scoring.index import respondent_scores
    from scoring.population import Population

    return respondent_scores(survey, Population(frame.reset_index(drop=True))).index


@pytest.mark.parametrize(
    ("boards_young", "boards_rest", "reason"),
    [
        (["yes"] * 4 + ["no"] * 22, ["no"] * 30, "panel_few"),
        (["yes"] * 22 + ["no"] * 4, ["no"] * 30, "panel_few"),
        # 2 members outside youth: all members minus the young ones would be their figure.
        (["yes"] * 12 + ["no"] * 14, ["yes"] * 2 + ["no"] * 28, "panel_residual"),
        (["yes"] * 12 + ["no"] * 14, ["yes"] * 5 + ["no"] * 25, None),
        # Everyone outside youth a member: 0 non-members outside is fine too.
        (["yes"] * 12 + ["no"] * 14, ["yes"] * 30, None),
    ],
)
def test_panel_comparison_privacy(panel_survey, boards_young, boards_rest, reason):
    ages = ["u30"] * 26 + ["old"] * 30
    frame = panel_frame(panel_survey, ages, boards_young + boards_rest)
    result = panel_comparison(panel_survey, frame, "2025-H1")
    assert result.reason == reason
    if reason is not None:
        assert result.n_members is None and result.rows == ()


def test_panel_comparison_is_hidden_with_the_youth_figures_and_absent_without_a_panel(
    panel_survey,
):
    frame = panel_frame(panel_survey, ["u30"] * 3 + ["old"] * 30, ["yes"] * 3 + ["no"] * 30)
    assert panel_comparison(panel_survey, frame, "2025-H1").reason == "few"
    survey = small_survey()
    small = make_frame(survey, {"a1": [3.0] * 30, "age": ["young"] * 10 + ["old"] * 20})
    assert panel_comparison(survey, small, "2025-H1") is None


# --- across waves ---------------------------------------------------------------------------


def test_gap_trend_matches_each_wave_and_tests_consecutive_changes(panel_survey):
    first = panel_frame(panel_survey, ["u30"] * 15 + ["old"] * 25, seed=4, wave="2024-H2")
    second = panel_frame(panel_survey, ["u30"] * 3 + ["old"] * 25, seed=5, wave="2025-H1")
    third = panel_frame(panel_survey, ["u30"] * 12 + ["old"] * 25, seed=6, wave="2025-H2")
    fourth = panel_frame(panel_survey, ["u30"] * 14 + ["old"] * 22, seed=7, wave="2026-H1")
    frame = pd.concat([first, second, third, fourth], ignore_index=True)
    trend = gap_trend(panel_survey, frame)
    assert [w.wave for w in trend.waves] == ["2024-H2", "2025-H1", "2025-H2", "2026-H1"]
    assert [w.reason for w in trend.waves] == [None, "few", None, None]
    assert math.isnan(trend.waves[1].gap()) and trend.waves[1].n_youth is None
    for point in trend.waves:
        if point.suppressed:
            continue
        youth_row = build_report(panel_survey, frame, wave=point.wave, youth=True).youth.rows[0]
        assert point.gap() == pytest.approx(youth_row.diff, abs=1e-12)
    assert [(c.wave_before, c.wave_after, c.suppressed) for c in trend.changes] == [
        ("2024-H2", "2025-H1", True),
        ("2025-H1", "2025-H2", True),
        ("2025-H2", "2026-H1", False),
    ]
    change = trend.changes[-1].row("index")
    assert change.tested
    assert change.gap_before == pytest.approx(trend.waves[2].gap())
    assert change.gap_after == pytest.approx(trend.waves[3].gap())
    assert change.change == pytest.approx(change.gap_after - change.gap_before)
    assert change.narrowed == (abs(change.gap_after) < abs(change.gap_before))
    assert change.reversed == (change.gap_after * change.gap_before < 0)
    assert change.p_holm >= change.p


def test_gap_change_row_reads_narrowed_and_reversed():
    row = GapChangeRow("index", -6.0, -2.0, 4.0, 0.01, 0.02, True)
    assert row.narrowed and not row.reversed
    row = GapChangeRow("index", -2.0, 3.0, 5.0, 0.01, 0.02, True)
    assert not row.narrowed and row.reversed
    assert not GapChangeRow("index", 0.0, 3.0, 3.0, 0.5, 0.5, True).reversed


# --- participation --------------------------------------------------------------------------


def test_participation_rates(panel_survey):
    frame = panel_frame(panel_survey, ["u30"] * 8 + ["u35"] * 12 + ["old"] * 30 + [None] * 5)
    counts = {"u30": 10, "u35": 15, "mid": 20, "old": 35}
    result = participation(panel_survey, frame, "2025-H1", counts)
    assert (result.youth_respondents, result.youth_headcount) == (20, 25)
    assert result.youth_rate == pytest.approx(80.0)
    assert (result.respondents, result.headcount) == (55, 80)
    assert result.rate == pytest.approx(100 * 55 / 80)


def test_participation_needs_fitting_headcounts_and_shown_figures(panel_survey):
    frame = panel_frame(panel_survey, ["u30"] * 8 + ["u35"] * 12 + ["old"] * 30)
    assert participation(panel_survey, frame, "2025-H1", None) is None
    assert participation(panel_survey, frame, "2025-H1", {"yes": 10, "no": 40}) is None
    assert participation(panel_survey, frame, "2025-H1", {"u30": 10, "old": 40}) is None
    assert participation(panel_survey, frame, "2025-H1", {"u30": 0, "u35": 0, "old": 4}) is None
    few = panel_frame(panel_survey, ["u30"] * 3 + ["old"] * 30)
    assert participation(panel_survey, few, "2025-H1", {"u30": 10, "u35": 5, "old": 40}) is None


# --- effect sizes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("g", "word"),
    [
        (0.0, "negligible"),
        (0.19, "negligible"),
        (-0.19, "negligible"),
        (0.2, "small"),
        (-0.49, "small"),
        (0.5, "medium"),
        (0.79, "medium"),
        (0.8, "large"),
        (-2.5, "large"),
        (math.inf, "large"),
    ],
)
def test_effect_size_words_follow_cohen(g, word):
    assert effect_size(g) == word


def test_effect_size_of_an_untested_row_is_none():
    assert effect_size(math.nan) is None
    assert [bound for bound, _ in EFFECT_SIZES] == [0.2, 0.5, 0.8]
