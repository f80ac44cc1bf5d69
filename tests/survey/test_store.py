"""survey.store: waves, codes, responses and imports, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import DateTime, Integer, inspect, select, text
from sqlalchemy.types import Date, Time

from scoring.errors import SurveyError
from scoring.questionnaire import Option, Text, parse_survey
from scoring.responses import empty_frame
from survey import db, store_responses
from survey.db import metadata
from survey.store import CodeError, Store, StoreUnavailable, dispose
from tests.conftest import STORE_SURVEY

FULL = {
    "dept": "d2",
    "age": "young",
    "a1": 1,
    "a2": 5,
    "a3": 3,
    "b1": 4,
    "b2": 2,
    "sat": 5,
    "rec": 0,
    "good": "동료들이 잘 도와줍니다",
    "better": "회의가 줄면 좋겠습니다",
}


def _row(frame: pd.DataFrame, i: int = 0) -> dict[str, object]:
    """One frame row as the answers dict it came from (missing left out)."""
    out = {}
    for key, value in frame.iloc[i].items():
        if key == "wave" or value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        out[key] = int(value) if isinstance(value, float) else value
    return out


def _open_wave(store: Store, name: str = "2025-H2", mode: str = "open") -> str:
    store.create_wave(name, mode)
    store.open_wave(name)
    return name


# ---------------------------------------------------------------- responses


def test_round_trip_keeps_exactly_the_answers_given(store, store_survey):
    wave = _open_wave(store)
    partial = {"a1": "2", "b2": 5, "rec": 10, "dept": None, "good": "  "}
    store.submit(wave, FULL)
    store.submit(wave, partial)
    store.submit(wave, {})
    frame = store.load_wave(wave)
    assert list(frame.columns) == list(store_survey.columns)
    assert (frame.dtypes == empty_frame(store_survey).dtypes).all()
    assert (frame["wave"] == wave).all()
    rows = sorted((_row(frame, i) for i in range(len(frame))), key=len)
    assert rows == [{}, {"a1": 2, "b2": 5, "rec": 10}, FULL]


def test_forged_answers_are_refused_and_nothing_is_stored(store):
    wave = _open_wave(store)
    for forged in (
        {"a1": 6},
        {"rec": 11},
        {"a1": 0},
        {"dept": "d9"},
        {"salary": 3},
        {"good": "x" * 51},
        {"a1": "3; DROP TABLE responses"},
    ):
        with pytest.raises(SurveyError):
            store.submit(wave, forged)
    assert store.count(wave) == 0


def test_load_order_is_not_insertion_order(store):
    wave = _open_wave(store)
    # 60 responses in blocks of 12 equal a1 answers: sorted by insertion.
    for i in range(60):
        store.submit(wave, {"a1": i // 12 + 1})
    first = store.load_wave(wave)["a1"].tolist()
    assert sorted(first) == [float(i // 12 + 1) for i in range(60)]
    assert first != sorted(first)
    assert first != sorted(first, reverse=True)
    assert store.load_wave(wave)["a1"].tolist() == first  # random ids, but a stable order


def test_load_all_concatenates_waves_in_their_order(store, store_survey):
    assert len(store.load_all()) == 0
    assert list(store.load_all().columns) == list(store_survey.columns)
    for name in ("2025-H2", "2025-H1"):
        _open_wave(store, name)
        store.submit(name, {"a1": 1 if name == "2025-H1" else 2})
    frame = store.load_all()
    # The waves' order (Wave.position: the order they were created), not their ids'.
    assert frame["wave"].tolist() == ["2025-H2", "2025-H1"]
    assert frame["a1"].tolist() == [2.0, 1.0]
    assert isinstance(frame["dept"].dtype, pd.CategoricalDtype)


def test_a_wave_keeps_the_layout_it_was_opened_with(db_url, store_survey):
    # A later survey drops a2 and adds an option before d1: stored answers keep their meaning.
    store = Store(db_url, store_survey)
    wave = _open_wave(store)
    store.submit(wave, FULL)
    edited = STORE_SURVEY.replace("      - {id: a2, text: A2, reverse: true}\n", "")
    edited = edited.replace("options: [{id: d1,", "options: [{id: d0, label: D0}, {id: d1,")
    newer = Store(db_url, parse_survey(edited, "edited.yaml"))
    frame = newer.load_wave(wave)
    assert "a2" not in frame.columns
    assert frame.loc[0, "a1"] == 1 and frame.loc[0, "dept"] == "d2"
    assert list(frame["dept"].cat.categories) == ["d0", "d1", "d2", "d3"]
    with pytest.raises(SurveyError) as err:
        newer.submit(wave, {"dept": "d0"})
    assert "dept" in str(err.value)


def _decoded_row_by_row(store: Store, wave: str) -> pd.DataFrame:
    """A wave's stored rows in id order, each unpacked on its own from the layout
    in db.py's comment: the plain reading that the paged load must equal."""
    survey = store.survey
    with store.engine.connect() as connection:
        wave_id, layout = connection.execute(
            select(db.waves.c.id, db.waves.c.survey_layout).where(db.waves.c.name == wave)
        ).one()
        rows = connection.execute(
            select(db.responses.c.answers, db.responses.c.comments)
            .where(db.responses.c.wave_id == wave_id)
            .order_by(db.responses.c.id)
        ).all()
    records = []
    for answers, comments in rows:
        record, offset = {}, 0
        for column in layout["columns"]:
            code = int.from_bytes(answers[offset : offset + column["bytes"]], "little")
            offset += column["bytes"]
            if code and column["kind"] == "demographic":
                record[column["id"]] = column["options"][code - 1]
            elif code:
                record[column["id"]] = float(code - 1)
        assert offset == len(answers)
        record.update(json.loads(comments) if comments is not None else {})
        records.append(record)
    numeric = [i.id for i in survey.items] + [o.id for o in survey.outcomes]
    frame = {"wave": pd.Series([wave] * len(records), dtype=object)}
    for demographic in survey.demographics:
        frame[demographic.id] = pd.Categorical(
            [r.get(demographic.id) for r in records],
            categories=[option.id for option in demographic.options],
        )
    for cid in numeric:
        frame[cid] = pd.Series([r.get(cid, np.nan) for r in records], dtype=np.float64)
    for comment in survey.comments:
        frame[comment.id] = pd.Series([r.get(comment.id) for r in records], dtype=object)
    return pd.DataFrame(frame, columns=list(survey.columns))


def test_the_paged_load_equals_a_row_by_row_decode(db_url, store_survey, monkeypatch):
    from scoring.sample import generate

    # Pages of 7: waves of one page, of several, of an exact multiple, and empty.
    monkeypatch.setattr(store_responses, "_LOAD_PAGE", 7)
    store = Store(db_url, store_survey)
    collected = _open_wave(store, "2025-H2")
    for i in range(23):
        answers = {"a1": i % 5 + 1, "rec": i % 11, "dept": f"d{i % 3 + 1}" if i % 4 else None}
        if i % 3 == 0:
            answers["good"] = f'좋은 점 {i} "인용", 줄\n바꿈'
        if i % 5 == 0:
            answers["better"] = "null"
        store.submit(collected, answers if i % 6 else {})
    for name, n in (("2024-H2", 14), ("2025-H1", 5)):
        store.create_wave(name)
        store.import_responses(name, generate(store_survey, n, waves=1, seed=n, last_wave=name))
    store.create_wave("2026-H1")
    names = [w.name for w in store.list_waves()]
    expected = {name: _decoded_row_by_row(store, name) for name in names}
    assert [len(expected[name]) for name in names] == [23, 14, 5, 0]
    assert expected[collected]["good"].notna().sum() == 4
    assert (expected[collected]["better"] == "null").sum() == 4
    assert expected[collected]["a1"].isna().sum() == 4
    for name in names:
        pd.testing.assert_frame_equal(store.load_wave(name), expected[name], check_exact=True)
    pd.testing.assert_frame_equal(
        store.load_all(),
        pd.concat([expected[name] for name in names], ignore_index=True),
        check_exact=True,
    )
    # A survey edited since: a dropped item is left out, an option added before
    # the stored ones keeps each stored answer's meaning.
    edited = STORE_SURVEY.replace("      - {id: a2, text: A2, reverse: true}\n", "")
    edited = edited.replace("options: [{id: d1,", "options: [{id: d0, label: D0}, {id: d1,")
    newer = Store(db_url, parse_survey(edited, "edited.yaml"))
    pd.testing.assert_frame_equal(
        newer.load_wave(collected), _decoded_row_by_row(newer, collected), check_exact=True
    )
    # A demographic of 300 options takes two bytes: the columns after it shift.
    units = tuple(Option(f"u{j:03d}", Text(f"U{j}", f"U{j}")) for j in range(300))
    wide = replace(
        store_survey,
        demographics=tuple(
            replace(d, options=units) if d.id == "dept" else d for d in store_survey.demographics
        ),
    )
    store = Store(db_url, wide)
    frame = generate(wide, 30, waves=1, seed=9, last_wave="2026-H2")
    frame.loc[::4, "dept"] = None
    frame.loc[[1, 2], "dept"] = ["u299", "u255"]
    store.create_wave("2026-H2")
    store.import_responses("2026-H2", frame)
    expected = _decoded_row_by_row(store, "2026-H2")
    assert expected["dept"].isna().sum() >= 8
    assert {"u299", "u255"} <= set(expected["dept"].dropna())
    pd.testing.assert_frame_equal(store.load_wave("2026-H2"), expected, check_exact=True)


# ---------------------------------------------------------------- the schema


FORBIDDEN = re.compile(r"ip|agent|session|email|name|employee|created|time|date|user|cookie")


@pytest.mark.parametrize("table", ["responses", "access_codes"])
def test_schema_has_nothing_that_could_identify_a_respondent(store, table):
    inspector = inspect(store.engine)
    columns = inspector.get_columns(table)
    names = [c["name"] for c in columns]
    assert names, "table missing"
    for column in columns:
        assert not FORBIDDEN.search(column["name"].lower()), column["name"]
        assert not isinstance(column["type"], DateTime | Date | Time), column["name"]
        assert column.get("default") is None, f"{column['name']} has a default"
    primary = inspector.get_pk_constraint(table)["constrained_columns"]
    foreign = {c for fk in inspector.get_foreign_keys(table) for c in fk["constrained_columns"]}
    for name in primary:
        column = next(c for c in columns if c["name"] == name)
        # An integer key column must be the wave's foreign key, never a counter.
        assert not isinstance(column["type"], Integer) or name in foreign, name
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            sql = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
            ).scalar_one()
        assert "WITHOUT ROWID" in sql.upper()
    else:
        with store.engine.connect() as connection:
            sequences = connection.execute(
                text(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = :t "
                    "AND table_schema = current_schema() "
                    "AND (column_default IS NOT NULL OR is_identity = 'YES')"
                ),
                {"t": table},
            ).scalar_one()
        assert sequences == 0


def test_migrated_schema_matches_the_table_definitions(store):
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, metadata) == []
        assert context.get_current_revision() == "0005"


def test_construction_is_idempotent_and_engines_are_shared(db_url, store_survey):
    first = Store(db_url, store_survey)
    first.create_wave("2025-H1")
    assert Store(db_url, store_survey).engine is first.engine
    dispose(db_url)
    again = Store(db_url, store_survey)  # migrations run again on an up-to-date schema
    assert again.engine is not first.engine
    assert [w.name for w in again.list_waves()] == ["2025-H1"]


def test_url_and_survey_default_to_the_settings(tmp_path, monkeypatch):
    survey_file = tmp_path / "s.yaml"
    survey_file.write_text(STORE_SURVEY, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("CULTURE_DB_URL", url)
    monkeypatch.setenv("CULTURE_SURVEY", str(survey_file))
    try:
        store = Store()
        assert store.url == url
        assert store.survey.id == "store_test"
        assert (tmp_path / "env.db").exists()
    finally:
        dispose(url)


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(sqlite_url, store_survey):
    store = Store(sqlite_url, store_survey)
    with store.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 5000
        assert pragma("foreign_keys") == 1


@pytest.mark.parametrize("url", ["nonsense", "mysql+nodriver://x/y", "postgresql+psycopg2x://h/d"])
def test_an_unusable_url_is_a_clear_error(url, store_survey):
    with pytest.raises(SurveyError) as err:
        Store(url, store_survey)
    assert "CULTURE_DB_URL" in err.value.message("en")


def test_a_plain_postgresql_url_uses_psycopg3():
    assert db.normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db.normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db.normalize_url("sqlite:///x.db") == "sqlite:///x.db"


# ---------------------------------------------------------------- waves


def test_wave_lifecycle_and_closed_is_read_only_for_ever(store):
    wave = store.create_wave("2025-H1", "codes", headcount={"d1": 10, "d2": 5})
    assert (wave.status, wave.access_mode, wave.headcount_total) == ("draft", "codes", 15)
    codes = store.issue_codes("2025-H1", 3)
    with pytest.raises(SurveyError, match="열리지 않아"):
        store.submit("2025-H1", FULL, codes[0])
    assert store.open_wave("2025-H1").status == "open"
    assert store.open_wave("2025-H1").status == "open"  # again: no-op
    assert [w.name for w in store.open_waves()] == ["2025-H1"]
    store.submit("2025-H1", FULL, codes[0])
    closed = store.close_wave("2025-H1")
    assert closed.status == "closed"
    assert store.close_wave("2025-H1").status == "closed"
    assert store.open_waves() == []
    for attempt in (
        lambda: store.open_wave("2025-H1"),
        lambda: store.submit("2025-H1", FULL, codes[1]),
        lambda: store.issue_codes("2025-H1", 1),
        lambda: store.import_responses("2025-H1", store.load_wave("2025-H1")),
    ):
        with pytest.raises(SurveyError) as err:
            attempt()
        assert "마감" in err.value.message("ko")
        assert "closed" in err.value.message("en")
    assert store.count("2025-H1") == 1
    # Headcounts are not responses: they may still be corrected.
    assert store.set_headcount("2025-H1", {"d3": 7}).headcount == {"d3": 7}


def test_closing_deletes_the_codes(store):
    store.create_wave("2025-H1", "codes")
    store.issue_codes("2025-H1", 5)
    store.close_wave("2025-H1")
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM access_codes")).scalar_one() == 0


@pytest.mark.postgres
def test_closing_on_postgresql_rewrites_rows_in_one_transaction(pg_url, store_survey):
    store = Store(pg_url, store_survey)
    wave = _open_wave(store)
    for i in range(20):
        store.submit(wave, {"a1": i % 5 + 1})
    with store.engine.connect() as connection:
        before = connection.execute(text("SELECT count(DISTINCT xmin::text) FROM responses"))
        assert before.scalar_one() == 20
    store.close_wave(wave)
    with store.engine.connect() as connection:
        after = connection.execute(text("SELECT count(DISTINCT xmin::text) FROM responses"))
        assert after.scalar_one() == 1
        ids = connection.execute(text("SELECT id FROM responses ORDER BY ctid")).scalars().all()
    assert ids == sorted(ids)
    assert store.count(wave) == 20


@pytest.mark.parametrize("name", ["2025-H3", "25-H1", "", "2025 H1", "-x", "가나다", "a" * 41])
def test_wave_names_are_checked(store, name):
    with pytest.raises(SurveyError):
        store.create_wave(name)
    assert store.list_waves() == []


def test_wave_errors_name_the_problem(store):
    store.create_wave("pilot")
    with pytest.raises(SurveyError, match="이미 있습니다"):
        store.create_wave("pilot")
    with pytest.raises(SurveyError, match="codes 또는 open"):
        store.create_wave("other", "email")
    with pytest.raises(SurveyError, match="2030-H1"):
        store.get_wave("2030-H1")
    with pytest.raises(SurveyError, match="2030-H1"):
        store.submit("2030-H1", {})
    store.create_wave("openwave", "open")
    with pytest.raises(SurveyError, match="공개 링크"):
        store.issue_codes("openwave", 1)


def test_headcounts_are_checked(store):
    store.create_wave("2025-H1")
    wave = store.set_headcount("2025-H1", {"d1": 3, "d2": 0}, {"young": 2, "old": 1})
    assert (wave.headcount, wave.headcount_by_age) == ({"d1": 3, "d2": 0}, {"young": 2, "old": 1})
    assert store.get_wave("2025-H1").headcount_total == 3
    for bad in ({"d9": 1}, {"d1": -1}, {"d1": 1.5}, {"d1": 2, "young": 3}, {"d1": True}):
        with pytest.raises(SurveyError):
            store.set_headcount("2025-H1", bad)
    assert store.set_headcount("2025-H1", None).headcount_total is None


def test_one_wave_has_one_headcount(store):
    """By department and by age band, the headcounts count the same people, or neither is saved."""
    store.create_wave("2025-H1")
    with pytest.raises(SurveyError) as caught:
        store.set_headcount("2025-H1", {"d1": 3, "d2": 2}, {"young": 2, "old": 2})
    assert caught.value.message("ko") == (
        "부서별 인원의 합(5명)과 연령대별 인원의 합(4명)이 다릅니다. "
        "한 차수의 전체 인원은 하나이므로 두 합을 같게 맞춰 주십시오"
    )
    assert store.get_wave("2025-H1").headcount is None
    with pytest.raises(SurveyError, match=r"부서별 인원의 합\(1명\)과 연령대별 인원의 합\(2명\)"):
        store.create_wave("2025-H2", headcount={"d1": 1}, headcount_by_age={"young": 2})
    assert [w.name for w in store.list_waves()] == ["2025-H1"]


def test_data_version_grows_with_every_write(store):
    seen = [store.data_version()]

    def changed() -> None:
        seen.append(store.data_version())
        assert seen[-1] > seen[-2]

    store.create_wave("2025-H1", "codes")
    changed()
    codes = store.issue_codes("2025-H1", 2)
    changed()
    store.open_wave("2025-H1")
    changed()
    store.submit("2025-H1", FULL, codes[0])
    changed()
    store.set_headcount("2025-H1", {"d1": 9})
    changed()
    store.close_wave("2025-H1")
    changed()
    with pytest.raises(SurveyError):
        store.submit("2025-H1", FULL, codes[1])
    assert store.data_version() == seen[-1]


# ---------------------------------------------------------------- access codes


def test_codes_are_one_time_and_used_and_unknown_codes_look_alike(store):
    wave = _open_wave(store, mode="codes")
    codes = store.issue_codes(wave, 3)
    assert len(set(codes)) == 3
    assert store.check_code(wave, codes[0]) == "valid"
    assert store.check_code(wave, codes[0].lower().replace("-", "")) == "valid"
    store.try_code(wave, codes[0].lower().replace("-", ""))
    store.submit(wave, FULL, codes[0].lower())
    assert store.check_code(wave, codes[0]) == "used"
    refusals = []
    for wrong in (codes[0], "ABCD-EFGH", "0000-0000", "short"):
        with pytest.raises(CodeError) as tried:
            store.try_code(wave, wrong)
        with pytest.raises(CodeError) as submitted:
            store.submit(wave, FULL, wrong)
        refusals += [tried.value, submitted.value]
    # One status and one message for a used code and an unknown one.
    assert {e.status for e in refusals} == {"invalid"}
    assert len({(e.message("ko"), e.message("en")) for e in refusals}) == 1
    assert "한 번만" in refusals[0].message("ko")
    for wrong in ("ABCD-EFGH", "0000-0000", "short", ""):
        assert store.check_code(wave, wrong) == "unknown"
    for missing in (None, "", "  "):
        with pytest.raises(CodeError, match="입력해") as err:
            store.submit(wave, FULL, missing)
        assert err.value.status == "missing"
    assert store.count(wave) == 1
    assert store.check_code("2030-H1", codes[1]) == "unknown"


def test_wrong_codes_are_limited_per_wave_across_sessions(store, monkeypatch):
    monkeypatch.setenv("CULTURE_CODE_WAVE_LIMIT", "3")
    wave = _open_wave(store, mode="codes")
    other = _open_wave(store, "2025-H1", mode="codes")
    valid = store.issue_codes(wave, 2)
    other_code = store.issue_codes(other, 1)[0]
    for _ in range(3):
        with pytest.raises(CodeError) as err:
            store.try_code(wave, "ABCD-EFGH")
        assert err.value.status == "invalid"
    # The limit holds for everyone now, whatever the code: even a valid one waits.
    for attempt in (
        lambda: store.try_code(wave, valid[0]),
        lambda: store.submit(wave, FULL, valid[0]),
    ):
        with pytest.raises(CodeError) as err:
            attempt()
        assert err.value.status == "wait"
        assert "분 뒤에" in err.value.message("ko")
        assert "minutes" in err.value.message("en")
    assert store.count(wave) == 0
    # Another wave is not held up.
    store.try_code(other, other_code)
    # A new window starts afresh; only a count and the window's number are stored.
    from survey import store_codes

    monkeypatch.setattr(store_codes, "_window_now", lambda: 10**9)
    monkeypatch.setattr(store_codes.time, "time", lambda: 10**9 * store_codes.CODE_WINDOW_S)
    store.try_code(wave, valid[0])
    store.submit(wave, FULL, valid[0])
    assert store.count(wave) == 1
    with pytest.raises(CodeError):
        store.try_code(wave, valid[0])
    with store.engine.connect() as connection:
        window, failures = connection.execute(
            text("SELECT code_window, code_failures FROM waves WHERE name = :n"), {"n": wave}
        ).one()
    assert (window, failures) == (10**9, 1)


def test_a_code_works_only_in_its_own_wave(store):
    first = _open_wave(store, "2025-H1", mode="codes")
    second = _open_wave(store, "2025-H2", mode="codes")
    code = store.issue_codes(first, 1)[0]
    store.issue_codes(second, 1)
    assert store.check_code(second, code) == "unknown"
    with pytest.raises(CodeError):
        store.submit(second, FULL, code)


def test_open_mode_takes_no_code(store):
    wave = _open_wave(store, mode="open")
    store.submit(wave, FULL)
    assert store.count(wave) == 1


def test_codes_are_stored_only_as_salted_hashes(store):
    wave = _open_wave(store, mode="codes")
    codes = store.issue_codes(wave, 200)
    store.submit(wave, FULL, codes[0])
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT code_hash, used FROM access_codes")).all()
    assert len(stored) == 200
    assert all(re.fullmatch(r"[0-9a-f]{64}", row[0]) for row in stored)
    dumped = " ".join(str(row) for row in stored).upper()
    for code in codes:
        assert code.replace("-", "") not in dumped
    if store.engine.dialect.name == "sqlite":
        database = Path(store.engine.url.database)
        raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        for code in codes:
            for form in (code, code.replace("-", ""), code.lower()):
                assert form.encode() not in raw


def test_issue_count_is_checked(store):
    store.create_wave("2025-H1", "codes")
    for bad in (0, -1, 100_001, 2.5, True):
        with pytest.raises(SurveyError):
            store.issue_codes("2025-H1", bad)


# ---------------------------------------------------------------- imports


def _frame(store_survey, a1: list[float], wave: str) -> pd.DataFrame:
    """A response frame with only a1 answered."""
    frame = empty_frame(store_survey).reindex(range(len(a1)))
    frame["wave"] = pd.Series([wave] * len(a1), dtype=object)
    frame["a1"] = np.asarray(a1, dtype=np.float64)
    return frame


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_import_a_file_all_or_nothing(store, tmp_path):
    store.create_wave("2024-H2")
    header = ["wave", "dept", "a1", "a2", "a3", "b1", "b2", "rec", "good"]
    good = [["2024-H2", "d1", "1", "2", "3", "4", "5", "10", "좋습니다"]] * 3
    bad = [*good, ["2024-H2", "d1", "1", "2", "3", "9", "5", "10", ""]]
    with pytest.raises(SurveyError) as err:
        store.import_responses("2024-H2", _write_csv(tmp_path / "bad.csv", header, bad))
    message = err.value.message("en")
    assert "row 5, column b1" in message
    assert store.count("2024-H2") == 0
    count = store.import_responses("2024-H2", _write_csv(tmp_path / "ok.csv", header, good))
    assert count == 3 == store.count("2024-H2")
    frame = store.load_wave("2024-H2")
    assert _row(frame, 0) == {
        "dept": "d1",
        "a1": 1,
        "a2": 2,
        "a3": 3,
        "b1": 4,
        "b2": 5,
        "rec": 10,
        "good": "좋습니다",
    }


def test_import_refuses_rows_of_another_wave_by_row_number(store, tmp_path, store_survey):
    store.create_wave("2024-H2")
    header = ["wave", "a1", "a2", "a3", "b1", "b2"]
    rows = [
        ["2024-H2", "1", "1", "1", "1", "1"],
        ["", "", "", "", "", ""],
        ["2024-H1", "2", "2", "2", "2", "2"],
        ["2024-H2", "3", "3", "3", "3", "3"],
        ["2025-H1", "4", "4", "4", "4", "4"],
    ]
    with pytest.raises(SurveyError) as err:
        store.import_responses("2024-H2", _write_csv(tmp_path / "mixed.csv", header, rows))
    # The blank row 3 is skipped, yet rows keep the file's numbers.
    assert [p.place for p in err.value.problems] == ["row 4, column wave", "row 6, column wave"]
    assert "2024-H1" in err.value.message("ko")
    frame = _frame(store_survey, [1, 2], wave="2025-H1")
    with pytest.raises(SurveyError) as in_memory:
        store.import_responses("2024-H2", frame)
    assert err.value.total == 2 and in_memory.value.total == 2
    assert store.count("2024-H2") == 0


def test_import_a_frame_round_trips(store, store_survey):
    from scoring.sample import generate

    store.create_wave("2026-H1")
    frame = generate(store_survey, 150, waves=1, seed=3, last_wave="2026-H1")
    assert store.import_responses("2026-H1", frame) == 150
    loaded = store.load_wave("2026-H1")
    key = list(store_survey.columns)

    def canonical(f: pd.DataFrame) -> list[str]:
        cells = f[key].astype(object).where(f[key].notna(), None)
        return sorted(map(repr, cells.itertuples(index=False, name=None)))

    assert canonical(loaded) == canonical(frame)


# ---------------------------------------------------------------- faults


def test_a_locked_sqlite_database_gives_try_again_and_keeps_what_is_stored(
    sqlite_url, store_survey, monkeypatch
):
    store = Store(sqlite_url, store_survey)
    wave = _open_wave(store)
    store.submit(wave, FULL)
    dispose(sqlite_url)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    store = Store(sqlite_url, store_survey)
    blocker = sqlite3.connect(store.engine.url.database, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreUnavailable) as err:
            store.submit(wave, {"a1": 3})
        assert "잠시 후 다시 시도해 주십시오" in err.value.message("ko")
        assert "try again" in err.value.message("en")
        assert isinstance(err.value, SurveyError)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.count(wave) == 1
    store.submit(wave, {"a1": 3})
    assert store.count(wave) == 2


def test_an_unreachable_database_gives_try_again(store_survey):
    with pytest.raises(StoreUnavailable):
        Store("postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2", store_survey)


# ---------------------------------------------------------------- the key and old waves


def test_code_hashes_need_the_key_file_outside_the_database(store, tmp_path, monkeypatch):
    from survey import codes as code_module

    monkeypatch.setenv("CULTURE_SECRET_FILE", str(tmp_path / "keys" / "secret.key"))
    wave = _open_wave(store, mode="codes")
    issued = store.issue_codes(wave, 20)
    key = (tmp_path / "keys" / "secret.key").read_bytes()
    with store.engine.connect() as connection:
        salt = connection.execute(text("SELECT code_salt FROM waves")).scalar_one()
        stored = set(connection.execute(text("SELECT code_hash FROM access_codes")).scalars())
    normal = [code_module.normalize(c) or "" for c in issued]
    # The database and the code list alone recompute none of the hashes...
    assert not stored & {code_module.hash_code(bytes(salt), c) for c in normal}
    # ...with the key file, all of them.
    assert stored == {code_module.keyed_hash(key, bytes(salt), c) for c in normal}
    store.submit(wave, FULL, issued[0])
    assert store.count(wave) == 1


def test_an_unusable_key_file_is_a_clear_error(store, tmp_path, monkeypatch):
    from survey import codes as code_module

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CULTURE_SECRET_FILE", str(blocker / "secret.key"))
    code_module._KEYS.clear()
    wave = _open_wave(store, mode="codes")
    with pytest.raises(SurveyError) as err:
        store.issue_codes(wave, 1)
    assert "CULTURE_SECRET_FILE" in err.value.message("ko")
    assert str(tmp_path) not in err.value.message("en")


def test_waves_of_the_first_schema_keep_working_after_the_migration(db_url, store_survey):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from survey import codes as code_module

    engine = create_engine(db.normalize_url(db_url))
    config = Config()
    config.set_main_option("script_location", str(db._MIGRATIONS))
    salt = code_module.new_salt()
    code = "K7M2-QX9P"
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        ids = {}
        for name, status in (("2025-H1", "open"), ("2024-H2", "draft"), ("2024-H1", "closed")):
            ids[name] = connection.execute(
                text(
                    "INSERT INTO waves (name, status, access_mode, survey_layout, "
                    "code_salt, revision) VALUES (:n, :s, 'codes', :l, :salt, 1) RETURNING id"
                ),
                {
                    "n": name,
                    "s": status,
                    "l": json.dumps(db.layout_of(store_survey)),
                    "salt": salt,
                },
            ).scalar_one()
        connection.execute(
            text("INSERT INTO access_codes (wave_id, code_hash, used) VALUES (:w, :h, false)"),
            {"w": ids["2025-H1"], "h": code_module.hash_code(salt, "K7M2QX9P")},
        )
        connection.execute(
            text("INSERT INTO responses (wave_id, id, answers) VALUES (:w, :i, :a)"),
            {
                "w": ids["2024-H2"],
                "i": "a" * 32,
                "a": db.pack_answers(db.layout_of(store_survey), {"a1": 3})[0],
            },
        )
    engine.dispose()
    store = Store(db_url, store_survey)
    assert store.check_code("2025-H1", code) == "valid"
    store.try_code("2025-H1", code)
    store.submit("2025-H1", FULL, code)
    assert store.check_code("2025-H1", code) == "used"
    found = {w.name: (w.origin, w.codes_issued) for w in store.list_waves()}
    assert found == {"2025-H1": ("collected", 1), "2024-H2": ("imported", 0), "2024-H1": (None, 0)}
    # New waves use the key.
    store.create_wave("2025-H2", "codes")
    with store.engine.connect() as connection:
        schemes = dict(connection.execute(text("SELECT name, code_scheme FROM waves")).all())
    assert schemes == {"2025-H1": 1, "2024-H2": 1, "2024-H1": 1, "2025-H2": 2}


# ---------------------------------------------------------------- imported or collected


def test_a_wave_is_imported_or_collected_never_both(store, store_survey):
    history = _frame(store_survey, [1.0, 2.0, 3.0], "2024-H2")
    store.create_wave("2024-H2", "codes")
    store.import_responses("2024-H2", history)
    assert store.get_wave("2024-H2").origin == "imported"
    for attempt, words in (
        (lambda: store.open_wave("2024-H2"), ("가져온 응답이 있어 열 수 없습니다", "cannot open")),
        (lambda: store.issue_codes("2024-H2", 1), ("발급하지 않습니다", "issues no access")),
    ):
        with pytest.raises(SurveyError) as err:
            attempt()
        assert words[0] in err.value.message("ko") and words[1] in err.value.message("en")
    # A wave of history is closed, never opened.
    assert store.close_wave("2024-H2").status == "closed"
    assert store.count("2024-H2") == 3
    # A wave that collects takes no import: open, or a draft with codes issued.
    store.create_wave("2025-H1", "open")
    store.open_wave("2025-H1")
    store.create_wave("2025-H2", "codes")
    store.issue_codes("2025-H2", 2)
    for wave in ("2025-H1", "2025-H2"):
        assert store.get_wave(wave).origin == "collected"
        with pytest.raises(SurveyError) as err:
            store.import_responses(wave, _frame(store_survey, [1.0], wave))
        assert "가져올 수 없습니다" in err.value.message("ko")
        assert "collects responses" in err.value.message("en")
        assert store.count(wave) == 0


def test_codes_never_exceed_the_headcount(store):
    store.create_wave("2025-H1", "codes", headcount={"d1": 3, "d2": 2})
    assert len(store.issue_codes("2025-H1", 4)) == 4
    with pytest.raises(SurveyError) as err:
        store.issue_codes("2025-H1", 2)
    assert "인원수를 넘습니다" in err.value.message("ko")
    assert "exceed the headcount" in err.value.message("en")
    assert len(store.issue_codes("2025-H1", 1)) == 1
    assert store.get_wave("2025-H1").codes_issued == 5
    with pytest.raises(SurveyError) as err:
        store.set_headcount("2025-H1", {"d1": 4})
    assert "줄일 수 없습니다" in err.value.message("ko")
    assert store.get_wave("2025-H1").headcount_total == 5
    store.set_headcount("2025-H1", {"d1": 6})
    store.issue_codes("2025-H1", 1)
    # Without a headcount nothing is capped; the count of codes issued outlives the close.
    store.set_headcount("2025-H1", None)
    store.issue_codes("2025-H1", 10)
    assert store.close_wave("2025-H1").codes_issued == 16


# ---------------------------------------------------------------- issue 16: waves as HR runs them


@pytest.mark.parametrize("name", ["2026-Q3", "2026-03", "2026-12", "2025-H1", "pulse_7"])
def test_quarterly_and_monthly_wave_ids(store, name):
    assert store.create_wave(name).name == name


@pytest.mark.parametrize("name", ["2026-Q5", "2026-13", "2026-00", "2026 Q3", "2026-Q3 "])
def test_wave_ids_outside_the_rule_are_refused_in_both_languages(store, name):
    with pytest.raises(SurveyError) as caught:
        store.create_wave(name)
    assert "2026-Q3(분기)" in caught.value.message("ko")
    assert "2026-Q3 (quarter)" in caught.value.message("en")
    assert store.list_waves() == []


def test_titles_and_order_whatever_the_ids(store):
    store.create_wave("2026-Q3", title_ko="2026년 3분기", title_en="2026 Q3")
    store.create_wave("2026-10", title_ko="  2026년   10월 ")
    store.create_wave("2026-Q4")
    waves = store.list_waves()
    # Created order, not text order ("2026-10" < "2026-Q3" as text).
    assert [w.name for w in waves] == ["2026-Q3", "2026-10", "2026-Q4"]
    assert [w.position for w in waves] == [1, 2, 3]
    assert [w.title("ko") for w in waves] == ["2026년 3분기", "2026년 10월", "2026-Q4"]
    # English falls back to the Korean title, then to the id.
    assert [w.title("en") for w in waves] == ["2026 Q3", "2026년 10월", "2026-Q4"]
    store.set_titles("2026-Q4", "2026년 4분기", None)
    assert store.get_wave("2026-Q4").title("ko") == "2026년 4분기"
    with pytest.raises(SurveyError, match="80자"):
        store.set_titles("2026-Q4", "가" * 81, None)
    assert store.get_wave("2026-Q4").title("ko") == "2026년 4분기"


def test_schedule_opens_and_closes_on_the_first_request_after_the_moment(store, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from survey import auth

    start = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)
    store.create_wave("2026-Q3")
    store.schedule_wave("2026-Q3", start, start + timedelta(days=14))
    monkeypatch.setattr(auth, "utcnow", lambda: start - timedelta(minutes=1))
    assert store.get_wave("2026-Q3").status == "draft"
    monkeypatch.setattr(auth, "utcnow", lambda: start + timedelta(minutes=1))
    assert store.get_wave("2026-Q3").status == "open"
    monkeypatch.setattr(auth, "utcnow", lambda: start + timedelta(days=15))
    assert [w.status for w in store.list_waves()] == ["closed"]
    assert [(e.user, e.action) for e in store.list_audit()] == [
        ("schedule", "wave.close"),
        ("schedule", "wave.open"),
    ]
    # The log keeps the scheduled moments, not the requests (maybe an
    # employee's) that applied them a minute and a day later.
    assert [e.at for e in store.list_audit()] == [start + timedelta(days=14), start]
    assert store.apply_schedule() == []


def test_a_schedule_whose_close_comes_first_is_refused_and_nothing_changes(store):
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)
    store.create_wave("2026-Q3")
    with pytest.raises(SurveyError) as caught:
        store.schedule_wave("2026-Q3", start, start - timedelta(hours=1))
    assert "마감 시각(2026-09-01 08:00)이 시작 시각(2026-09-01 09:00)보다" in caught.value.message()
    assert "must come after" in caught.value.message("en")
    wave = store.get_wave("2026-Q3")
    assert (wave.opens_at, wave.closes_at) == (None, None)
    store.open_wave("2026-Q3")
    with pytest.raises(SurveyError, match="마감 시각만"):
        store.schedule_wave("2026-Q3", start, None)
    assert store.schedule_wave("2026-Q3", None, start).closes_at == start


def test_a_draft_closes_as_history_without_opening(store):
    store.create_wave("2024-H2")
    wave = store.close_wave("2024-H2")
    assert (wave.status, wave.origin) == ("closed", "imported")


def test_a_headcount_below_the_responses_is_refused(store, store_survey):
    store.create_wave("2026-Q3", "open")
    store.open_wave("2026-Q3")
    for _ in range(3):
        store.submit("2026-Q3", {"a1": 3})
    with pytest.raises(SurveyError) as caught:
        store.set_headcount("2026-Q3", {"d1": 2})
    assert "응답이 3건 있어 전체 인원을 2명으로" in caught.value.message()
    assert "holds 3 responses" in caught.value.message("en")
    assert store.get_wave("2026-Q3").headcount is None
    assert store.set_headcount("2026-Q3", {"d1": 3}).headcount_total == 3


def _history(store_survey, rows: int, wave: str | None) -> pd.DataFrame:
    table = pd.DataFrame(
        {item.id: [str(1 + i % 5) for i in range(rows)] for item in store_survey.items}
    )
    if wave is not None:
        table.insert(0, "wave", wave)
    return table


def test_import_fills_a_missing_wave_column_and_names_the_file_not_its_folder(
    store, store_survey, tmp_path
):
    store.create_wave("2024-H2")
    folder = tmp_path / "server-side-upload-folder"
    folder.mkdir()
    path = folder / "history.csv"
    table = _history(store_survey, 180, None)
    table.loc[:, "a1"] = "9"
    table.to_csv(path, index=False)
    with pytest.raises(SurveyError) as caught:
        store.import_responses("2024-H2", path)
    from survey.store import import_summary

    for lang in ("ko", "en"):
        lines = import_summary(caught.value, lang)
        assert all(str(folder) not in line for line in lines)
        assert all("row " not in line for line in lines) or lang == "en"
        # One line says nothing was stored, and one line per kind of problem.
        assert len(lines) == 2, lines
        assert lines[0].startswith("history.csv")
        assert "180" in lines[0]
    assert "a1 열" in import_summary(caught.value, "ko")[1]
    assert "2, 3, 4, 5, 6행 등" in import_summary(caught.value, "ko")[1]
    assert store.count("2024-H2") == 0
    _history(store_survey, 12, None).to_csv(path, index=False)
    assert store.import_responses("2024-H2", path) == 12
    assert set(store.load_wave("2024-H2")["wave"]) == {"2024-H2"}


def test_import_template_lists_every_column(store_survey, tmp_path):
    from openpyxl import load_workbook

    from survey.store import import_template

    path = tmp_path / "template.xlsx"
    path.write_bytes(import_template(store_survey, "ko"))
    book = load_workbook(path)
    assert book.sheetnames == ["응답", "안내"]
    assert [c.value for c in book["응답"][1]] == list(store_survey.columns)
    guide = {row[0].value: row[2].value for row in book["안내"].iter_rows(min_row=2)}
    assert guide["a1"] == "1~5의 정수, 빈칸은 응답 없음"
    assert "young (Young)" in guide["age"]


def test_accounts_disable_unlock_reset_and_change(store, monkeypatch):
    from survey import auth

    store.add_user("kim_hr", "hr", "correct-horse-battery")
    store.set_disabled("kim_hr")
    with pytest.raises(auth.AuthError) as disabled:
        store.verify("kim_hr", "correct-horse-battery")
    with pytest.raises(auth.AuthError) as wrong:
        store.verify("kim_hr", "wrong-password-here")
    # A disabled account reads exactly as a wrong password.
    assert disabled.value.message() == wrong.value.message()
    assert store.list_users()[0].disabled
    store.set_disabled("kim_hr", False)
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(auth.AuthError):
            store.verify("kim_hr", "wrong-password-here")
    with pytest.raises(auth.AuthError, match="잠겼습니다"):
        store.verify("kim_hr", "correct-horse-battery")
    store.unlock("kim_hr")
    assert store.verify("kim_hr", "correct-horse-battery").must_change is False

    once = store.reset_password("kim_hr")
    assert len(once) == 16
    assert store.verify("kim_hr", once).must_change is True
    with pytest.raises(SurveyError, match="10자 이상"):
        store.change_password("kim_hr", once, "short")
    with pytest.raises(SurveyError, match="추측하기 쉬운"):
        store.change_password("kim_hr", once, "qwertyuiop")
    with pytest.raises(SurveyError, match="사용자 이름"):
        store.change_password("kim_hr", once, "kim_hr-is-me-2026")
    with pytest.raises(auth.AuthError):
        store.change_password("kim_hr", "not-the-password", "a-fresh-long-phrase")
    store.change_password("kim_hr", once, "a-fresh-long-phrase")
    user = store.verify("kim_hr", "a-fresh-long-phrase")
    assert (user.name, user.must_change) == ("kim_hr", False)
    with pytest.raises(SurveyError, match="사용자 nobody"):
        store.set_disabled("nobody")
