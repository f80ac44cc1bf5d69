"""The database: tables (SQLAlchemy Core), engines and migrations, packed answers.

The Alembic migrations in ``survey/migrations/versions`` create these tables;
a test checks that the migrated database and this metadata agree.

What the ``responses`` table leaves out is the point of it: no time, no
sequential id, nothing about the person or their browser. The primary key is
(wave, random id), and on SQLite the table has no hidden rowid, so the stored
order is the random order of the ids.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import make_url

__all__ = [
    "BUSY_TIMEOUT_MS",
    "LayoutMismatch",
    "Page",
    "access_codes",
    "action_plans",
    "audit_log",
    "dispose",
    "engine_for",
    "layout_of",
    "metadata",
    "normalize_url",
    "pack_answers",
    "pack_frame",
    "plan_notes",
    "published_results",
    "responses",
    "staff_sessions",
    "unpack",
    "users",
    "waves",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

waves = Table(
    "waves",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(40), nullable=False, unique=True),
    Column("status", String(8), nullable=False),
    Column("access_mode", String(8), nullable=False),
    # The packed answer layout: see survey.store (kept with the wave so a later
    # change of questions.yaml cannot garble stored answers).
    Column("survey_layout", JSON, nullable=False),
    Column("headcount", JSON, nullable=True),
    Column("headcount_by_age", JSON, nullable=True),
    Column("code_salt", LargeBinary(32), nullable=False),
    # Bumped by every write that touches the wave: a cheap cache key.
    Column("revision", Integer, nullable=False),
    # How codes are hashed (survey.codes: 1 salt only, 2 secret key and salt).
    Column("code_scheme", Integer, nullable=False),
    # "imported" (history) or "collected" (codes or the form), never both;
    # NULL while a draft has neither.
    Column("origin", String(9), nullable=True),
    # Kept past the close, which deletes the codes themselves.
    Column("codes_issued", Integer, nullable=False),
    # Wrong codes of the wave in the current fixed window (its number since
    # the epoch): nothing about who entered them, nor when within the window.
    Column("code_window", Integer, nullable=False),
    Column("code_failures", Integer, nullable=False),
    # What people see instead of the id, in each language (NULL: the id).
    Column("title_ko", String(80), nullable=True),
    Column("title_en", String(80), nullable=True),
    # The order of waves, whatever their ids (quarterly, monthly pulses).
    Column("position", Integer, nullable=False),
    # The schedule: applied on the first request after the moment, and by the CLI.
    Column("opens_at", DateTime(timezone=True), nullable=True),
    Column("closes_at", DateTime(timezone=True), nullable=True),
)

responses = Table(
    "responses",
    metadata,
    Column(
        "wave_id",
        Integer,
        ForeignKey("waves.id", ondelete="RESTRICT"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("id", String(32), primary_key=True, autoincrement=False),
    Column("answers", LargeBinary, nullable=False),
    Column("comments", Text, nullable=True),
    sqlite_with_rowid=False,
)

access_codes = Table(
    "access_codes",
    metadata,
    Column(
        "wave_id",
        Integer,
        ForeignKey("waves.id", ondelete="RESTRICT"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("code_hash", String(64), primary_key=True, autoincrement=False),
    Column("used", Boolean, nullable=False),
    sqlite_with_rowid=False,
)

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True, autoincrement=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("failed_count", Integer, nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("disabled", Boolean, nullable=False),
    # Set by a reset: the one-time password must be changed at the next sign-in.
    Column("must_change", Boolean, nullable=False),
)

# A signed-in staff session, shared by the person's tabs (survey.session): the
# SHA-256 of a random token the browser holds, whose account, and until when
# (to the minute) it lasts without activity. No address, no browser, no time
# of sign-in. Deleting the row ends the session in every tab.
staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True, autoincrement=False),
    Column(
        "user_name",
        String(64),
        ForeignKey("users.name", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# Who among HR and the youth panel opened which report: never respondents.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_name", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("detail", JSON, nullable=True),
)

# What HR and the youth panel decided to do about a closed wave's results
# (survey.plans): tied to a dimension or item, owned by a unit or role, never
# by a respondent.
action_plans = Table(
    "action_plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "wave_id", Integer, ForeignKey("waves.id", ondelete="RESTRICT"), nullable=False, index=True
    ),
    Column("target_kind", String(9), nullable=False),
    Column("target_id", String(64), nullable=False),
    Column("title", String(120), nullable=False),
    Column("change", Text, nullable=False),
    Column("owner", String(80), nullable=False),
    Column("co_owner", String(64), nullable=True),
    Column("due", Date, nullable=False),
    Column("status", String(11), nullable=False),
    Column("approved", Boolean, nullable=False),
    Column("approved_by", String(64), nullable=True),
    Column("proposed_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The youth panel's comments and the owners' progress notes on a plan.
plan_notes = Table(
    "plan_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "plan_id",
        Integer,
        ForeignKey("action_plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_name", String(64), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("body", Text, nullable=False),
)

# A wave whose whole-wave results every employee may read without signing in.
published_results = Table(
    "published_results",
    metadata,
    Column(
        "wave_id",
        Integer,
        ForeignKey("waves.id", ondelete="RESTRICT"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("published_by", String(64), nullable=False),
)


BUSY_TIMEOUT_MS = 5_000
"""How long a SQLite writer waits for another to finish before giving up."""
MIGRATION_TIMEOUT_MS = 30_000
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number: the PostgreSQL advisory lock that serializes migrations.
_MIGRATION_LOCK = 0x43554C54555245


# ---------------------------------------------------------------- engines
#
# One engine per URL and process, so Streamlit reruns reuse pooled
# connections. On SQLite every connection gets WAL (readers never block the
# writer), a busy timeout (writers queue instead of failing) and foreign keys;
# on PostgreSQL psycopg 3 is used.

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def normalize_url(url: str) -> str:
    """Use psycopg 3 for a PostgreSQL URL that names no driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN, so writers can take
        # the write lock up front (BEGIN IMMEDIATE) and wait on busy_timeout
        # instead of failing when a read transaction cannot be upgraded.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        _setup_sqlite(dbapi_connection)
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        # Deleted access codes are overwritten, not left in free pages.
        dbapi_connection.execute("PRAGMA secure_delete = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _setup_sqlite(dbapi_connection: sqlite3.Connection) -> None:
    """Switch the file to WAL once; retry while other processes hold it busy.

    Two processes creating the file at once can each hold a read lock while
    asking for the write lock the switch needs; SQLite then answers "locked"
    at once instead of waiting, so waiting is done here.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0]
            if mode.lower() not in ("wal", "memory"):
                dbapi_connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01 + random.random() * 0.04)


def _migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; serialized across processes.

    The common case, a schema already up to date, is a plain read, so many
    processes starting together do not queue for the write lock.
    """
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS).replace("%", "%%"))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # A first start may queue behind several others creating the schema.
            connection.connection.dbapi_connection.execute(
                f"PRAGMA busy_timeout = {MIGRATION_TIMEOUT_MS}"
            )
        connection.execution_options(immediate=True)
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
                    )
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        finally:
            if connection.dialect.name == "sqlite":
                connection.connection.dbapi_connection.execute(
                    f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}"
                )


def engine_for(url: str) -> Engine:
    """The one engine of a URL, its schema migrated on first use in this process.

    Raises the driver's error (wrapped by SQLAlchemy) when the database cannot
    be reached; nothing is cached then, so the next call tries again.
    """
    url = normalize_url(url)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _create_engine(url)
            try:
                _migrate(engine)
            except BaseException:
                engine.dispose()
                raise
            _ENGINES[url] = engine
        return engine


def dispose(url: str | None = None) -> None:
    """Close the pooled connections of one URL's engine (or of all) and forget it."""
    with _ENGINES_LOCK:
        keys = [normalize_url(url)] if url else list(_ENGINES)
        for key in keys:
            engine = _ENGINES.pop(key, None)
            if engine is not None:
                engine.dispose()


# ---------------------------------------------------------------- packed answers
#
# A response's answers are one BLOB: one unsigned byte per column of the
# wave's layout (two bytes, little-endian, for a demographic with 255 options
# or more), 0 for a missing answer, the value + 1 for items and outcomes (so
# the 0-10 recommendation fits), the option's index + 1 for demographics. The
# database joins a page of a wave's BLOBs into one value (survey.store), which
# then decodes with numpy.frombuffer and a lookup table: what makes a
# 1,000,000-response wave load in under a second.
# Comments are kept apart as JSON text ({comment id: text}, NULL when none).

LAYOUT_FORMAT = 1


class LayoutMismatch(Exception):
    """The answers hold a column or option the wave's layout does not have."""

    def __init__(self, column: str) -> None:
        super().__init__(column)
        self.column = column


def layout_of(survey: Any) -> dict[str, Any]:
    """The packed layout for a survey: ordered columns, option ids, comment ids."""
    columns: list[dict[str, Any]] = []
    for demographic in survey.demographics:
        options = [option.id for option in demographic.options]
        width = 1 if len(options) < 255 else 2
        columns.append(
            {"id": demographic.id, "kind": "demographic", "options": options, "bytes": width}
        )
    columns += [{"id": item.id, "kind": "item", "bytes": 1} for item in survey.items]
    columns += [{"id": outcome.id, "kind": "outcome", "bytes": 1} for outcome in survey.outcomes]
    return {
        "format": LAYOUT_FORMAT,
        "columns": columns,
        "comments": [comment.id for comment in survey.comments],
    }


def _dtype(layout: Mapping[str, Any]) -> np.dtype:
    return np.dtype([(c["id"], "u1" if c["bytes"] == 1 else "<u2") for c in layout["columns"]])


def _encode_comments(comments: Mapping[str, str]) -> str | None:
    return json.dumps(dict(comments), ensure_ascii=False) if comments else None


def pack_answers(
    layout: Mapping[str, Any], answers: Mapping[str, object]
) -> tuple[bytes, str | None]:
    """Pack one validated, normalized response (see `validate_answers`).

    Raises `LayoutMismatch` for an answered column the layout lacks.
    """
    record = np.zeros(1, dtype=_dtype(layout))
    known = set()
    for column in layout["columns"]:
        cid = column["id"]
        known.add(cid)
        value = answers.get(cid)
        if value is None:
            continue
        if column["kind"] == "demographic":
            if value not in column["options"]:
                raise LayoutMismatch(cid)
            record[cid] = column["options"].index(value) + 1
        else:
            record[cid] = int(value) + 1
    comment_ids = set(layout["comments"])
    comments = {}
    for key, value in answers.items():
        if key in known or value is None or value == "":
            continue
        if key not in comment_ids:
            raise LayoutMismatch(key)
        comments[key] = str(value)
    return record.tobytes(), _encode_comments(comments)


def pack_frame(
    layout: Mapping[str, Any], frame: pd.DataFrame
) -> tuple[list[bytes], list[str | None]]:
    """Pack every row of a validated response frame.

    Raises `LayoutMismatch` for a column with answers, or an option in use,
    that the layout lacks.
    """
    n = len(frame)
    record = np.zeros(n, dtype=_dtype(layout))
    known = {"wave"}
    for column in layout["columns"]:
        cid = column["id"]
        known.add(cid)
        if cid not in frame.columns:
            continue
        values = frame[cid]
        if column["kind"] == "demographic":
            stored = column["options"]
            categories = list(values.cat.categories)
            codes = values.cat.codes.to_numpy()
            used = np.unique(codes[codes >= 0])
            if any(categories[i] not in stored for i in used):
                raise LayoutMismatch(cid)
            lookup = np.array(
                [stored.index(c) + 1 if c in stored else 0 for c in categories] or [0]
            )
            record[cid] = np.where(codes < 0, 0, lookup[np.maximum(codes, 0)])
        else:
            numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
            record[cid] = np.where(np.isnan(numbers), 0, np.nan_to_num(numbers) + 1)
    comment_ids = [c for c in layout["comments"] if c in frame.columns]
    for cid in frame.columns:
        if cid not in known and cid not in comment_ids and frame[cid].notna().any():
            raise LayoutMismatch(cid)
    texts: list[str | None] = [None] * n
    if comment_ids:
        cells = frame[comment_ids].to_numpy(dtype=object)
        for row in np.flatnonzero([any(_is_text(v) for v in r) for r in cells]):
            texts[row] = _encode_comments(
                {cid: v for cid, v in zip(comment_ids, cells[row], strict=True) if _is_text(v)}
            )
    width = record.dtype.itemsize
    raw = record.tobytes()
    return [raw[i * width : (i + 1) * width] for i in range(n)], texts


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value != ""


# Rows decoded at a time: the codes of this many rows stay in the cache while
# each column is looked up.
_DECODE_ROWS = 65_536
# Stored byte -> value of an item or outcome: 0 is missing, k is k - 1.
_VALUES = np.concatenate([[np.nan], np.arange(255, dtype=np.float64)])

Page = tuple[int, bytes, str]
"""Consecutive rows of a wave: how many, their answer BLOBs joined, and their
comments as one JSON array (each row's object, or null when it has none)."""


def unpack(
    layout: Mapping[str, Any], survey: Any, wave: str, pages: Sequence[Page]
) -> pd.DataFrame:
    """The response frame of one wave's packed rows, in the current survey's columns.

    ``pages`` hold the rows in their order; each page's comments are parsed
    only while the page is decoded. Columns of the survey the layout
    lacks come out missing; columns of the layout the survey no longer has
    are left out. Items and outcomes are decoded by table lookup straight
    into one two-dimensional block, which becomes the frame's float block
    without another copy (as in ``scoring.responses``): no Python object per
    row, and no second copy of the numbers.
    """
    dtype = _dtype(layout)
    for size, answers, _ in pages:
        if len(answers) != size * dtype.itemsize:
            raise ValueError(f"stored answers of wave {wave} do not match its layout")
    n = sum(size for size, _, _ in pages)
    stored = {c["id"]: c for c in layout["columns"]}
    numeric = [item.id for item in survey.items] + [o.id for o in survey.outcomes]
    block = np.empty((len(numeric), n))
    decoded = []
    for i, cid in enumerate(numeric):
        if cid in stored and stored[cid]["kind"] != "demographic":
            decoded.append((i, dtype.fields[cid][1]))
        else:
            block[i] = np.nan
    demographics = []
    for demographic in survey.demographics:
        column = stored.get(demographic.id)
        if column is None or column["kind"] != "demographic":
            demographics.append((demographic, None, np.full(n, -1, dtype=np.int32)))
            continue
        index = {option.id: i for i, option in enumerate(demographic.options)}
        lookup = np.array([-1] + [index.get(o, -1) for o in column["options"]], dtype=np.int32)
        demographics.append((demographic, lookup, np.empty(n, dtype=np.int32)))
    texts = {c.id: np.full(n, None, dtype=object) for c in survey.comments}
    start = 0
    for size, answers, comments in pages:
        raw = np.frombuffer(answers, dtype=np.uint8).reshape(size, dtype.itemsize)
        for first in range(0, size, _DECODE_ROWS):
            rows = raw[first : first + _DECODE_ROWS]
            at = slice(start + first, start + first + len(rows))
            for i, offset in decoded:
                np.take(_VALUES, rows[:, offset], out=block[i, at], mode="wrap")
        record = np.frombuffer(answers, dtype=dtype)
        for demographic, lookup, codes in demographics:
            if lookup is not None:
                codes[start : start + size] = lookup[record[demographic.id]]
        if texts:
            cells = json.loads(comments)
            if len(cells) != size:
                raise ValueError(f"stored comments of wave {wave} do not match its answers")
            for row, cell in enumerate(cells):
                if cell is not None:
                    for cid, value in cell.items():
                        if cid in texts:
                            texts[cid][start + row] = value
        start += size
    frame = pd.DataFrame(block.T, columns=numeric, copy=False)
    # Explicit object dtype: pandas 3 would otherwise infer its string dtype.
    frame.insert(0, "wave", pd.Series(np.full(n, wave, dtype=object), dtype=object))
    for position, (demographic, _, codes) in enumerate(demographics, start=1):
        categories = [option.id for option in demographic.options]
        frame.insert(position, demographic.id, pd.Categorical.from_codes(codes, categories))
    for cid, values in texts.items():
        frame[cid] = pd.Series(values, dtype=object)
    return frame
