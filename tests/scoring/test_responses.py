"""Tests for scoring/responses.py: reading response files, the frame layout, submitted answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from scoring.responses import empty_frame, frame_from_table, read_responses, validate_answers
from tests.scoring_helpers import BASE_COLUMNS

DATA = Path(__file__).resolve().parents[1] / "data"
RESPONSES = DATA / "responses"
# The columns of tests/data/surveys/base.yaml, in its order.
HEADER = list(BASE_COLUMNS)
GOOD_ROW = ["2025-H1", "planning", "age_young", "5", "1", "4", "4", "3", "5", "10", "", ""]


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(DATA / "surveys" / "base.yaml")


def table(*rows: list[str], header: list[str] = HEADER) -> pd.DataFrame:
    return pd.DataFrame([list(row) for row in rows], columns=header, dtype=object)


def row_with(**cells: str) -> list[str]:
    row = list(GOOD_ROW)
    for name, value in cells.items():
        row[HEADER.index(name)] = value
    return row


def error_of(call, *args) -> SurveyError:
    with pytest.raises(SurveyError) as caught:
        call(*args)
    return caught.value


def assert_frame_layout(frame: pd.DataFrame, survey: Survey) -> None:
    assert tuple(frame.columns) == survey.columns
    for demographic in survey.demographics:
        column = frame[demographic.id]
        assert isinstance(column.dtype, pd.CategoricalDtype)
        assert list(column.cat.categories) == [o.id for o in demographic.options]
    for name in [i.id for i in survey.items] + [o.id for o in survey.outcomes]:
        assert frame[name].dtype == np.float64
    for comment in survey.comments:
        assert frame[comment.id].dtype == object
    assert frame["wave"].notna().all()


# ---------------------------------------------------------------- reading files


def test_csv_is_read_into_the_response_frame(survey: Survey) -> None:
    frame = read_responses(RESPONSES / "good.csv", survey)
    assert_frame_layout(frame, survey)
    assert len(frame) == 4  # the blank line is no response
    assert list(frame["wave"]) == ["2025-H1", "2025-H1", "2025-H2", "2025-H2"]
    assert frame["dept"].tolist()[:2] == ["planning", "data"]
    assert frame["age"].isna().tolist() == [False, True, False, True]
    assert frame["voi1"].tolist() == [4.0, 3.0, 2.0, 3.0]  # " 3 " is 3
    assert frame["voi2"].tolist()[1] == 3.0  # "3.0" is 3
    assert np.isnan(frame["bal1"].iloc[1])
    assert frame["rec"].tolist() == [10.0, 7.0, 0.0, 5.0]
    assert frame["good"].tolist() == ["함께 배우는 문화가 좋습니다", None, None, None]
    assert frame["change"].iloc[1] == "회의가 길고,\n보고 단계가 많습니다"
    assert frame["change"].iloc[3] is None  # blanks only: no comment


def test_bom_and_crlf_read_the_same(survey: Survey) -> None:
    assert (RESPONSES / "good_bom.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    plain = read_responses(RESPONSES / "good.csv", survey)
    bom = read_responses(RESPONSES / "good_bom.csv", survey)
    pd.testing.assert_frame_equal(plain, bom)


def test_xlsx_reads_like_csv(survey: Survey, tmp_path: Path) -> None:
    plain = read_responses(RESPONSES / "good.csv", survey)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in plain.itertuples(index=False):
        sheet.append([None if pd.isna(v) else v for v in row])
    sheet.append([])  # Excel users leave blank rows behind
    path = tmp_path / "responses.xlsx"
    book.save(path)
    pd.testing.assert_frame_equal(read_responses(path, survey), plain)


def test_xlsx_problem_rows_are_the_sheet_rows(survey: Survey, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["2025-H1", "planning", None, 5, 1, 4, 4, 3, 5, 10])
    sheet.append([])
    sheet.append(["2025-H1", "planning", None, 4.5, 1, 4, 4, 3, 5, 10])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    error = error_of(read_responses, path, survey)
    assert error.problems[0].place == "row 4, column inn1"
    assert "bad.xlsx row 4, column inn1: " in error.message("en")


# Each kind of bad cell in tests/data/responses/bad_cells.csv: (row, column, key, shown value)
BAD_CELLS = [
    (3, "wave", "responses.blank_wave", None),
    (4, "dept", "responses.bad_option", '"sales"'),
    (5, "inn1", "responses.bad_answer", '"3.5"'),
    (6, "inn2", "responses.bad_answer", '"abc"'),
    (7, "voi1", "responses.bad_answer", '"6"'),
    (8, "voi2", "responses.bad_answer", '"0"'),
    (9, "sat", "responses.bad_answer", '"6"'),
    (10, "rec", "responses.bad_answer", '"11"'),
    (11, "good", "responses.comment_too_long", None),
]


@pytest.fixture(scope="module")
def bad_cells(survey: Survey) -> SurveyError:
    return error_of(read_responses, RESPONSES / "bad_cells.csv", survey)


@pytest.mark.parametrize(("row", "column", "key", "shown"), BAD_CELLS)
def test_each_bad_cell_names_row_and_column(
    bad_cells: SurveyError, row: int, column: str, key: str, shown: str | None
) -> None:
    place = f"row {row}, column {column}"
    problem = next(p for p in bad_cells.problems if p.place == place)
    assert problem.key == key
    line = next(line for line in bad_cells.message("ko").splitlines() if place in line)
    assert line.startswith(f"{RESPONSES / 'bad_cells.csv'} {place}: ")
    if shown is not None:
        assert shown in line


def test_bad_cells_are_reported_in_file_order(bad_cells: SurveyError) -> None:
    assert bad_cells.total == len(BAD_CELLS)
    assert [p.place for p in bad_cells.problems] == [
        f"row {r}, column {c}" for r, c, _, _ in BAD_CELLS
    ]


def test_bad_cell_messages_say_what_is_allowed(bad_cells: SurveyError) -> None:
    english = bad_cells.message("en")
    assert 'an answer must be a whole number from 0 to 10 (got "11")' in english
    assert 'not an option of the survey: "sales" (options: planning, data)' in english
    assert "the comment is too long (25 characters, at most 20)" in english
    korean = bad_cells.message("ko")
    assert '응답은 1에서 5 사이의 정수여야 합니다 (현재 값: "3.5")' in korean


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("inn1", "1"),
        ("inn1", "5"),
        ("inn1", " 2 "),
        ("inn1", "4.0"),
        ("sat", "1"),
        ("rec", "0"),
        ("rec", "10"),
        ("dept", "data"),
        ("age", ""),
        ("good", "x" * 20),
    ],
)
def test_cells_at_the_edges_are_accepted(survey: Survey, column: str, value: str) -> None:
    frame = frame_from_table(table(row_with(**{column: value})), survey)
    assert len(frame) == 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("inn1", "0"),
        ("inn1", "-1"),
        ("inn1", "2.5"),
        ("inn1", "1e9"),
        ("inn1", "nan"),
        ("inn1", "inf"),
        ("inn1", "true"),
        ("sat", "0"),
        ("rec", "-1"),
        ("rec", "10.5"),
        ("dept", "Planning"),
        ("age", "30-34"),
        ("good", "x" * 21),
        ("change", "a\x00b"),
    ],
)
def test_cells_past_the_edges_are_refused(survey: Survey, column: str, value: str) -> None:
    error = error_of(frame_from_table, table(row_with(**{column: value})), survey, "t.csv")
    assert [p.place for p in error.problems] == [f"row 2, column {column}"]


def test_column_problems(survey: Survey) -> None:
    header = [h for h in HEADER if h not in ("inn2", "wave")] + ["extra", "dept"]
    rows = [
        [c for h, c in zip(HEADER, GOOD_ROW, strict=True) if h not in ("inn2", "wave")] + ["", ""]
    ]
    error = error_of(frame_from_table, table(*rows, header=header), survey, "r.csv")
    messages = error.message("en").splitlines()
    assert "r.csv column extra: the survey has no column extra" in messages
    assert "r.csv column dept: the column dept appears twice" in messages
    assert "r.csv: 2 required column(s) missing: wave, inn2" in messages


def test_optional_columns_may_be_absent(survey: Survey) -> None:
    keep = ["wave", "inn1", "inn2", "voi1", "voi2", "bal1"]
    rows = [[c for h, c in zip(HEADER, GOOD_ROW, strict=True) if h in keep]]
    frame = frame_from_table(table(*rows, header=keep), survey)
    assert_frame_layout(frame, survey)
    assert frame["dept"].isna().all() and frame["sat"].isna().all() and frame["good"].isna().all()


def test_unnamed_columns(survey: Survey) -> None:
    # Spreadsheets add empty unnamed columns; one with values is a mistake.
    empty = frame_from_table(table([*GOOD_ROW, ""], header=[*HEADER, ""]), survey)
    assert len(empty) == 1
    error = error_of(frame_from_table, table([*GOOD_ROW, "x"], header=[*HEADER, ""]), survey)
    assert error.problems[0].key == "responses.blank_header"
    assert error.problems[0].place == "column #13"


def test_table_with_nan_cells(survey: Survey) -> None:
    row = [np.nan if v == "" else v for v in GOOD_ROW]
    frame = frame_from_table(table(row), survey)
    assert frame["good"].iloc[0] is None


@pytest.mark.parametrize(
    ("content", "key"),
    [
        pytest.param(b"", "responses.empty", id="empty file"),
        pytest.param(",".join(HEADER).encode() + b"\n", "responses.no_rows", id="header only"),
        pytest.param(
            ",".join(HEADER).encode() + b"\n\n,,,\n", "responses.no_rows", id="blank rows"
        ),
        pytest.param(b"wave,inn1\n2025-H1,1,2\n", "responses.ragged_row", id="ragged row"),
    ],
)
def test_files_without_responses(survey: Survey, tmp_path: Path, content: bytes, key: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    error = error_of(read_responses, path, survey)
    assert error.problems[0].key == key
    assert error.message("ko").startswith(str(path))


def test_ragged_row_names_the_row(survey: Survey, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        ",".join(HEADER) + "\n" + ",".join(GOOD_ROW) + "\n" + ",".join(GOOD_ROW) + ",x\n"
    )
    error = error_of(read_responses, path, survey)
    assert (
        error.message("en")
        == f"{path} row 3: the header has 12 columns but this row holds 13 values"
    )


def test_unreadable_files(survey: Survey, tmp_path: Path) -> None:
    assert error_of(read_responses, RESPONSES / "cp949.csv", survey).problems[0].key == (
        "responses.not_utf8"
    )
    assert "CSV UTF-8" in error_of(read_responses, RESPONSES / "cp949.csv", survey).message("ko")
    assert (
        error_of(read_responses, tmp_path / "none.csv", survey).problems[0].key == "file.not_found"
    )
    other = tmp_path / "r.json"
    other.write_text("{}")
    assert error_of(read_responses, other, survey).problems[0].key == "responses.unknown_format"
    fake = tmp_path / "r.xlsx"
    fake.write_text(",".join(HEADER))
    assert error_of(read_responses, fake, survey).problems[0].key == "responses.xlsx_error"


def test_problems_beyond_twenty_are_counted(survey: Survey) -> None:
    rows = [row_with(inn1="9", voi1="x") for _ in range(15)]
    error = error_of(frame_from_table, table(*rows), survey, "r.csv")
    assert error.total == 30
    assert len(error.problems) == 20
    # row-major order: both cells of a row, then the next row
    assert [p.place for p in error.problems[:3]] == [
        "row 2, column inn1",
        "row 2, column voi1",
        "row 3, column inn1",
    ]
    assert error.message("ko").splitlines()[-1] == "외 10건 더"
    assert error.message("en").splitlines()[-1] == "and 10 more"


def test_many_rows_count_every_bad_cell(survey: Survey) -> None:
    """100,000 rows with random bad cells: the count agrees with a count made by hand."""
    rng = np.random.default_rng(7)
    n = 100_000
    cells = {name: rng.choice(["1", "2", "3", "4", "5", ""], n).astype(object) for name in HEADER}
    cells["wave"] = np.full(n, "2025-H1", dtype=object)
    cells["dept"] = rng.choice(["planning", "data", ""], n).astype(object)
    cells["age"] = np.full(n, "", dtype=object)
    cells["rec"] = rng.choice([str(v) for v in range(11)], n).astype(object)
    cells["good"] = cells["change"] = np.full(n, "", dtype=object)
    bad_rows = rng.choice(n, 37, replace=False)
    cells["voi2"][bad_rows] = "7"
    frame = pd.DataFrame(cells)
    error = error_of(frame_from_table, frame, survey, "big.csv")
    assert error.total == 37
    first = sorted(bad_rows)[:20]
    assert [p.place for p in error.problems] == [f"row {r + 2}, column voi2" for r in first]
    cells["voi2"][bad_rows] = "2"
    result = frame_from_table(pd.DataFrame(cells), survey)
    assert len(result) == n
    expected = pd.to_numeric(pd.Series(cells["inn1"]).replace("", np.nan))
    np.testing.assert_array_equal(result["inn1"].to_numpy(), expected.to_numpy())


def test_empty_frame(survey: Survey) -> None:
    frame = empty_frame(survey)
    assert len(frame) == 0
    assert_frame_layout(frame, survey)


# ---------------------------------------------------------------- one submitted response


def test_validate_answers_normalizes(survey: Survey) -> None:
    answers = {
        "dept": "data",
        "age": None,
        "inn1": 5,
        "inn2": "2",
        "voi1": 3.0,
        "voi2": "",
        "sat": np.int64(4),
        "rec": 0,
        "good": "  좋습니다\r\n정말로  ",
        "change": "   ",
    }
    result = validate_answers(survey, answers)
    assert list(result) == list(survey.columns[1:])
    assert result == {
        "dept": "data",
        "age": None,
        "inn1": 5,
        "inn2": 2,
        "voi1": 3,
        "voi2": None,
        "bal1": None,
        "sat": 4,
        "rec": 0,
        "good": "좋습니다\n정말로",
        "change": None,
    }
    assert all(type(result[k]) is int for k in ("inn1", "inn2", "voi1", "sat", "rec"))


def test_validate_answers_accepts_nothing_answered(survey: Survey) -> None:
    assert set(validate_answers(survey, {}).values()) == {None}


@pytest.mark.parametrize(
    ("answers", "place", "key"),
    [
        ({"inn9": 3}, "inn9", "responses.unknown_answer"),
        ({"wave": "2025-H1"}, "wave", "responses.unknown_answer"),
        ({"inn1": 6}, "inn1", "responses.bad_answer"),
        ({"inn1": 0}, "inn1", "responses.bad_answer"),
        ({"inn1": 3.5}, "inn1", "responses.bad_answer"),
        ({"inn1": True}, "inn1", "responses.bad_answer"),
        ({"inn1": "abc"}, "inn1", "responses.bad_answer"),
        ({"inn1": [3]}, "inn1", "responses.bad_answer"),
        ({"inn1": float("inf")}, "inn1", "responses.bad_answer"),
        ({"sat": 0}, "sat", "responses.bad_answer"),
        ({"rec": 11}, "rec", "responses.bad_answer"),
        ({"rec": -1}, "rec", "responses.bad_answer"),
        ({"dept": "sales"}, "dept", "responses.bad_option"),
        ({"dept": 1}, "dept", "responses.bad_option"),
        ({"age": "age_young; DROP TABLE"}, "age", "responses.bad_option"),
        ({"good": "x" * 21}, "good", "responses.comment_too_long"),
        ({"good": 42}, "good", "responses.not_text"),
        ({"change": "a\x00b"}, "change", "responses.bad_character"),
    ],
)
def test_validate_answers_refuses_forged_values(
    survey: Survey, answers: dict, place: str, key: str
) -> None:
    error = error_of(validate_answers, survey, answers)
    assert [(p.place, p.key) for p in error.problems] == [(place, key)]
    assert error.message("en").startswith(f"{place}: ")


def test_validate_answers_reports_every_problem(survey: Survey) -> None:
    error = error_of(validate_answers, survey, {"inn1": 9, "dept": "x", "zzz": 1, "good": "y" * 50})
    assert error.total == 4
    assert "the comment is too long (50 characters, at most 20)" in error.message("en")
