"""Fuzzing the response importer and the form's server-side checks with hypothesis.

What it attacks: `scoring.responses.read_responses` on generated CSV bytes
(shuffled, repeated and unknown headers, ragged rows, quotes, NUL, BOM, CP949,
raw bytes, numbers written every way Python's ``float`` accepts),
`scoring.responses.frame_from_table` on generated tables of strings,
`scoring.responses.validate_answers` on forged answer mappings (any key, and
values of every type a request could be made to carry), and the form's whole
server-side path, `survey.form.submit` into `survey.store.Store.submit` on a
real SQLite database.

What must hold: no exception but `SurveyError` escapes; whatever is accepted
keeps the response-frame contract (columns, dtypes, whole numbers in range,
known options, comments within their length and free of NUL); a refused
submission stores nothing, an accepted one stores exactly its normalized
answers. The number of examples each test ran is printed and written to
test-output/fuzz_counts.txt. Examples are derandomized so that CI runs the
same ones every time.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from scoring.responses import frame_from_table, read_responses, validate_answers
from survey import form
from survey.store import Store

pytestmark = pytest.mark.reliability

REPO = Path(__file__).resolve().parents[2]
SURVEY = load_survey(REPO / "tests" / "data" / "broken_imports" / "survey.yaml")
WAVE = "2025-H1"
EXAMPLES = 300
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

DEMOGRAPHICS = {d.id: [o.id for o in d.options] for d in SURVEY.demographics}
SCALES = {i.id: (1, SURVEY.points) for i in SURVEY.items} | {
    o.id: (o.low, o.high) for o in SURVEY.outcomes
}
COMMENTS = {c.id: c.max_length for c in SURVEY.comments}
FIELDS = [*DEMOGRAPHICS, *SCALES, *COMMENTS]

# Cell texts that sit on the edge of what an answer is.
TRICKY = (
    "", " ", "3", "3.0", " 4 ", "+3", "-0", "0", "5", "6", "10", "11", "-1", "3.5",
    "1e0", "0x3", "1_0", "٣", "５", "nan", "NaN", "inf", "-inf", "4.0000000000000001",
    "=1+2", "@SUM(A1)", '"', ",", "\n", "\r\n", "\x00", "\ufeff", "yes", "PLANNING",
    "planning ", "age_young\x00", "2025-H1", "wave", "x" * 25,
)  # fmt: skip
HEADERS = (*SURVEY.columns, "", "salary", "Wave", " inn1", "\ufeffwave", "inn1 ")


def _record(output_dir: Path, test: str, examples: int, accepted: int) -> None:
    """Print a test's example counts and keep them in test-output/fuzz_counts.txt."""
    path = output_dir / "fuzz_counts.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.split(" ", 1)[0] != test]
    line = f"{test} examples={examples} accepted={accepted} refused={examples - accepted}"
    path.write_text("\n".join(sorted([*kept, line])) + "\n", encoding="utf-8")
    print(line)


def _counted(output_dir: Path, test: str, run: Callable[[list[int]], None]) -> None:
    """Run `run` with a counter [examples, accepted] and record what it counted."""
    counter = [0, 0]
    run(counter)
    # Both outcomes must have been explored, or the strategies are too narrow.
    assert counter[0] >= EXAMPLES and 0 < counter[1] < counter[0]
    _record(output_dir, test, counter[0], counter[1])


# ---------------------------------------------------------------- the contract


def _check_frame(frame: pd.DataFrame, survey: Survey, rows_given: int) -> None:
    """Everything an accepted file or submission may produce."""
    assert list(frame.columns) == list(survey.columns)
    assert len(frame) <= rows_given
    assert all(isinstance(w, str) and w.strip() == w and w for w in frame["wave"])
    for demographic, options in DEMOGRAPHICS.items():
        assert isinstance(frame[demographic].dtype, pd.CategoricalDtype)
        assert list(frame[demographic].cat.categories) == options
    for name, (low, high) in SCALES.items():
        assert frame[name].dtype == np.float64
        values = frame[name].dropna().to_numpy()
        assert np.all(values == np.round(values)) and np.all((values >= low) & (values <= high))
    for name, limit in COMMENTS.items():
        for text in frame[name]:
            assert text is None or (isinstance(text, str) and 0 < len(text) <= limit)
            assert text is None or "\x00" not in text


def _check_answers(result: Mapping[str, object], given: Mapping[object, object]) -> None:
    """The normalized answers of one accepted submission."""
    assert list(result) == FIELDS
    for name, value in result.items():
        raw = given.get(name)
        if name in DEMOGRAPHICS:
            assert value is None or value in DEMOGRAPHICS[name]
        elif name in SCALES:
            low, high = SCALES[name]
            assert value is None or (type(value) is int and low <= value <= high)
            if type(raw) is int and low <= raw <= high:
                assert value == raw
        else:
            assert value is None or (
                isinstance(value, str)
                and 0 < len(value) <= COMMENTS[name]
                and value == value.strip()
                and "\x00" not in value
            )
        if name not in given:
            assert value is None


# ---------------------------------------------------------------- response files


def _valid_cells(column: str) -> list[str]:
    """The texts a correct file may hold in `column` (blank is always allowed)."""
    valid = [WAVE] if column == "wave" else [""]
    valid += DEMOGRAPHICS.get(column, [])
    if column in SCALES:
        low, high = SCALES[column]
        valid += [str(v) for v in range(low, high + 1)]
    if column in COMMENTS:
        valid += ["좋아요", "회의가 너무 많습니다", "=SUM(A1)"]
    return valid


@st.composite
def _cell(draw: st.DrawFn, column: str, careful: bool) -> str:
    """A cell: in a careful file mostly correct, otherwise anything."""
    if careful and draw(st.integers(0, 39)):
        return draw(st.sampled_from(_valid_cells(column)))
    return draw(st.one_of(st.sampled_from(TRICKY), st.text(max_size=30)))


@st.composite
def csv_bytes(draw: st.DrawFn) -> tuple[bytes, int]:
    """A response file's bytes and how many data rows it has.

    Half the files are careful (the survey's columns in any order, cells
    mostly correct, UTF-8); the others have any header, ragged rows, any
    encoding and stray bytes.
    """
    careful = draw(st.booleans())
    if careful:
        header = draw(st.permutations(SURVEY.columns))
    else:
        header = draw(st.lists(st.sampled_from(HEADERS), max_size=12))
    rows = []
    for _ in range(draw(st.integers(int(careful), 6))):
        cells = [draw(_cell(column, careful)) for column in header]
        if not careful:
            cells += draw(st.lists(st.sampled_from(TRICKY), max_size=1))
            if cells and draw(st.integers(0, 9)) == 0:
                cells.pop()
        rows.append(cells)
    out = io.StringIO()
    end = draw(st.sampled_from(["\n", "\r\n"]))
    if careful or draw(st.booleans()):
        csv.writer(out, lineterminator=end).writerows([header, *rows])
    else:
        out.write(end.join(",".join(line) for line in [header, *rows]))
    encodings = ["utf-8", "utf-8-sig"] + ([] if careful else ["cp949"])
    data = out.getvalue().encode(draw(st.sampled_from(encodings)), errors="replace")
    if not careful and draw(st.integers(0, 2)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data, len(rows)


def test_the_importer_on_generated_csv(tmp_path: Path, output_dir: Path) -> None:
    path = tmp_path / "responses.csv"

    def run(counter: list[int]) -> None:
        @FUZZ
        @given(csv_bytes())
        @example((b"", 0))
        @example(("wave,inn1,inn2,voi1\n2025-H1,1_0,\xd9\xa3,\n".encode(), 1))
        def attack(case: tuple[bytes, int]) -> None:
            counter[0] += 1
            data, rows = case
            path.write_bytes(data)
            try:
                frame = read_responses(path, SURVEY)
            except SurveyError as error:
                assert error.problems
                assert all("\n" not in p.message("en") for p in error.problems)
                return
            counter[1] += 1
            _check_frame(frame, SURVEY, rows)

        attack()

    _counted(output_dir, "importer_csv_bytes", run)


@st.composite
def tables(draw: st.DrawFn) -> tuple[pd.DataFrame, int]:
    """An already-read table of strings (blank as "", None or NaN); half of them careful."""
    careful = draw(st.booleans())
    if careful:
        header = list(draw(st.permutations(SURVEY.columns)))
    else:
        header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=12))
    rows = draw(st.integers(int(careful), 5))
    blank = st.sampled_from([None, math.nan, ""])
    columns = [
        [draw(st.one_of(_cell(column, careful), blank)) for _ in range(rows)] for column in header
    ]
    table = pd.DataFrame(dict(enumerate(columns)), index=range(rows), dtype=object)
    table.columns = header
    return table, rows


def test_the_importer_on_generated_tables(output_dir: Path) -> None:
    def run(counter: list[int]) -> None:
        @FUZZ
        @given(tables())
        def attack(case: tuple[pd.DataFrame, int]) -> None:
            counter[0] += 1
            table, rows = case
            try:
                frame = frame_from_table(table, SURVEY, "table.csv")
            except SurveyError as error:
                assert error.problems
                return
            counter[1] += 1
            _check_frame(frame, SURVEY, rows)

        attack()

    _counted(output_dir, "importer_tables", run)


# ---------------------------------------------------------------- submitted answers

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(TRICKY),
    st.sampled_from([o for options in DEMOGRAPHICS.values() for o in options]),
    st.just(form.NO_ANSWER),
    st.decimals(),
    st.fractions(),
    st.integers(-20, 20).map(np.int64),
    st.floats().map(np.float64),
    st.just(pd.NA),
    st.binary(max_size=4),
    st.lists(st.integers(0, 6), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
)
ANY_KEY = st.one_of(
    st.sampled_from(FIELDS),
    st.sampled_from(["wave", "", "inn1 ", "INN1", "__proto__", "rowid"]),
    st.text(max_size=8),
    st.integers(),
    st.none(),
)


@st.composite
def complete_answers(draw: st.DrawFn) -> dict[str, object]:
    """A valid answer to every question, as the form gives them."""
    answers: dict[str, object] = {}
    for name, options in DEMOGRAPHICS.items():
        answers[name] = draw(st.sampled_from([*options, form.NO_ANSWER]))
    for name, (low, high) in SCALES.items():
        answers[name] = draw(st.integers(low, high))
    for name, limit in COMMENTS.items():
        answers[name] = draw(st.text(max_size=limit + 2))
    return answers


@st.composite
def submissions(draw: st.DrawFn) -> dict[object, object]:
    """Valid answers with a few forged entries, or a forged mapping outright."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.dictionaries(ANY_KEY, ANY_VALUE, max_size=8))
    answers: dict[object, object] = dict(draw(complete_answers()))
    for _ in range(draw(st.integers(0, 2))):
        answers[draw(ANY_KEY)] = draw(ANY_VALUE)
    return answers


HUGE = 10**5000  # more digits than Python turns into text by default


def test_a_number_too_long_to_print_is_refused_with_a_message(sqlite_url: str) -> None:
    """Python refuses to turn an int of over 4,300 digits into text; the message must not."""
    for answers in ({"inn1": HUGE}, {"rec": -HUGE}, {"dept": HUGE}, {"good": HUGE}):
        with pytest.raises(SurveyError) as caught:
            validate_answers(SURVEY, answers)
        assert len(caught.value.message("en")) < 300
    store = Store(sqlite_url, SURVEY)
    store.create_wave(WAVE, "open")
    store.open_wave(WAVE)
    with pytest.raises(SurveyError):
        form.submit(store, WAVE, {"inn1": HUGE}, None)
    assert store.count(WAVE) == 0


def test_validate_answers_on_forged_submissions(output_dir: Path) -> None:
    def run(counter: list[int]) -> None:
        @FUZZ
        @given(submissions())
        @example({"rec": "1_0", "inn1": "٣", "dept": " data ", "good": "  \x00  "})
        @example({"inn1": Decimal("NaN"), "sat": Fraction(9, 2), "age": ["age_young"]})
        def attack(given_answers: dict[object, object]) -> None:
            counter[0] += 1
            try:
                result = validate_answers(SURVEY, given_answers)  # type: ignore[arg-type]
            except SurveyError as error:
                assert error.problems
                return
            counter[1] += 1
            _check_answers(result, given_answers)

        attack()

    _counted(output_dir, "validate_answers", run)


def _rows(frame: pd.DataFrame) -> list[tuple]:
    """Stored responses as sortable tuples (None for missing, ints for answers)."""

    def plain(value: object) -> object:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return int(value) if isinstance(value, float) else str(value)

    rows = frame[FIELDS].astype(object).itertuples(index=False, name=None)
    return sorted((tuple(plain(v) for v in row) for row in rows), key=repr)


def test_the_form_submit_path_stores_only_valid_answers(sqlite_url: str, output_dir: Path) -> None:
    store = Store(sqlite_url, SURVEY)
    store.create_wave(WAVE, "open")
    store.open_wave(WAVE)
    accepted: list[tuple] = []

    def run(counter: list[int]) -> None:
        @FUZZ
        @given(submissions())
        def attack(given_answers: dict[object, object]) -> None:
            counter[0] += 1
            before = store.count(WAVE)
            try:
                form.submit(store, WAVE, given_answers, None)  # type: ignore[arg-type]
            except SurveyError as error:
                assert error.problems
                assert store.count(WAVE) == before
                return
            assert store.count(WAVE) == before + 1
            counter[1] += 1
            expected = validate_answers(SURVEY, form.build_answers(SURVEY, given_answers))
            accepted.append(tuple(expected[name] for name in FIELDS))

        attack()

    _counted(output_dir, "form_submit", run)
    stored = store.load_wave(WAVE)
    _check_frame(stored, SURVEY, len(accepted))
    assert _rows(stored) == sorted(accepted, key=repr)
