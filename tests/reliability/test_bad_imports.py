"""Broken response files: refused with one line naming the place, the database untouched.

What it attacks: the importer of historical responses, ``python -m survey
import --wave W FILE`` and `survey.store.Store.import_responses` (through
`scoring.responses.read_responses`), with the files in
tests/data/broken_imports/ (CSV and XLSX, answering the survey in the same
folder): CP949 and UTF-16 text, an empty file, a header without rows, no wave
column, an unknown, a repeated and a nameless column, a row longer than the
header, answers out of range, 3.5, negative or in words, an option the survey
does not have, an over-long comment, a NUL character, a blank wave, a row of
another wave, a BOM before a bad row, a formula where an answer belongs, a
file that is not a spreadsheet, a format the importer does not read.

For every file:

- the command, run as a subprocess on its own copy of a database that already
  holds responses, exits 1 with the store's summary on stderr (a first line
  naming the file and saying that nothing was stored, then one line for the
  problem in Korean with its row or column), prints nothing on stdout and no
  traceback, and the copy's SQL dump is unchanged;
- `Store.import_responses` raises `SurveyError` whose Korean and English
  messages are the lines below; the wave's count, its loaded response frame
  and the SQL dump are the same before and after.

Formula-looking text (``=HYPERLINK(...)``, ``+1``, ``-2``, ``@SUM``) in a
comment is stored exactly as typed; a formula cell of a workbook is stored as
its text or refused, never silently dropped.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from scoring import xlsx_reader
from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from scoring.responses import read_responses
from survey import export
from survey.store import Store, dispose
from tests.reliability.dumps import sql_dump

pytestmark = pytest.mark.reliability

REPO = Path(__file__).resolve().parents[2]
IMPORTS = REPO / "tests" / "data" / "broken_imports"
SURVEY_FILE = "survey.yaml"
SEED = "seed.csv"
WAVE = "2025-H1"
# A workbook formula (``=2+2``, saved without a computed value) where an answer belongs.
FORMULA_CELL = "xlsx_formula_item.xlsx"
FORMULA_PLACE = "row 3, column inn1"
FORMULA_TEXTS = (
    '=HYPERLINK("http://evil.example","click")',
    "+1 더 좋아요",
    "-2 아쉬워요",
    "@SUM(A1:A9)",
)

# File -> (the Korean line, the English line).
EXPECTED: dict[str, tuple[str, str]] = {
    "blank_header.csv": (
        "blank_header.csv column #11: 값이 있는 열의 이름이 비어 있습니다",
        "blank_header.csv column #11: a column with values has no name",
    ),
    "blank_wave.csv": (
        "blank_wave.csv row 3, column wave: 차수(wave)가 비어 있습니다",
        "blank_wave.csv row 3, column wave: the wave is blank",
    ),
    "bom_bad_row.csv": (
        'bom_bad_row.csv row 5, column rec: 응답은 0에서 10 사이의 정수여야 합니다 (현재 값: "11")',
        "bom_bad_row.csv row 5, column rec: an answer must be a whole number from 0 to 10 (got "
        '"11")',
    ),
    "comment_too_long.csv": (
        "comment_too_long.csv row 3, column good: 의견이 너무 깁니다 (29자, 최대 20자)",
        "comment_too_long.csv row 3, column good: the comment is too long (29 characters, at "
        "most 20)",
    ),
    "cp949.csv": (
        "cp949.csv: UTF-8 CSV 파일이 아닙니다. 엑셀에서는 'CSV UTF-8(쉼표로 분리)' 형식으로 "
        "저장해 주십시오",
        "cp949.csv: the file is not UTF-8 CSV; in Excel, save it as 'CSV UTF-8 (Comma delimited)'",
    ),
    "duplicate_column.csv": (
        "duplicate_column.csv column inn1: 같은 이름의 열이 두 번 나옵니다: inn1",
        "duplicate_column.csv column inn1: the column inn1 appears twice",
    ),
    "empty.csv": (
        "empty.csv: 응답 파일이 비어 있습니다 (머리글 행이 없습니다)",
        "empty.csv: the response file is empty (no header row)",
    ),
    "formula_in_item.csv": (
        "formula_in_item.csv row 2, column inn1: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "
        '"=1+4")',
        "formula_in_item.csv row 2, column inn1: an answer must be a whole number from 1 to 5 "
        '(got "=1+4")',
    ),
    "half_point.csv": (
        'half_point.csv row 4, column inn1: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "3.5")',
        "half_point.csv row 4, column inn1: an answer must be a whole number from 1 to 5 (got "
        '"3.5")',
    ),
    "header_only.csv": (
        "header_only.csv: 응답 행이 하나도 없습니다",
        "header_only.csv: the file holds no responses",
    ),
    "negative.csv": (
        'negative.csv row 4, column inn2: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "-1")',
        'negative.csv row 4, column inn2: an answer must be a whole number from 1 to 5 (got "-1")',
    ),
    "nul_in_comment.csv": (
        "nul_in_comment.csv row 2, column good: 저장할 수 없는 문자(NUL)가 들어 있습니다",
        "nul_in_comment.csv row 2, column good: the text holds a character that cannot be stored "
        "(NUL)",
    ),
    "out_of_range.csv": (
        'out_of_range.csv row 3, column inn1: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "6")',
        "out_of_range.csv row 3, column inn1: an answer must be a whole number from 1 to 5 (got "
        '"6")',
    ),
    "ragged_row.csv": (
        "ragged_row.csv row 3: 머리글의 열은 10개인데 이 행에는 값이 11개 있습니다",
        "ragged_row.csv row 3: the header has 10 columns but this row holds 11 values",
    ),
    "responses.ods": (
        "responses.ods: 응답 파일은 CSV(.csv), 엑셀(.xlsx) 또는 Parquet(.parquet) 파일이어야 "
        "합니다",
        "responses.ods: a response file must be CSV (.csv), Excel (.xlsx) or Parquet (.parquet)",
    ),
    "text_in_item.csv": (
        "text_in_item.csv row 2, column inn1: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "
        '"그렇다")',
        "text_in_item.csv row 2, column inn1: an answer must be a whole number from 1 to 5 (got "
        '"그렇다")',
    ),
    "unknown_column.csv": (
        "unknown_column.csv column salary: 설문에 없는 열입니다: salary",
        "unknown_column.csv column salary: the survey has no column salary",
    ),
    "unknown_option.csv": (
        'unknown_option.csv row 5, column dept: 설문에 없는 선택지입니다: "sales" (있는 선택지: '
        "planning, data)",
        'unknown_option.csv row 5, column dept: not an option of the survey: "sales" (options: '
        "planning, data)",
    ),
    "utf16.csv": (
        "utf16.csv: UTF-8 CSV 파일이 아닙니다. 엑셀에서는 'CSV UTF-8(쉼표로 분리)' 형식으로 "
        "저장해 주십시오",
        "utf16.csv: the file is not UTF-8 CSV; in Excel, save it as 'CSV UTF-8 (Comma delimited)'",
    ),
    "wave_mismatch.csv": (
        "wave_mismatch.csv row 4, column wave: 이 행은 차수 2024-H2의 응답입니다 (가져오는 차수: "
        "2025-H1)",
        "wave_mismatch.csv row 4, column wave: this row belongs to the wave 2024-H2 (importing "
        "into 2025-H1)",
    ),
    "xlsx_corrupt.xlsx": (
        "xlsx_corrupt.xlsx: 엑셀 파일을 읽을 수 없습니다: BadZipFile: File is not a zip file",
        "xlsx_corrupt.xlsx: cannot read the Excel file: BadZipFile: File is not a zip file",
    ),
    "xlsx_half_point.xlsx": (
        "xlsx_half_point.xlsx row 2, column sat: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "
        '"3.5")',
        "xlsx_half_point.xlsx row 2, column sat: an answer must be a whole number from 1 to 5 "
        '(got "3.5")',
    ),
    "xlsx_header_only.xlsx": (
        "xlsx_header_only.xlsx: 응답 행이 하나도 없습니다",
        "xlsx_header_only.xlsx: the file holds no responses",
    ),
    "xlsx_out_of_range.xlsx": (
        "xlsx_out_of_range.xlsx row 3, column voi1: 응답은 1에서 5 사이의 정수여야 합니다 (현재 "
        '값: "7")',
        "xlsx_out_of_range.xlsx row 3, column voi1: an answer must be a whole number from 1 to 5 "
        '(got "7")',
    ),
    "xlsx_unknown_option.xlsx": (
        'xlsx_unknown_option.xlsx row 4, column age: 설문에 없는 선택지입니다: "age_60_plus" '
        "(있는 선택지: age_young, age_older)",
        'xlsx_unknown_option.xlsx row 4, column age: not an option of the survey: "age_60_plus" '
        "(options: age_young, age_older)",
    ),
    "xlsx_wave_mismatch.xlsx": (
        "xlsx_wave_mismatch.xlsx row 5, column wave: 이 행은 차수 2025-H2의 응답입니다 (가져오는 "
        "차수: 2025-H1)",
        "xlsx_wave_mismatch.xlsx row 5, column wave: this row belongs to the wave 2025-H2 "
        "(importing into 2025-H1)",
    ),
}
BROKEN = (*sorted(EXPECTED), FORMULA_CELL)
# Files without a wave column: the chosen wave fills it (``import --wave W``).
WITHOUT_WAVE = ("missing_wave_column.csv", "xlsx_missing_wave.xlsx")
SUMMARY = "{name}: 아무것도 저장하지 않았습니다. 문제 1건을 고친 뒤 다시 가져와 주십시오"


@dataclass(frozen=True)
class Database:
    """A database file, its SQL dump, the wave's response count and loaded frame."""

    url: str
    path: Path
    dump: str
    count: int
    frame: pd.DataFrame


def _copy(source: Path, target: Path) -> str:
    """Copy a SQLite database with its backup API; returns the copy's URL."""
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)
    old.close()
    new.close()
    return f"sqlite:///{target}"


def _state(url: str, survey: Survey) -> tuple[int, pd.DataFrame]:
    store = Store(url, survey)
    return store.count(WAVE), store.load_wave(WAVE)


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(IMPORTS / SURVEY_FILE)


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory, survey: Survey) -> Iterator[Database]:
    """A draft wave already holding the six responses of seed.csv."""
    path = tmp_path_factory.mktemp("broken_imports") / "original.db"
    url = f"sqlite:///{path}"
    store = Store(url, survey)
    store.create_wave(WAVE)
    store.import_responses(WAVE, IMPORTS / SEED)
    count, frame = _state(url, survey)
    dispose(url)
    yield Database(url, path, sql_dump(path), count, frame)
    dispose(url)


# Runs ``python -m survey ARGS`` once per job, each in a process of its own
# forked from this one interpreter after it has imported the package: thirty
# commands then cost one start-up instead of thirty. The child runs the
# package's __main__ with runpy as ``python -m`` does, with its own
# environment, stdout and stderr; an exception that escapes prints its
# traceback and exits 1, as the interpreter would.
FORK_RUNNER = r"""
import json, os, runpy, sys, traceback
import survey.cli
jobs = json.load(sys.stdin)
codes = []
for job in jobs:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.environ.update(job["env"])
        for fd, name in ((1, job["stdout"]), (2, job["stderr"])):
            os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        sys.argv = ["survey", *job["args"]]
        code = 1
        try:
            runpy.run_module("survey", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        except BaseException:
            traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    codes.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
json.dump(codes, sys.stdout)
"""


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    url: str
    path: Path


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CULTURE_")}
    return env | {"PYTHONPATH": str(REPO), "CULTURE_SURVEY": SURVEY_FILE}


@pytest.fixture(scope="module")
def command_runs(original: Database, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """``python -m survey import`` of every broken file, each on its own copy of `original`."""
    folder = tmp_path_factory.mktemp("command_runs")
    jobs, urls = [], {}
    for name in BROKEN:
        urls[name] = _copy(original.path, folder / f"{name}.db")
        jobs.append(
            {
                "args": ["import", "--wave", WAVE, name],
                "env": {"CULTURE_DB_URL": urls[name]},
                "stdout": str(folder / f"{name}.out"),
                "stderr": str(folder / f"{name}.err"),
            }
        )
    done = subprocess.run(
        [sys.executable, "-c", FORK_RUNNER],
        input=json.dumps(jobs),
        cwd=IMPORTS,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    codes = json.loads(done.stdout)
    return {
        name: Run(
            code,
            Path(job["stdout"]).read_text(encoding="utf-8"),
            Path(job["stderr"]).read_text(encoding="utf-8"),
            urls[name],
            folder / f"{name}.db",
        )
        for name, job, code in zip(BROKEN, jobs, codes, strict=True)
    }


def test_the_real_command_line_says_the_same(original: Database, tmp_path: Path) -> None:
    """One file through a plain ``python -m survey import``, as a person would run it."""
    url = _copy(original.path, tmp_path / "copy.db")
    name = "out_of_range.csv"
    done = subprocess.run(
        [sys.executable, "-m", "survey", "import", "--wave", WAVE, name],
        cwd=IMPORTS,
        env={**_environment(), "CULTURE_DB_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        SUMMARY.format(name=name),
        'inn1 열: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "6") (1건, 3행)',
    ]
    assert sql_dump(tmp_path / "copy.db") == original.dump


def test_every_file_is_listed() -> None:
    on_disk = {path.name for path in IMPORTS.iterdir()}
    extra = {
        SURVEY_FILE,
        SEED,
        *WITHOUT_WAVE,
        "formula_text.csv",
        "formula_text.xlsx",
        "xlsx_formula_comment.xlsx",
    }
    assert on_disk == set(BROKEN) | extra
    assert len(BROKEN) >= 20
    assert {Path(name).suffix for name in BROKEN} >= {".csv", ".xlsx"}


@pytest.mark.parametrize("name", BROKEN)
def test_the_command_refuses_the_file(
    name: str, command_runs: dict[str, Run], original: Database, survey: Survey
) -> None:
    run = command_runs[name]
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert (run.code, run.stdout) == (1, "")
    lines = run.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0] == SUMMARY.format(name=name)
    assert str(IMPORTS) not in run.stderr
    if name == FORMULA_CELL:
        assert "=2+2" in lines[1]
        assert lines[1].endswith("(1건, 3행)")
    else:
        # The store's sentence, with its place written in Korean.
        place, text = EXPECTED[name][0].removeprefix(name).split(": ", 1)
        assert text in lines[1]
        row = re.search(r"row (\d+)", place)
        if row:
            assert lines[1].endswith(f"(1건, {row.group(1)}행)")
    assert sql_dump(run.path) == original.dump
    count, frame = _state(run.url, survey)
    assert count == original.count
    pd.testing.assert_frame_equal(frame, original.frame)
    dispose(run.url)


@pytest.mark.parametrize("name", BROKEN)
def test_the_store_refuses_the_file(
    name: str,
    original: Database,
    survey: Survey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "copy.db"
    url = _copy(original.path, path)
    monkeypatch.chdir(IMPORTS)
    store = Store(url, survey)
    with pytest.raises(SurveyError) as caught:
        store.import_responses(WAVE, name)
    korean, english = caught.value.message("ko"), caught.value.message("en")
    if name == FORMULA_CELL:
        assert korean.startswith(f"{name} {FORMULA_PLACE}: ")
        assert english.startswith(f"{name} {FORMULA_PLACE}: ")
    else:
        assert (korean, english) == EXPECTED[name]
    count, frame = _state(url, survey)
    assert count == original.count
    pd.testing.assert_frame_equal(frame, original.frame)
    dispose(url)
    assert sql_dump(path) == original.dump


@pytest.mark.parametrize("name", WITHOUT_WAVE)
def test_a_file_without_a_wave_column_is_the_chosen_waves(
    name: str, survey: Survey, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(IMPORTS)
    expected = read_responses(name, survey, wave=WAVE)
    assert set(expected["wave"]) == {WAVE}
    store = Store(sqlite_url, survey)
    store.create_wave(WAVE)
    assert store.import_responses(WAVE, name) == len(expected) > 0
    assert set(store.load_wave(WAVE)["wave"]) == {WAVE}
    # Read without a chosen wave, the same file is refused for its missing column.
    with pytest.raises(SurveyError) as caught:
        read_responses(name, survey)
    assert caught.value.message("en") == f"{name}: 1 required column(s) missing: wave"


@pytest.mark.parametrize("name", ["formula_text.csv", "formula_text.xlsx"])
def test_formula_looking_text_is_stored_as_typed(
    name: str, survey: Survey, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(IMPORTS)
    store = Store(sqlite_url, survey)
    store.create_wave(WAVE)
    assert store.import_responses(WAVE, name) == len(FORMULA_TEXTS)
    stored = store.load_wave(WAVE)["change"]
    assert sorted(stored) == sorted(FORMULA_TEXTS)
    # A page's CSV download carries them inert, behind an apostrophe.
    written = export.rows_csv([["change"], *([text] for text in stored)]).decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(written))][1:]
    assert sorted(cells) == sorted(f"'{text}" for text in FORMULA_TEXTS)


def test_a_formula_cell_in_a_comment_is_kept_as_text_or_refused(
    survey: Survey, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook cell holding ``=HYPERLINK(...)`` as a formula, saved without a computed value."""
    monkeypatch.chdir(IMPORTS)
    store = Store(sqlite_url, survey)
    store.create_wave(WAVE)
    try:
        store.import_responses(WAVE, "xlsx_formula_comment.xlsx")
    except SurveyError as error:
        assert error.message("en").startswith("xlsx_formula_comment.xlsx row 2, column change: ")
        assert store.count(WAVE) == 0
        return
    comments = store.load_wave(WAVE)["change"].dropna().tolist()
    assert comments == [FORMULA_TEXTS[0]]


# ---------------------------------------------------------------- workbook bombs
# A workbook is a zip of XML, so a few hundred KB can unpack to gigabytes
# that openpyxl would parse for minutes (a 480 KB one took 117 s and 1 GB).
# Each is refused from the zip's directory or while reading, with one line.

BOMB_ROW = (
    '<row><c t="inlineStr"><is><t>2025-H1</t></is></c>'
    + "".join(f"<c><v>{value}</v></c>" for value in (3, 4, 5, 2, 3, 4, 5, 2))
    + "</row>"
)


def _workbook_with_sheet(path: Path, write_rows, *, dimension: str | None = None) -> Path:
    """A real workbook from openpyxl whose first sheet's XML is replaced by `write_rows`' rows."""
    template = path.with_suffix(".template.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["wave"])
    book.save(template)
    head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + SHEET_NS + '">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    with zipfile.ZipFile(template) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                new.writestr(member, old.read(member.filename))
                continue
            with new.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write((head + "<sheetData>").encode())
                write_rows(sheet)
                sheet.write(b"</sheetData></worksheet>")
    template.unlink()
    return path


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _repeat(row: str, times: int):
    def write(sheet) -> None:
        block = (row * 1000).encode()
        for _ in range(times // 1000):
            sheet.write(block)

    return write


def _refusal(path: Path, survey: Survey) -> tuple[str, str]:
    with pytest.raises(SurveyError) as caught:
        # Relative, as a person names the file: the message repeats it.
        read_responses(os.path.relpath(path), survey)
    error = caught.value
    assert len(error.problems) == 1
    return error.message("ko"), error.message("en")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_zip_bomb_is_refused_from_the_zip_directory(survey: Survey, in_tmp: Path) -> None:
    # About 300 MB of one repeated row, zipped to well under a megabyte.
    path = _workbook_with_sheet(in_tmp / "bomb.xlsx", _repeat(BOMB_ROW, 2_000_000))
    assert path.stat().st_size < 2_000_000
    korean, english = _refusal(path, survey)
    assert korean.startswith("bomb.xlsx: 엑셀 파일의 압축을 풀면 ")
    assert "최대 200,000,000바이트를 넘습니다" in korean
    assert english.startswith("bomb.xlsx: the Excel file unpacks to ")
    assert english.endswith("over the limit of 200,000,000; save large response files as CSV UTF-8")


def test_a_small_bomb_is_refused_by_its_compression(survey: Survey, in_tmp: Path) -> None:
    # Under the unpacked cap, but packed a thousand times: no sheet of answers is.
    path = _workbook_with_sheet(in_tmp / "small_bomb.xlsx", _repeat(BOMB_ROW, 100_000))
    korean, english = _refusal(path, survey)
    assert korean.startswith(
        "small_bomb.xlsx: 엑셀 파일 안의 xl/worksheets/sheet1.xml 항목이 비정상적으로 압축되어"
        " 있습니다 ("
    )
    assert english.startswith(
        "small_bomb.xlsx: the member xl/worksheets/sheet1.xml of the Excel file is compressed"
        " abnormally ("
    )
    assert english.endswith("times, at most 100); save it again from Excel or as CSV UTF-8")


def test_a_large_stored_workbook_is_refused_by_its_size(survey: Survey, in_tmp: Path) -> None:
    path = in_tmp / "large.xlsx"
    with path.open("wb") as file:
        file.truncate(xlsx_reader.MAX_XLSX_BYTES + 1)
    assert _refusal(path, survey) == (
        "large.xlsx: 엑셀 파일이 너무 큽니다 (32,000,001바이트, 최대 32,000,000바이트). "
        "큰 응답 파일은 CSV UTF-8 형식으로 저장해 주십시오",
        "large.xlsx: the Excel file is too large (32,000,001 bytes, at most 32,000,000);"
        " save large response files as CSV UTF-8",
    )


def test_too_many_rows_are_refused_at_the_first_row_past_the_cap(
    survey: Survey, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cap itself (200,000 rows) takes openpyxl a minute to reach; the
    # rule is the same at any cap.
    monkeypatch.setattr(xlsx_reader, "MAX_XLSX_ROWS", 50)
    path = _workbook_with_sheet(in_tmp / "rows.xlsx", _repeat(BOMB_ROW, 1000))
    assert _refusal(path, survey) == (
        "rows.xlsx row 51: 엑셀 시트의 행이 너무 많습니다. 엑셀 파일은 50행까지 읽습니다. "
        "큰 응답 파일은 CSV UTF-8 형식으로 저장해 주십시오",
        "rows.xlsx row 51: the sheet has too many rows: Excel files are read up to 50 rows;"
        " save large response files as CSV UTF-8",
    )


def test_a_row_of_too_many_cells_is_refused(survey: Survey, in_tmp: Path) -> None:
    wide = "<row>" + "<c><v>1</v></c>" * 5000 + "</row>"
    path = _workbook_with_sheet(in_tmp / "wide.xlsx", lambda sheet: sheet.write(wide.encode()))
    assert _refusal(path, survey) == (
        "wide.xlsx row 1, column #1001: 엑셀 시트의 열이 너무 많습니다. 한 행에 1,000열까지 "
        "읽습니다",
        "wide.xlsx row 1, column #1001: the sheet has too many columns: at most 1,000 are read"
        " in a row",
    )


def test_an_import_unpacks_a_bomb_only_through_the_caps(
    survey: Survey, in_tmp: Path, sqlite_url: str
) -> None:
    """The store's import reads a workbook through the same capped reader, wave column or not."""
    store = Store(sqlite_url, survey)
    store.create_wave(WAVE)
    path = _workbook_with_sheet(in_tmp / "bomb.xlsx", _repeat(BOMB_ROW, 2_000_000))
    with pytest.raises(SurveyError) as caught:
        store.import_responses(WAVE, path)
    assert caught.value.message("en").startswith("bomb.xlsx: the Excel file unpacks to ")
    assert store.count(WAVE) == 0


def test_a_declared_dimension_does_not_pad_the_rows(survey: Survey, tmp_path: Path) -> None:
    """A sheet claiming A1:XFD1048576 is read as the cells it holds."""
    names = ["wave", *(item.id for item in survey.items)]
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in names)
    body = '<c t="inlineStr"><is><t>2025-H1</t></is></c>' + "<c><v>3</v></c>" * len(names[1:])
    path = _workbook_with_sheet(
        tmp_path / "declared.xlsx",
        lambda sheet: sheet.write(f"<row>{header}</row><row>{body}</row>".encode()),
        dimension="A1:XFD1048576",
    )
    frame = read_responses(path, survey)
    assert len(frame) == 1
    assert frame[names[1]].tolist() == [3.0]
