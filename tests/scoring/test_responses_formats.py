"""Every reader gives the same response frame on the same data; Parquet in, with its messages.

The CSV reader (pyarrow's, block by block, with pandas behind it for files
pyarrow refuses), the XLSX reader, the Parquet reader and `frame_from_table`
over a pandas table are held to one frame, cell for cell. A Parquet file
goes through the same validation as a CSV: the same located messages.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scoring import answers, column_codes, csv_reader, xlsx_reader
from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from scoring.responses import frame_from_table, read_responses
from scoring.sample import generate, write_sample_csv

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "data" / "surveys" / "base.yaml"


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(REPO / "questions.yaml")


@pytest.fixture(scope="module")
def sample(survey: Survey) -> pd.DataFrame:
    frame = generate(survey, 400, waves=2, seed=5)
    frame.loc[3, survey.comments[0].id] = '쉼표, "따옴표"와\n줄바꿈이 있는 의견'
    return frame


@pytest.fixture
def csv_file(sample: pd.DataFrame, tmp_path: Path) -> Path:
    path = tmp_path / "responses.csv"
    write_sample_csv(sample, path)
    return path


def _text_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the strings a file holds (blank: None)."""
    table = pd.DataFrame(index=frame.index)
    for name in frame.columns:
        column = frame[name]
        if column.dtype == np.float64:
            table[name] = [None if np.isnan(v) else str(int(v)) for v in column]
        else:
            table[name] = column.astype(object).where(column.notna(), None)
    return table


def test_the_columnar_csv_reader_gives_the_pandas_frame(
    survey: Survey, sample: pd.DataFrame, csv_file: Path
) -> None:
    ranges = answers.answer_ranges(survey)
    assert csv_reader.read_csv_columnar(csv_file, ranges) is not None  # not the fallback
    columnar = read_responses(csv_file, survey)
    raw = pd.read_csv(csv_file, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(columnar, frame_from_table(raw, survey))
    expected = sample.copy()
    pd.testing.assert_frame_equal(columnar, expected)


def test_small_blocks_read_the_same(
    survey: Survey, csv_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = read_responses(csv_file, survey)
    monkeypatch.setattr(csv_reader, "_CSV_BLOCK", 4096)  # dozens of blocks, values split
    pd.testing.assert_frame_equal(read_responses(csv_file, survey), whole)


@pytest.mark.parametrize("respell", [False, True])
def test_stretches_read_on_threads_give_one_frame(
    survey: Survey,
    sample: pd.DataFrame,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    respell: bool,
) -> None:
    """A file without quotes is read in stretches at once; their codes join in file order."""
    plain = sample.copy()
    comment = survey.comments[0].id
    plain[comment] = [f"의견 {i % 7}" if i % 3 else None for i in range(len(plain))]
    path = tmp_path / "plain.csv"
    write_sample_csv(plain, path)
    if respell:  # an answer in the last stretch as "3.0": every stretch is read again as text
        table = pd.read_csv(path, dtype=object, keep_default_na=False, encoding="utf-8-sig")
        table.loc[len(table) - 1, survey.items[0].id] = "3.0"
        table.to_csv(path, index=False)
    assert b'"' not in path.read_bytes()
    monkeypatch.setattr(csv_reader, "_CSV_PARTS", 1)
    whole = read_responses(path, survey)
    monkeypatch.setattr(csv_reader, "_CSV_PARTS", 3)
    monkeypatch.setattr(csv_reader, "_CSV_PART_BYTES", 4096)
    monkeypatch.setattr(csv_reader, "_CSV_BLOCK", 4096)
    assert len(csv_reader._stretches(path, 3)) == 3
    pd.testing.assert_frame_equal(read_responses(path, survey), whole)
    pd.testing.assert_frame_equal(whole, read_responses(path, survey))


def test_answers_read_as_bytes_or_as_text_give_one_frame(
    survey: Survey, sample: pd.DataFrame, csv_file: Path, tmp_path: Path
) -> None:
    """Answers are parsed as small integers, and as text when one is not ("3.0", out of range)."""
    ranges = answers.answer_ranges(survey)
    names = csv_reader._header_names(csv_file)
    numeric = {j: ranges[name] for j, name in enumerate(names) if name in ranges}
    typed = csv_reader._parse_csv(csv_file, names, numeric)
    text = csv_reader._parse_csv(csv_file, names, {})
    assert typed is not None and text is not None
    assert [c.codes.dtype for j, c in enumerate(typed) if j in numeric] == [np.int8] * len(numeric)

    def cells(column: column_codes.Cells) -> list[str | None]:
        return [v or None for v in np.append(column.uniques, None)[column.codes]]

    assert [cells(c) for c in typed] == [cells(c) for c in text]
    # "3.0" and " 4" are whole answers in the text path; the frame is the same.
    item = survey.items[0].id
    respelled = tmp_path / "respelled.csv"
    changed = pd.read_csv(csv_file, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    changed[item] = changed[item].map({"3": "3.0", "4": " 4"}).fillna(changed[item])
    changed.to_csv(respelled, index=False)
    assert csv_reader._parse_csv(respelled, names, numeric) is None
    pd.testing.assert_frame_equal(
        read_responses(respelled, survey), read_responses(csv_file, survey)
    )


def test_an_answer_out_of_range_is_quoted_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = load_survey(BASE)
    monkeypatch.chdir(tmp_path)
    header = ["wave", *(i.id for i in survey.items)]
    rows = [["2025-H1", *(["3"] * len(survey.items))] for _ in range(3)]
    rows[1][1] = "+9"
    Path("range.csv").write_text(
        "\n".join(",".join(row) for row in [header, *rows]) + "\n", encoding="utf-8"
    )
    assert _error(Path("range.csv"), survey).message("en") == (
        'range.csv row 3, column inn1: an answer must be a whole number from 1 to 5 (got "+9")'
    )


def test_parquet_and_xlsx_read_like_csv(
    survey: Survey, sample: pd.DataFrame, csv_file: Path, tmp_path: Path
) -> None:
    from_csv = read_responses(csv_file, survey)
    text = _text_table(sample)
    # Text columns, as a BI tool exports them.
    pq.write_table(pa.Table.from_pandas(text, preserve_index=False), tmp_path / "text.parquet")
    # Typed columns: answers as nullable integers, demographics as dictionaries.
    typed = pa.table(
        {
            name: (
                pa.array(sample[name].to_numpy(), pa.float64(), from_pandas=True).cast(pa.int8())
                if sample[name].dtype == np.float64
                else pa.array(text[name].tolist(), pa.string()).dictionary_encode()
            )
            for name in sample.columns
        }
    )
    pq.write_table(typed, tmp_path / "typed.parquet", row_group_size=64)
    book = openpyxl.Workbook()
    book.active.append(list(text.columns))
    for row in text.itertuples(index=False):
        book.active.append(list(row))
    book.save(tmp_path / "responses.xlsx")
    assert xlsx_reader._calamine_can_read(tmp_path / "responses.xlsx")  # not openpyxl's reading
    for name in ("text.parquet", "typed.parquet", "responses.xlsx"):
        pd.testing.assert_frame_equal(read_responses(tmp_path / name, survey), from_csv)


def test_calamine_and_openpyxl_read_a_sheet_alike(tmp_path: Path) -> None:
    """Numbers, dates, booleans, blanks and gaps give the cell texts openpyxl's reading gives."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["wave", 3, 3.0, 3.5, True, dt.datetime(2025, 1, 2, 3, 4), dt.date(2025, 1, 2)])
    sheet.append([dt.time(12, 30), "", None, "x", -0.0, 1e20, 0.1, "  sp ", "줄\n바꿈", 10**15])
    sheet.append([None])
    sheet["D6"] = "later"
    book.save(tmp_path / "cells.xlsx")
    path = tmp_path / "cells.xlsx"
    assert xlsx_reader._calamine_can_read(path)
    read = xlsx_reader._read_xlsx_calamine(path, "cells.xlsx")
    assert read == xlsx_reader._read_xlsx_openpyxl(path, "cells.xlsx")
    assert read[0][1:3] == ["3", "3"] and read[1][5] == "1e+20"


@pytest.mark.parametrize(
    "cells",
    [
        '<c r="A1"><f>2+2</f></c>',  # a formula: openpyxl keeps its text
        '<c r="A1" t="e"><v>#N/A</v></c>',  # an error: calamine reads a blank
        '<c t="n"><v>3</v></c>',  # no place
        '<c r="a1"><v>3</v></c>',  # a place spelled otherwise
        '<c\nr="ZZ150000"><v>3</v></c>',  # a place after a line break
        '<x:c r="ZZ150000"><v>3</v></x:c>',  # a prefix
        '<c r="A1"><v>1</v></c></row><row r="150000"><c r="ZZ150000"><v>1</v></c>',  # a far grid
        '<c r="A1"><v>1</v></c><c r="A150000"><v>1</v></c>',  # a cell below the rows named
        '<c r="A1"><v>1</v></c><c r="CZ1"><v>1</v></c></row><row r="2"><c r="EA2"><v>1</v></c>',
    ],
)
def test_what_calamine_reads_otherwise_goes_to_openpyxl(tmp_path: Path, cells: str) -> None:
    """Calamine holds a sheet as a grid from A1: a 5 KB file could ask gigabytes of it."""
    book = openpyxl.Workbook()
    book.active.append(["wave"])
    book.save(tmp_path / "template.xlsx")
    path = tmp_path / "odd.xlsx"
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    )
    with (
        zipfile.ZipFile(tmp_path / "template.xlsx") as old,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for member in old.infolist():
            sheet = member.filename == "xl/worksheets/sheet1.xml"
            new.writestr(member, xml if sheet else old.read(member.filename))
    assert not xlsx_reader._calamine_can_read(path)


def _error(path: Path, survey: Survey) -> SurveyError:
    with pytest.raises(SurveyError) as caught:
        read_responses(path, survey)
    return caught.value


def test_parquet_answers_are_validated_with_located_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = load_survey(BASE)
    monkeypatch.chdir(tmp_path)
    columns = {"wave": ["2025-H1"] * 3, **{i.id: [3.0, 3.5, None] for i in survey.items}}
    columns["dept"] = ["planning", "sales", None]
    pq.write_table(pa.table(columns), "bad.parquet")
    error = _error(Path("bad.parquet"), survey)
    english = error.message("en").splitlines()
    assert (
        'bad.parquet row 3, column dept: not an option of the survey: "sales"'
        " (options: planning, data)"
    ) in english
    assert english[0] == (
        'bad.parquet row 3, column inn1: an answer must be a whole number from 1 to 5 (got "3.5")'
    )
    assert error.message("ko").splitlines()[0] == (
        'bad.parquet row 3, column inn1: 응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "3.5")'
    )


def test_a_malformed_parquet_file_is_refused(
    survey: Survey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("broken.parquet").write_bytes(b"PAR1 this is not really parquet PAR1")
    error = _error(Path("broken.parquet"), survey)
    assert error.problems[0].key == "responses.parquet_error"
    assert error.message("en").startswith("broken.parquet: cannot read the Parquet file: ")
    assert error.message("ko").startswith("broken.parquet: Parquet 파일을 읽을 수 없습니다: ")


def test_a_column_of_the_wrong_type_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = load_survey(BASE)
    monkeypatch.chdir(tmp_path)
    columns = {"wave": ["2025-H1"], **{i.id: [3] for i in survey.items}}
    columns["inn1"] = [[1, 2]]
    pq.write_table(pa.table(columns), "lists.parquet")
    error = _error(Path("lists.parquet"), survey)
    assert error.message("en") == (
        "lists.parquet column inn1: this column's type (list<element: int64>) cannot be read;"
        " it must hold text or numbers"
    )
    assert error.message("ko") == (
        "lists.parquet column inn1: 이 열의 형식(list<element: int64>)은 읽을 수 없습니다."
        " 텍스트나 숫자 열이어야 합니다"
    )


def test_the_report_command_reads_parquet(
    survey: Survey, sample: pd.DataFrame, csv_file: Path, tmp_path: Path
) -> None:
    parquet = tmp_path / "responses.parquet"
    pq.write_table(pa.Table.from_pandas(_text_table(sample), preserve_index=False), parquet)

    def report(path: Path) -> str:
        done = subprocess.run(
            [
                *(sys.executable, "-m", "scoring", "report"),
                *("--survey", str(REPO / "questions.yaml"), "--responses", str(path)),
                *("--lang", "en"),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, "")
        return done.stdout

    assert report(parquet) == report(csv_file)


def test_the_microdata_export_is_off_by_default_allowed_by_role_and_audited(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path, capsys
) -> None:
    """``python -m survey export --format parquet``: refused until CULTURE_MICRODATA_ROLES
    lists admin, then a k-anonymous file without comments that reads back, in the audit log."""
    from scoring.microdata import class_sizes
    from survey import cli, cli_demo
    from survey.store import Store

    monkeypatch.setenv("CULTURE_DB_URL", sqlite_url)
    monkeypatch.delenv("CULTURE_SURVEY", raising=False)
    monkeypatch.delenv("CULTURE_MICRODATA_ROLES", raising=False)
    store = Store()
    cli_demo.seed_demo(store, n=60)
    out = tmp_path / "responses.parquet"
    argv = ["--lang", "en", "export", "--wave", "2026-H1", "--format", "parquet"]
    for roles in (None, "hr,youth_panel"):
        if roles is not None:
            monkeypatch.setenv("CULTURE_MICRODATA_ROLES", roles)
        assert cli.main([*argv, "--out", str(out)]) == 1
        err = capsys.readouterr().err
        assert "exporting individual responses (microdata) is off" in err and not out.exists()
    assert not [e for e in store.list_audit() if e.action == "export.parquet"]
    monkeypatch.setenv("CULTURE_MICRODATA_ROLES", "hr, admin")
    assert cli.main([*argv, "--out", str(out)]) == 0
    capsys.readouterr()
    audited = [e for e in store.list_audit() if e.action == "export.parquet"]
    assert [(e.user, e.detail["wave"]) for e in audited] == [("cli", "2026-H1")]
    survey = store.survey
    table = pq.read_table(out).to_pandas()
    assert not {c.id for c in survey.comments} & set(table.columns)
    names = [d.id for d in survey.demographics]
    back = read_responses(out, survey)
    assert len(back) == len(store.load_wave("2026-H1"))
    assert class_sizes(back, names).min() >= survey.min_group_size
