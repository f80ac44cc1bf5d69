"""Attack on the PDF reports by differencing: the whole organization minus every unit's PDF.

The insider holds the board's PDF (or the staff summary) and every unit's PDF
(`--units dept`, `--units age`) of a wave. They read the text back (pypdf),
take for every figure (respondents, each dimension's people, each item's
answers) the whole organization's count and subtract what the unit PDFs
print. What is left are the people of the units without a report, of the
figures a unit's PDF marks, and of those who gave no unit: that must be 0 or
at least k, or its mean is a figure of fewer than k people. Also: two units
covering all but one person, a unit whose previous wave was too small for the
change since then, comment texts (unique) and the staff summary's groups.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pypdf
import pytest

from scoring.report import build_report
from survey import pdf_report
from tests.scoring_helpers import make_frame, random_frame, small_survey

pytestmark = pytest.mark.reliability

WAVE = "2026-H1"
ITEM = re.compile(r"^(\S+) (\S+) (\d+) (\d+\.\d) (\d+\.\d)%$", re.M)
DIMENSION = re.compile(r"^([ABC]) (\d+) (\d+\.\d) ", re.M)
RESPONDENTS = re.compile(r"^Respondents (\d+) (\d+)$", re.M)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def _counts(text: str) -> dict[str, int]:
    """The counts a unit PDF prints, by figure (the small survey's labels are its ids, upper)."""
    out: dict[str, int] = {}
    for m in ITEM.finditer(text):
        out[f"item:{m[1].lower()}"] = int(m[3])
    for m in DIMENSION.finditer(text):
        out.setdefault(f"dim:{m[1].lower()}", int(m[2]))
    found = RESPONDENTS.search(text)
    if found:
        out["rows"] = int(found[1])
    return out


@pytest.mark.parametrize("seed", range(6))
def test_the_whole_minus_every_unit_pdf_leaves_0_or_k(seed: int) -> None:
    survey = small_survey()
    k = survey.min_group_size
    frame = random_frame(survey, 40 + 9 * seed, seed=seed, missing=0.25)
    frame["wave"] = WAVE
    whole = build_report(survey, frame, wave=WAVE)
    assert not whole.suppressed
    totals = {"rows": whole.respondents}
    totals |= {f"item:{i.id}": i.n for i in whole.items if not i.suppressed}
    totals |= {f"dim:{d.id}": d.n for d in whole.dimensions if not d.suppressed}
    for demographic in ("dept", "age"):
        made, _ = pdf_report.unit_pdfs(survey, frame, WAVE, demographic, lang="en")
        units = [_counts(_text(pdf.data)) for pdf in made.values()]
        assert all(("rows" in u and "item:a1" in u) or "item:a1" not in u for u in units)
        for figure, total in totals.items():
            left = total - sum(u.get(figure, 0) for u in units)
            assert left == 0 or left >= k, (demographic, figure, left)


def test_two_units_covering_all_but_one_person_get_one_report() -> None:
    survey = small_survey()
    rng = np.random.default_rng(7)
    n = 41
    columns = {i.id: rng.integers(1, 6, n).astype(float) for i in survey.items}
    columns["dept"] = ["d1"] * 20 + ["d2"] * 20 + [None]
    # One item few in d2 answered: its figure in d2's PDF would rest on 3 people.
    columns["c4"][20:37] = np.nan
    columns["note"] = [f"unique remark number {i}" for i in range(n)]
    frame = make_frame(survey, columns, wave=WAVE)
    made, hidden = pdf_report.unit_pdfs(survey, frame, WAVE, "dept", lang="en")
    # d1 + d2 would be everyone but the one who gave no department.
    assert len(made) == 1 and len(hidden) == 3
    unit = _text(next(iter(made.values())).data)
    assert "item:c4" not in _counts(unit)
    board = _text(pdf_report.board_pdf(survey, frame, WAVE, lang="en").data)
    staff = _text(pdf_report.staff_pdf(survey, frame, WAVE, lang="en").data)
    for text in (unit, board, staff):
        assert "unique remark" not in text  # comments never reach a PDF
    for option in ("D1", "D2", "D3", "D4", "Young", "Mid", "Old"):
        assert not re.search(rf"\b{option}\b", staff), option


def test_a_unit_hidden_in_the_previous_wave_gives_no_change() -> None:
    survey = small_survey()
    rng = np.random.default_rng(8)
    before, after = 30, 30
    n = before + after
    columns = {i.id: rng.integers(1, 6, n).astype(float) for i in survey.items}
    # d1: 3 people before (hidden), 15 after; the change would be "after - before".
    columns["dept"] = ["d1"] * 3 + ["d2"] * 27 + ["d1"] * 15 + ["d2"] * 15
    frame = make_frame(survey, columns, wave=["2025-H2"] * before + [WAVE] * after)
    unit = _text(pdf_report.unit_pdf(survey, frame, WAVE, ("dept", "d1"), lang="en").data)
    previous = build_report(survey, frame, wave="2025-H2", filter=("dept", "d1"))
    assert previous.suppressed
    assert "The change from the previous wave is hidden" in unit
    assert "Against the previous wave" not in unit


def test_a_pdf_tells_the_day_it_was_made_not_the_time() -> None:
    survey = small_survey()
    frame = random_frame(survey, 60, seed=3)
    frame["wave"] = WAVE
    reader = pypdf.PdfReader(io.BytesIO(pdf_report.staff_pdf(survey, frame, WAVE).data))
    made = reader.metadata.creation_date
    assert (made.hour, made.minute, made.second) == (0, 0, 0)
    assert reader.metadata.modification_date in (None, made)
