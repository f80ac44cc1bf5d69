"""One meaning per figure: one wave's figures read the same on every page and in every file.

The seeded waves (tests/app/dashboard_fixtures.py) with their headcounts, so
every interval carries the finite population correction. The latest wave's
index, its interval, a dimension's score, a department's index, an item's
score and favorable share, and the youth split are read from the overview,
trends, breakdowns, items and youth pages (AppTest), from the text and JSON
reports of ``python -m scoring report``, from the workbook of ``python -m
survey export`` and from the board PDF of ``python -m survey report``; each
must equal `scoring.display`'s text of `build_report`'s value.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from scoring import display
from scoring.questionnaire import Survey
from scoring.report import build_report
from survey.store import Store
from tests.app.conftest import HR_NAME, REPO_ROOT, SURVEY_FILE
from tests.app.dashboard_fixtures import CLOSED, HEADCOUNT, open_page, seed, signed_in

pytestmark = pytest.mark.app

LATEST = CLOSED[-1]
DEPARTMENT = "dept"


def _run(args: list[str], url: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CULTURE_")}
    env |= {"PYTHONPATH": str(REPO_ROOT), "CULTURE_DB_URL": url, "CULTURE_SURVEY": str(SURVEY_FILE)}
    done = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done


def _cells(workbook: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    return {
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }


def _workbook_number(cells: set[str], value: float) -> bool:
    """A workbook keeps numbers as numbers: one equal to `value` at display precision."""
    shown = display.number(value, 1)
    for cell in cells:
        try:
            if display.number(float(cell), 1) == shown:
                return True
        except ValueError:
            continue
    return False


@pytest.fixture
def seeded(app_store: Store, bundled_survey: Survey) -> pd.DataFrame:
    return seed(app_store, bundled_survey)


def test_one_wave_reads_the_same_everywhere(
    app: AppTest, app_db: str, seeded: pd.DataFrame, bundled_survey: Survey, tmp_path: Path
) -> None:
    survey = bundled_survey
    headcount = sum(HEADCOUNT.values())
    report = build_report(
        survey, seeded, wave=LATEST, by=[DEPARTMENT], youth=True, headcount=headcount
    )
    index = display.number(report.index.score)
    interval = display.interval(report.index.ci_low, report.index.ci_high)
    first = report.dimensions[0]
    dimension = display.number(first.score)
    department = next(r for r in report.breakdowns[DEPARTMENT] if not r.suppressed)
    department_label = next(
        o.label.ko for o in survey.demographic(DEPARTMENT).options if o.id == department.group
    )
    department_index = display.number(department.index)
    item = next(i for i in report.items if not i.suppressed)
    item_score, item_share = display.number(item.score), display.percent(item.favorable_pct)
    youth = report.youth
    youth_index = display.number(youth.rows[0].mean_a)
    rest_index = display.number(youth.rows[0].mean_b)

    # ---- the pages
    at = signed_in(app, HR_NAME, "hr")
    at = open_page(at, "hr_overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[f"조직문화 지수 ({LATEST})"] == f"{index}점"
    assert f"95% 신뢰구간 {interval}점" in [c.value for c in at.caption]
    dimensions = at.dataframe[0].value
    label = survey.dimension(first.id).label.ko
    assert dimensions.loc[dimensions["영역"] == label, "점수"].item() == dimension

    at = open_page(at, "hr_trends")
    waves = next(d.value for d in at.dataframe if "차수" in d.value.columns)
    row = waves[waves["차수"] == LATEST].iloc[0]
    assert (row["조직문화 지수"], row["95% 신뢰구간"]) == (index, interval)
    assert row[label] == dimension

    at = open_page(at, "hr_breakdowns")
    groups = at.dataframe[0].value
    assert groups.loc[groups["소속 부서"] == department_label, "조직문화 지수"].item() == (
        department_index
    )

    at = open_page(at, "hr_items")
    everything = next(d.value for d in at.dataframe if "응답 수" in d.value.columns)
    found = everything[everything["문항"].str.startswith(survey.item(item.id).text.ko)].iloc[0]
    assert (found["점수"], found["긍정 응답"]) == (item_score, item_share)

    at = open_page(at, "youth")
    shown = " ".join(str(m.value) for m in at.metric)
    assert f"{youth_index}점" in shown and f"{rest_index}점" in shown

    # ---- the files
    responses = tmp_path / "responses.csv"
    seeded.to_csv(responses, index=False)
    common = ["-m", "scoring", "report", "--survey", str(SURVEY_FILE), "--responses"]
    common += [str(responses), "--wave", LATEST, "--headcount", str(headcount)]
    common += ["--by", DEPARTMENT, "--youth"]
    text = _run([*common, "--format", "text"], app_db, tmp_path).stdout
    for figure in (index, interval, dimension, department_index):
        assert figure in text, figure
    data = json.loads(_run([*common, "--format", "json"], app_db, tmp_path).stdout)
    assert display.number(data["index"]["score"]) == index
    assert display.interval(data["index"]["ci_low"], data["index"]["ci_high"]) == interval

    _run(["-m", "survey", "export", "--wave", LATEST, "--out", "book.xlsx"], app_db, tmp_path)
    cells = _cells((tmp_path / "book.xlsx").read_bytes())
    for value in (
        report.index.score,
        report.index.ci_low,
        report.index.ci_high,
        first.score,
        item.score,
    ):
        assert _workbook_number(cells, value), value

    _run(["-m", "survey", "report", "--wave", LATEST, "--out", "board.pdf"], app_db, tmp_path)
    pdf = " ".join(page.extract_text() for page in PdfReader(tmp_path / "board.pdf").pages)
    pdf = " ".join(pdf.split())
    assert f"조직문화 지수 {index}점 (95% 신뢰구간 {interval})" in pdf
    for figure in (dimension, department_index, item_score, item_share):
        assert figure in pdf, figure
