"""Broken and hostile Parquet files: refused with one located line in Korean and English.

What it attacks: the Parquet reader of `scoring.responses.read_responses`
and ``python -m scoring report --responses FILE.parquet``, with files that
are not Parquet (random bytes, a CSV and a zip renamed, a real file cut
short), columns of a type that holds no answers (lists, structs, dates,
booleans, binary text that is not UTF-8), and files that are really
compression bombs: a text column whose one long value repeats for a
hundred thousand rows (a few kilobytes stored, gigabytes once decoded) and
footers declaring more rows or cells than the caps. Every one must give
the file's name, the place (column, or row and column) and what is wrong,
never a traceback, and the bomb must be refused without unpacking it.
A response file that is really a zip (named .csv) is refused as not UTF-8.
"""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scoring import parquet_reader
from scoring.cli import main
from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from scoring.responses import read_responses

pytestmark = pytest.mark.reliability

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "data" / "surveys" / "base.yaml"


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(BASE)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _columns(survey: Survey, rows: int = 3) -> dict[str, list[object]]:
    return {"wave": ["2025-H1"] * rows, **{i.id: [3] * rows for i in survey.items}}


def _messages(path: Path, survey: Survey) -> tuple[str, str, SurveyError]:
    with pytest.raises(SurveyError) as caught:
        read_responses(path, survey)
    return caught.value.message("ko"), caught.value.message("en"), caught.value


def _good_file(survey: Survey) -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.table(_columns(survey, 2_000)), out)
    return out.getvalue()


NOT_PARQUET = {
    "random.parquet": lambda survey: os.urandom(4096),
    "csv.parquet": lambda survey: b"wave,inn1\n2025-H1,3\n",
    "zip.parquet": lambda survey: _zip(b"x" * 100_000),
    "cut.parquet": lambda survey: _good_file(survey)[:-200],
    "empty.parquet": lambda survey: b"",
}


def _zip(content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sheet.csv", content)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(NOT_PARQUET))
def test_a_file_that_is_not_parquet_is_refused(survey: Survey, in_tmp: Path, name: str) -> None:
    Path(name).write_bytes(NOT_PARQUET[name](survey))
    korean, english, error = _messages(Path(name), survey)
    assert error.problems[0].key == "responses.parquet_error"
    assert korean.startswith(f"{name}: Parquet 파일을 읽을 수 없습니다: ")
    assert english.startswith(f"{name}: cannot read the Parquet file: ")
    assert len(korean.splitlines()) == 1


def test_the_command_prints_one_line_and_exits_1(
    survey: Survey, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("cut.parquet").write_bytes(NOT_PARQUET["cut.parquet"](survey))
    args = ["report", "--survey", str(BASE), "--responses", "cut.parquet"]
    for lang, start in (("en", "cut.parquet: cannot read"), ("ko", "cut.parquet: Parquet 파일")):
        assert main(["--lang", lang, *args]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(start) and len(captured.err.strip().splitlines()) == 1
        assert "Traceback" not in captured.err


NESTED = {
    "list": (pa.array([[1, 2]] * 3), "list<element: int64>"),
    "struct": (pa.array([{"a": 1}] * 3), "struct<a: int64>"),
}


@pytest.mark.parametrize("kind", sorted(NESTED))
def test_a_nested_column_is_refused_by_its_type(survey: Survey, in_tmp: Path, kind: str) -> None:
    columns: dict[str, object] = _columns(survey)
    array, shown = NESTED[kind]
    columns["voi1"] = array
    pq.write_table(pa.table(columns), f"{kind}.parquet")
    korean, english, _ = _messages(Path(f"{kind}.parquet"), survey)
    assert english == (
        f"{kind}.parquet column voi1: this column's type ({shown}) cannot be read;"
        " it must hold text or numbers"
    )
    assert korean == (
        f"{kind}.parquet column voi1: 이 열의 형식({shown})은 읽을 수 없습니다."
        " 텍스트나 숫자 열이어야 합니다"
    )


def test_dates_booleans_and_bad_bytes_are_answers_of_the_wrong_kind(
    survey: Survey, in_tmp: Path
) -> None:
    columns: dict[str, object] = _columns(survey)
    columns["inn1"] = pa.array([datetime.date(2025, 3, 1), None, None])
    columns["inn2"] = pa.array([None, True, None])
    columns["dept"] = pa.array([None, None, b"\xff\xfeplanning"], pa.binary())
    pq.write_table(pa.table(columns), "kinds.parquet")
    korean, english, _ = _messages(Path("kinds.parquet"), survey)
    assert english.splitlines() == [
        "kinds.parquet row 2, column inn1: an answer must be a whole number from 1 to 5"
        ' (got "2025-03-01")',
        "kinds.parquet row 3, column inn2: an answer must be a whole number from 1 to 5"
        ' (got "TRUE")',
        'kinds.parquet row 4, column dept: not an option of the survey: "\ufffd\ufffdplanning"'
        " (options: planning, data)",
    ]
    assert korean.splitlines()[0] == (
        "kinds.parquet row 2, column inn1: 응답은 1에서 5 사이의 정수여야 합니다"
        ' (현재 값: "2025-03-01")'
    )


BOMB = (
    "import sys, pyarrow as pa; from scoring.questionnaire import load_survey;"
    " from scoring.responses import read_responses; from scoring.errors import SurveyError\n"
    "try:\n    read_responses(sys.argv[1], load_survey(sys.argv[2]))\n"
    "except SurveyError as error:\n    print(error.message('en').splitlines()[0])\n"
    "print(pa.default_memory_pool().max_memory())"
)


def test_a_compression_bomb_is_refused_without_unpacking_it(survey: Survey, in_tmp: Path) -> None:
    """One 20,000-character comment in 100,000 rows: 6 GB as text, a few KB stored."""
    rows = 100_000
    columns: dict[str, object] = _columns(survey, rows)
    columns["change"] = pa.DictionaryArray.from_arrays(
        pa.array([0] * rows, pa.int32()), pa.array(["폭" * 20_000])
    )
    # Without the Arrow schema in the file, the column reads as plain text.
    pq.write_table(pa.table(columns), "bomb.parquet", compression="zstd", store_schema=False)
    assert pq.read_schema("bomb.parquet").field("change").type == pa.string()
    assert Path("bomb.parquet").stat().st_size < 1_000_000
    done = subprocess.run(
        [sys.executable, "-c", BOMB, "bomb.parquet", str(BASE)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    first, peak = done.stdout.splitlines()
    assert first.startswith("bomb.parquet row 2, column change: ")
    assert int(peak) < 200_000_000  # the text decoded would be 6 GB in UTF-8


def test_a_footer_over_the_caps_is_refused_before_reading(
    survey: Survey, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq.write_table(pa.table(_columns(survey, 50)), "big.parquet")
    monkeypatch.setattr(parquet_reader, "MAX_PARQUET_ROWS", 49)
    korean, english, _ = _messages(Path("big.parquet"), survey)
    assert english == "big.parquet: the Parquet file has too many rows (50, at most 49)"
    assert korean == "big.parquet: Parquet 파일의 행이 너무 많습니다 (50행, 최대 49행)"
    cells = 50 * (1 + len(survey.items))
    monkeypatch.setattr(parquet_reader, "MAX_PARQUET_ROWS", 1_000)
    monkeypatch.setattr(parquet_reader, "MAX_PARQUET_CELLS", cells - 1)
    korean, english, _ = _messages(Path("big.parquet"), survey)
    assert english == (
        f"big.parquet: the Parquet file has too many cells, rows times columns"
        f" ({cells}, at most {cells - 1})"
    )
    assert korean == (
        f"big.parquet: Parquet 파일의 칸(행 × 열)이 너무 많습니다 ({cells}칸, 최대 {cells - 1}칸)"
    )
    monkeypatch.setattr(parquet_reader, "MAX_PARQUET_CELLS", 10**9)
    monkeypatch.setattr(parquet_reader, "MAX_PARQUET_UNPACKED", 10)
    _, english, _ = _messages(Path("big.parquet"), survey)
    assert english.startswith("big.parquet: the Parquet file unpacks to ")


def test_a_zip_named_csv_is_not_read_as_text(survey: Survey, in_tmp: Path) -> None:
    Path("responses.csv").write_bytes(_zip(b"wave,inn1\n" + b"2025-H1,3\n" * 200_000))
    korean, english, _ = _messages(Path("responses.csv"), survey)
    assert english == (
        "responses.csv: the file is not UTF-8 CSV;"
        " in Excel, save it as 'CSV UTF-8 (Comma delimited)'"
    )
    assert korean.startswith("responses.csv: UTF-8 CSV 파일이 아닙니다.")
