"""Microdata leaves k-anonymous: no combination of demographics singles anyone out.

What it attacks: `scoring.microdata.k_anonymous` and the Parquet export
(`survey.export.microdata_parquet`, ``python -m survey export --format
parquet``), with skewed data: one large department and many tiny ones, rare
ages and grades, respondents who gave no demographics. The attacker reads the
file and groups it by every demographic column; every group must hold at
least k rows, the comments must be gone, and the rows must not keep the
order they were stored in.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from scoring.errors import SurveyError
from scoring.microdata import allowed, class_sizes, k_anonymous
from scoring.questionnaire import Survey, load_survey
from scoring.responses import read_responses
from scoring.sample import generate
from survey.export import microdata_parquet

pytestmark = pytest.mark.reliability


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(Path(__file__).resolve().parents[2] / "questions.yaml")


def _skewed(survey: Survey, n: int, seed: int) -> pd.DataFrame:
    """Most people in one option of each demographic, a long tail of one- and two-person ones."""
    frame = generate(survey, n, seed=seed)
    rng = np.random.default_rng(seed)
    for demographic in survey.demographics:
        options = len(demographic.options)
        weights = np.array([50.0] + [1.0] * (options - 1)) if options > 1 else np.ones(1)
        codes = rng.choice(options, size=n, p=weights / weights.sum())
        codes[rng.random(n) < 0.05] = -1  # prefer not to say
        frame[demographic.id] = pd.Categorical.from_codes(
            codes, categories=frame[demographic.id].cat.categories
        )
    return frame


def _demographics(survey: Survey) -> list[str]:
    return [d.id for d in survey.demographics]


@pytest.mark.parametrize(("n", "seed", "k"), [(60, 1, 5), (300, 2, 5), (2000, 3, 10), (40, 4, 3)])
def test_every_combination_in_the_file_holds_k(survey: Survey, n: int, seed: int, k: int) -> None:
    frame = _skewed(survey, n, seed)
    names = _demographics(survey)
    assert class_sizes(frame, names).min() < k  # the raw data single people out
    safe = k_anonymous(frame, survey, k)
    assert len(safe) == len(frame)
    assert class_sizes(safe, names).min() >= k
    # The attacker's view: group the file itself by every demographic column.
    groups = safe[names].astype(object).fillna("<blank>").value_counts()
    assert groups.min() >= k
    # Answers are untouched, only demographics were blanked, never changed.
    items = [i.id for i in survey.items]
    assert sorted(map(tuple, safe[items].fillna(-1).to_numpy())) == sorted(
        map(tuple, frame[items].fillna(-1).to_numpy())
    )
    assert safe[names].notna().sum().sum() > 0  # not everything blanked


def test_blanking_only_removes_values(survey: Survey) -> None:
    frame = _skewed(survey, 500, 7)
    safe = k_anonymous(frame, survey, 5)
    for name in _demographics(survey):
        # Each option keeps at most the rows it had; none gains any.
        before = frame[name].value_counts()
        after = safe[name].value_counts().reindex(before.index)
        assert (after <= before).all()


def test_no_comments_and_no_storage_order(survey: Survey) -> None:
    frame = _skewed(survey, 400, 8)
    safe = k_anonymous(frame, survey, 5)
    assert not {c.id for c in survey.comments} & set(safe.columns)
    shuffled = frame.sample(frac=1, random_state=3).reset_index(drop=True)
    pd.testing.assert_frame_equal(k_anonymous(shuffled, survey, 5), safe)


def test_too_few_responses_are_refused(survey: Survey) -> None:
    with pytest.raises(SurveyError) as caught:
        k_anonymous(_skewed(survey, 4, 9), survey, 5)
    assert caught.value.message("en") == (
        "only 4 responses: fewer than the minimum group size of 5,"
        " so individual responses cannot be exported"
    )


def test_the_parquet_export_is_off_unless_the_role_is_allowed(survey: Survey) -> None:
    frame = _skewed(survey, 200, 10)
    for roles in (None, "", "hr", " youth , hr"):
        assert not allowed("admin", roles)
        with pytest.raises(SurveyError) as caught:
            microdata_parquet(frame, survey, role="admin", roles=roles)
        assert caught.value.problems[0].key == "microdata.not_allowed"
        assert "CULTURE_MICRODATA_ROLES" in caught.value.message("ko")
    assert allowed("admin", "hr, admin")


def test_the_parquet_file_is_k_anonymous_and_reads_back(
    survey: Survey, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _skewed(survey, 1000, 11)
    k = survey.min_group_size
    data = microdata_parquet(frame, survey, role="admin", roles="admin")
    table = pq.read_table(io.BytesIO(data)).to_pandas()
    names = _demographics(survey)
    assert table[names].astype(object).fillna("<blank>").value_counts().min() >= k
    assert not {c.id for c in survey.comments} & set(table.columns)
    path = tmp_path / "microdata.parquet"
    path.write_bytes(data)
    back = read_responses(path, survey)
    expected = k_anonymous(frame, survey)
    pd.testing.assert_frame_equal(
        back.drop(columns=[c.id for c in survey.comments]), expected, check_like=False
    )
    assert back[[c.id for c in survey.comments]].isna().all().all()
