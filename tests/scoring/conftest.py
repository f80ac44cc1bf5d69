"""Fixtures of the scoring unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.questionnaire import Survey, load_survey

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def survey() -> Survey:
    """The organization's survey, questions.yaml (a test file may define its own)."""
    return load_survey(ROOT / "questions.yaml")
