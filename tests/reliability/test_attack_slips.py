"""Attacks on code slips: guessable codes, what a slip sheet says beyond its codes,
and what a failed typesetting run leaves behind (`codes issue --out slips.pdf`)."""

from __future__ import annotations

import io
import math
import re
from collections import Counter

import pypdf
import pytest

from survey import cli, codes
from survey.slips import slips_pdf, survey_link
from survey.store import Store
from survey.typeset import TypesetError

pytestmark = pytest.mark.reliability


def test_codes_are_uniform_over_their_alphabet() -> None:
    drawn = [codes.normalize(codes.new_code()) for _ in range(4000)]
    assert len(set(drawn)) == len(drawn)
    letters = Counter("".join(drawn))
    assert set(letters) == set(codes.ALPHABET)
    expected = len(drawn) * codes.LENGTH / len(codes.ALPHABET)
    chi2 = sum((n - expected) ** 2 / expected for n in letters.values())
    # 30 degrees of freedom: 59.7 is the 0.1% point.
    assert chi2 < 59.7
    # About 40 bits: against the wave's 200 wrong codes per 15 minutes a guess
    # takes on average billions of windows per code issued.
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) > 39


def test_a_slip_sheet_holds_the_codes_and_nothing_that_orders_them() -> None:
    issued = [codes.new_code() for _ in range(12)]
    link = survey_link("https://survey.example.go.kr", "2026-H2", "ko")
    data = slips_pdf(issued, link, "2026년 하반기", 5, "ko")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert all(code in text for code in issued)
    # No serial number, date or time beside a code (a slip's number would be a
    # second name for its code on a handout list).
    assert not re.search(r"\b(No\.|#|번호)\s*\d", text)
    assert not re.search(r"\d{1,2}:\d{2}", text)
    reader = pypdf.PdfReader(io.BytesIO(data))
    made = reader.metadata.creation_date
    assert (made.hour, made.minute, made.second) == (0, 0, 0)


def test_a_failed_typesetting_run_leaves_no_file(monkeypatch, sqlite_url, tmp_path, capsys):
    monkeypatch.setenv("CULTURE_DB_URL", sqlite_url)
    monkeypatch.delenv("CULTURE_SURVEY", raising=False)
    assert cli.main(["wave", "create", "2026-H2", "--mode", "codes"]) == 0

    def broken(*args, **kwargs):
        raise TypesetError("typst could not typeset the document")

    monkeypatch.setattr("survey.slips.slips_pdf", broken)
    out = tmp_path / "slips.pdf"
    capsys.readouterr()
    code = cli.main(["codes", "issue", "--wave", "2026-H2", "--count", "5", "--out", str(out)])
    assert code == 1
    assert capsys.readouterr().err == (
        f"코드 쪽지 PDF({out})를 만들지 못했습니다. 코드는 발급하지 않았으니 다시 실행해 주십시오\n"
    )
    # The codes nobody received are withdrawn: none counts against the headcount.
    assert Store(sqlite_url).get_wave("2026-H2").codes_issued == 0
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part", ".typ")]


def test_a_code_list_that_cannot_be_written_withdraws_its_codes(
    monkeypatch, sqlite_url, tmp_path, capsys
):
    """A disk that fills while the list is written leaves no half list and no codes out."""
    import csv as csv_module

    monkeypatch.setenv("CULTURE_DB_URL", sqlite_url)
    monkeypatch.delenv("CULTURE_SURVEY", raising=False)
    assert cli.main(["wave", "create", "2026-H2", "--mode", "codes"]) == 0

    class Full:
        def __init__(self, *args, **kwargs):
            pass

        def writerow(self, row):
            pass

        def writerows(self, rows):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv_module, "writer", Full)
    out = tmp_path / "codes.csv"
    capsys.readouterr()
    code = cli.main(["codes", "issue", "--wave", "2026-H2", "--count", "5", "--out", str(out)])
    assert code == 1
    assert "No space left on device" in capsys.readouterr().err
    assert not out.exists()
    store = Store(sqlite_url)
    assert store.get_wave("2026-H2").codes_issued == 0
    assert [e.action for e in store.list_audit()] == ["wave.create"]
