"""Attack on the PDF reports: an insider holds the board's PDF and every unit's PDF
of a wave where one department has three respondents.

They read the PDFs' text (pypdf), add up what the shown groups print and
subtract it from the whole. What they may learn is the hidden groups taken
together (at least k people); not any one hidden group's count or score.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pypdf
import pytest

from bench import survey_with
from scoring.report import build_report
from scoring.sample import generate
from survey import pdf_report

pytestmark = pytest.mark.reliability

WAVE = "2026-H2"
SMALL = "audit"


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def setting():
    survey = survey_with()
    data = generate(survey, 240, waves=2, seed=3, last_wave=WAVE)
    last = data.index[data["wave"] == WAVE]
    dept = data["dept"].astype(object)
    dept[last] = np.where(dept[last] == SMALL, "policy", dept[last])
    dept[last[:3]] = SMALL
    data["dept"] = pd.Categorical(dept, categories=data["dept"].cat.categories)
    return survey, data


def test_subtracting_the_shown_groups_reveals_only_k_or_more_together(setting):
    survey, frame = setting
    k = survey.min_group_size
    board = _text(pdf_report.board_pdf(survey, frame, WAVE).data)
    labels = {o.label.get("ko"): o.id for o in survey.demographic("dept").options}
    labels["응답하지 않음"] = None
    start = board.index("소속 부서\n집단")
    section = board[start : board.index("\n연령대\n", start)]
    shown: dict[str | None, int] = {}
    hidden: list[str | None] = []
    for line in section.splitlines():
        for label, group in labels.items():
            if line.startswith(label + " "):
                rest = line[len(label) + 1 :]
                if rest.startswith("응답자"):
                    hidden.append(group)
                else:
                    shown[group] = int(rest.split()[0])
    respondents = int(re.search(r"참여: (\d+)명 응답", board).group(1))
    rest = respondents - sum(shown.values())
    assert SMALL in hidden
    # The subtraction gives the hidden groups together: two or more, k or more people.
    assert len(hidden) >= 2 and rest >= k
    truth = build_report(survey, frame, wave=WAVE, by=["dept"]).breakdowns["dept"]
    assert {r.group for r in truth if r.suppressed} == set(hidden)

    # Every unit report: the hidden units have none; the shown ones add nothing new.
    made, lines = pdf_report.unit_pdfs(survey, frame, WAVE, "dept")
    assert set(made).isdisjoint(hidden) and len(lines) == len([h for h in hidden if h])
    for group, pdf in made.items():
        unit = _text(pdf.data)
        assert re.search(rf"응답자 {shown[group]} ", unit), group
        for other in hidden:
            if other is not None:
                name = next(n for n, g in labels.items() if g == other)
                assert name not in unit
