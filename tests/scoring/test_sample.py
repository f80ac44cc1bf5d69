"""The synthetic response generator: layout, determinism and the designed proportions."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scoring.errors import SurveyError
from scoring.questionnaire import load_survey, parse_survey
from scoring.report import build_report
from scoring.responses import empty_frame, read_responses
from scoring.sample import generate, wave_names, write_sample_csv
from tests.scoring_helpers import survey_text

ROOT = Path(__file__).resolve().parents[2]

# A survey unlike the bundled one: 7 points, no youth rule, no outcomes,
# one unordered demographic, a comment limit shorter than every pooled comment.
OTHER_SURVEY = survey_text("sample_other.yaml")


@pytest.fixture(scope="module")
def survey():
    return load_survey(ROOT / "questions.yaml")


@pytest.fixture(scope="module")
def big(survey):
    """One large wave, for proportions that should hold to about a percent."""
    return generate(survey, 20_000, seed=11)


def test_columns_and_dtypes_follow_the_response_frame_contract(survey):
    frame = generate(survey, 50, seed=1)
    expected = empty_frame(survey)
    assert list(frame.columns) == list(survey.columns)
    for column in frame.columns:
        assert frame[column].dtype == expected[column].dtype, column
    for demographic in survey.demographics:
        categories = list(frame[demographic.id].cat.categories)
        assert categories == [o.id for o in demographic.options]
    for item in survey.items:
        values = frame[item.id].dropna()
        assert values.between(1, survey.points).all()
        assert (values == values.round()).all()
    for outcome in survey.outcomes:
        assert frame[outcome.id].dropna().between(outcome.low, outcome.high).all()
    for comment in survey.comments:
        texts = [v for v in frame[comment.id] if v is not None]
        assert all(isinstance(v, str) and 0 < len(v) <= comment.max_length for v in texts)


def test_the_same_seed_gives_the_same_frame_and_another_seed_another(survey):
    first = generate(survey, 300, waves=2, seed=5)
    pd.testing.assert_frame_equal(first, generate(survey, 300, waves=2, seed=5))
    other = generate(survey, 300, waves=2, seed=6)
    assert not first[[i.id for i in survey.items]].equals(other[[i.id for i in survey.items]])


def test_n_rows_per_wave_over_consecutive_half_years(survey):
    frame = generate(survey, 30, waves=4, seed=2)
    assert len(frame) == 120
    assert frame["wave"].value_counts().to_dict() == {
        "2025-H1": 30,
        "2025-H2": 30,
        "2026-H1": 30,
        "2026-H2": 30,
    }
    assert wave_names("2025-H1", 3) == ("2024-H1", "2024-H2", "2025-H1")
    assert wave_names("2030-H2", 1) == ("2030-H2",)


@pytest.mark.parametrize(
    ("kwargs", "place"),
    [
        ({"n": 0}, "n"),
        ({"n": 10, "waves": 0}, "waves"),
        ({"n": 10, "last_wave": "2026H2"}, "last_wave"),
        ({"n": 10, "last_wave": "2026-H3"}, "last_wave"),
    ],
)
def test_bad_arguments_raise_a_survey_error_naming_them(survey, kwargs, place):
    with pytest.raises(SurveyError) as caught:
        generate(survey, **kwargs)
    assert caught.value.problems[0].place == place


def test_missing_rates_are_as_designed(survey, big):
    answers = big[[i.id for i in survey.items]].to_numpy()
    assert 0.025 < np.isnan(answers).mean() < 0.035
    for demographic in survey.demographics:
        assert 0.065 < big[demographic.id].isna().mean() < 0.095, demographic.id
    written = big[[c.id for c in survey.comments]].notna().any(axis=1).mean()
    assert 0.18 < written < 0.22


def test_departments_are_unequal_and_small_ones_are_suppressed_at_200(survey, big):
    shares = big["dept"].value_counts(normalize=True, dropna=True)
    assert shares.max() > 5 * shares.min()
    # The smallest unit holds under 2.5% of staff: fewer than 5 of 200.
    assert shares.min() < 0.025
    report = build_report(survey, generate(survey, 200, seed=0), by=("dept",))
    assert any(row.suppressed for row in report.breakdowns["dept"])


def test_age_grade_and_tenure_are_correlated_the_plausible_way(survey, big):
    codes = {d: big[d].cat.codes.replace(-1, np.nan) for d in ("age_band", "grade", "tenure")}
    both = pd.DataFrame(codes).dropna()
    correlation = both.corr(method="spearman")
    # Grades are listed from management down, so an older employee has a lower code.
    assert correlation.loc["age_band", "grade"] < -0.4
    assert correlation.loc["age_band", "tenure"] > 0.4
    assert correlation.loc["grade", "tenure"] < -0.3


def test_junior_board_members_are_mostly_young(survey, big):
    members = big[big["junior_board"] == "yes"]["age_band"].dropna()
    assert members.isin(survey.youth.groups).mean() > 0.8


def test_reverse_keyed_items_are_answered_reversed_by_most(survey, big):
    dimension = next(d for d in survey.dimensions if any(i.reverse for i in d.items))
    reverse = next(i for i in dimension.items if i.reverse)
    positive = [i.id for i in dimension.items if not i.reverse]
    rest = big[positive].mean(axis=1)
    assert big[reverse.id].corr(rest) < -0.2


def test_index_lands_between_60_and_75_and_rises_across_waves(survey):
    frame = generate(survey, 1_500, waves=4, seed=3)
    report = build_report(survey, frame, youth=True)
    assert 60 < report.index.score < 75
    trend = [point.index for point in report.trend]
    assert trend[0] < trend[-1]
    assert 0 < trend[-1] - trend[0] < 10


def test_youth_score_lower_on_communication_and_fairness_higher_on_growth(survey):
    report = build_report(survey, generate(survey, 4_000, seed=4), youth=True)
    diff = {row.id: row.mean_a - row.mean_b for row in report.youth.rows}
    assert diff["communication"] < -3
    assert diff["fairness"] < -3
    assert diff["growth"] > 3


def test_recommend_and_satisfaction_follow_the_culture_level(survey, big):
    items = big[[i.id for i in survey.items if not i.reverse]].mean(axis=1)
    assert big["sat"].corr(items) > 0.4
    assert big["rec"].corr(items) > 0.3
    assert set(big["rec"].dropna().unique()) <= set(range(11))


def test_any_valid_survey_works():
    other = parse_survey(OTHER_SURVEY, "other.yaml")
    frame = generate(other, 400, waves=2, seed=9)
    assert list(frame.columns) == list(other.columns)
    assert frame["x1"].dropna().between(1, 7).all()
    assert frame["site"].notna().mean() > 0.85
    notes = frame["note"].dropna()
    assert len(notes) > 0 and notes.str.len().max() <= 8


def test_written_csv_reads_back_as_the_same_frame(survey, tmp_path):
    frame = generate(survey, 120, waves=2, seed=8)
    path = tmp_path / "sample.csv"
    write_sample_csv(frame, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(read_responses(path, survey), frame)


def test_written_csv_to_a_text_buffer_carries_the_bom(survey):
    buffer = io.StringIO()
    write_sample_csv(generate(survey, 3, seed=0), buffer)
    assert buffer.getvalue().startswith("\ufeffwave,")


def test_a_hundred_thousand_rows_are_generated_whole(survey):
    # Speed is measured in bench/ against a baseline, never asserted here: a
    # loaded machine must not fail the suite (TESTING.md).
    frame = generate(survey, 100_000, seed=0)
    assert len(frame) == 100_000
    assert frame[[i.id for i in survey.items]].notna().to_numpy().mean() > 0.8


def test_demo_comments_fit_their_questions_and_do_not_repeat_in_a_wave():
    """Issue 15: what to keep gets things people like, what to change complaints,
    ideas suggestions; all in Korean; no text twice in one wave and question."""
    from scoring import sample as sample_module

    bundled = load_survey(Path(__file__).resolve().parents[2] / "questions.yaml")
    frame = generate(bundled, 200, waves=3, seed=2025, last_wave="2026-H1")
    pools = {
        "cmt_keep": sample_module._COMMENTS_KEEP,
        "cmt_change": sample_module._COMMENTS_CHANGE,
        "cmt_idea": sample_module._COMMENTS_IDEA,
    }
    for question, pool in pools.items():
        for _, rows in frame.groupby("wave"):
            texts = [t for t in rows[question] if isinstance(t, str)]
            assert texts and set(texts) <= set(pool), question
            assert len(texts) == len(set(texts)) or len(set(texts)) == len(pool), question
            assert all(re.search("[가-힣]", t) for t in texts)
