"""The survey's storage: waves, access codes, anonymous responses, users, audit log.

`Store(url)` connects to the database named by the URL (default: the
``CULTURE_DB_URL`` setting, a SQLite file under ``data/``), runs the Alembic
migrations once per process and URL, and keeps one engine per URL so that
pages do not reconnect on every run.

Anonymity is a property of what is written, so it is enforced here:

- a response row holds its wave, a random id, the packed answers and the
  comments; no time, no sequential id, nothing about the person or browser;
- responses are read back ordered by their random id, never by insertion;
- an access code is stored only as an HMAC under a secret key kept outside
  the database and a per-wave salt (`survey.codes`), and redeeming it happens
  in the transaction that stores the response, without any column linking
  the two rows: while a wave is open, pairing codes with responses from the
  stored bytes takes the database, the key file and the code list together;
- closing a wave deletes its codes (who received which code is HR's
  knowledge; which codes were used would then tell who took part) and then
  erases the traces of submission: on SQLite a VACUUM rebuilds the file in
  key order and the write-ahead log is cut to zero bytes (retried while
  readers hold it); on PostgreSQL the wave's rows are rewritten in one
  transaction in id order and the touched tables are rebuilt with VACUUM
  FULL, so no dead tuple, stale copy or transaction id (``xmin``) keeps the
  order or the transactions of submission;
- a wave is either imported (history) or collected (codes or the open link),
  never both, and never holds more codes than its headcount: otherwise whoever
  adds responses they know could subtract them from a small group's figures.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, case, func, insert, select, text, update
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from scoring.errors import MAX_PROBLEMS, Problem, SurveyError
from scoring.messages import text as message
from scoring.questionnaire import Survey, load_survey
from scoring.responses import frame_from_table, read_responses, validate_answers
from survey import auth, codes, masking, settings
from survey.auth import AuthError
from survey.db import (
    BUSY_TIMEOUT_MS,
    LayoutMismatch,
    access_codes,
    audit_log,
    dispose,
    engine_for,
    layout_of,
    normalize_url,
    pack_answers,
    pack_frame,
    responses,
    staff_sessions,
    unpack,
    users,
    waves,
)

__all__ = [
    "WAVE_ID",
    "WAVE_ID_PATTERN",
    "AuditEntry",
    "AuthError",
    "CodeError",
    "Store",
    "StoreUnavailable",
    "User",
    "Wave",
    "dispose",
    "import_summary",
    "import_template",
]


ACCESS_MODES = ("codes", "open")
MAX_CODES = 100_000
WAVE_ID_PATTERN = r"\d{4}-(?:H[12]|Q[1-4]|0[1-9]|1[0-2])|[A-Za-z][A-Za-z0-9_-]{0,39}"
"""What a wave id may be: a half year (2025-H1), a quarter (2026-Q3), a month
(2026-03), or a letter-led ASCII name; the one rule every caller uses."""
WAVE_ID = re.compile(rf"^(?:{WAVE_ID_PATTERN})$")
MAX_TITLE = 80
_USER_NAME = re.compile(r"^[\w.@-]{1,64}$")
_INSERT_CHUNK = 5_000
_LOAD_PAGE = 250_000
"""Responses a load reads per query (`Store._load`)."""
# One page of a wave's responses after a given id, in id order: how many,
# the last id, the answer BLOBs joined, the comments as one JSON array (null
# for a response without any). SQLite's group_concat keeps the order of its
# ordered subquery and yields text, cast back to the bytes it holds.
_LOAD_PAGE_SQL = {
    "sqlite": (
        "SELECT count(*), max(id), CAST(group_concat(answers, '') AS BLOB), "
        "'[' || group_concat(ifnull(comments, 'null'), ',') || ']' "
        "FROM (SELECT id, answers, comments FROM responses "
        "WHERE wave_id = :wave AND id > :after ORDER BY id LIMIT :rows)"
    ),
    "postgresql": (
        "SELECT count(*), max(id), string_agg(answers, ''::bytea ORDER BY id), "
        "'[' || string_agg(coalesce(comments, 'null'), ',' ORDER BY id) || ']' "
        "FROM (SELECT id, answers, comments FROM responses "
        "WHERE wave_id = :wave AND id > :after ORDER BY id LIMIT :rows) AS page"
    ),
}
CODE_WINDOW_S = 15 * 60
"""Length of the fixed windows in which a wave's wrong codes are counted."""
# Closing retries the truncating checkpoint this often, this far apart, each
# waiting this long for readers (a few seconds in all).
_CHECKPOINT_TRIES = 40
_CHECKPOINT_PAUSE_S = 0.05
_CHECKPOINT_BUSY_MS = 250
# VACUUM FULL on PostgreSQL: how long to wait for the table lock, how often.
_VACUUM_LOCK_TIMEOUT = "5s"
_VACUUM_TRIES = 3
_log = logging.getLogger(__name__)


class StoreUnavailable(SurveyError):
    """The database is locked, busy or unreachable: nothing was stored; try again."""

    @classmethod
    def make(cls) -> StoreUnavailable:
        return cls([Problem("", "", None, "store.unavailable", {})])


class _WrongCode(Exception):
    """Rolls a submission back whose code is unknown or used."""

    def __init__(self, wave_id: int) -> None:
        super().__init__(wave_id)
        self.wave_id = wave_id


class CodeError(SurveyError):
    """An access code that cannot be redeemed.

    `status` is "missing" (none given), "invalid" (unknown and used alike:
    telling them apart would tell whoever holds a code whether its owner
    answered) or "wait" (the wave's wrong-code limit is reached).
    """

    status: str = "invalid"

    @classmethod
    def make(cls, status: str, key: str, **values: object) -> CodeError:
        error = cls([Problem("", "", None, key, dict(values))])
        error.status = status
        return error


@dataclass(frozen=True)
class Wave:
    """A survey wave as HR manages it."""

    name: str
    status: str
    access_mode: str
    headcount: dict[str, int] | None
    headcount_by_age: dict[str, int] | None
    origin: str | None = None
    codes_issued: int = 0
    title_ko: str | None = None
    title_en: str | None = None
    position: int = 0
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    @property
    def headcount_total(self) -> int | None:
        """The wave's population N (sum of the headcounts), if known."""
        return None if self.headcount is None else sum(self.headcount.values())

    def title(self, lang: str = "ko") -> str:
        """What people see: the title in `lang`, else the other language's, else the id."""
        first, second = (
            (self.title_en, self.title_ko) if lang == "en" else (self.title_ko, self.title_en)
        )
        return first or second or self.name


@dataclass(frozen=True)
class User:
    """A signed-in person of HR or the youth panel."""

    name: str
    role: str
    locked_until: datetime | None = None
    disabled: bool = False
    must_change: bool = False


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what, when (never about respondents)."""

    at: datetime
    user: str
    action: str
    detail: dict[str, Any] | None


def _utc(value: datetime | None) -> datetime | None:
    # SQLite keeps no time zone: the values written here are UTC.
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# ---------------------------------------------------------------- the store


class Store:
    """The survey database.

    Parameters
    ----------
    url
        SQLAlchemy URL; default the ``CULTURE_DB_URL`` setting, read now.
    survey
        The survey that answers are validated against; default the file of
        the ``CULTURE_SURVEY`` setting, loaded when first needed.

    Raises
    ------
    StoreUnavailable
        When the database cannot be reached to run the migrations.
    """

    def __init__(self, url: str | None = None, survey: Survey | None = None) -> None:
        self.url = normalize_url(url or str(settings.get("db_url")))
        self._survey = survey
        try:
            self._engine = engine_for(self.url)
        except (OperationalError, InterfaceError, PoolTimeout) as exc:
            raise StoreUnavailable.make() from exc
        except (ArgumentError, NoSuchModuleError):
            raise SurveyError.single("store.bad_url", url=self.url) from None

    @property
    def survey(self) -> Survey:
        """The survey answers are validated against and frames are built for."""
        if self._survey is None:
            self._survey = load_survey(str(settings.get("survey")))
        return self._survey

    @property
    def engine(self) -> Engine:
        """The shared SQLAlchemy engine of this URL."""
        return self._engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction; database faults become `StoreUnavailable`."""
        try:
            with self._engine.connect() as connection:
                connection.execution_options(immediate=True)
                with connection.begin():
                    yield connection
        except (OperationalError, InterfaceError, PoolTimeout) as exc:
            raise StoreUnavailable.make() from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection:
                yield connection
        except (OperationalError, InterfaceError, PoolTimeout) as exc:
            raise StoreUnavailable.make() from exc

    # ------------------------------------------------------------ waves

    def create_wave(
        self,
        name: str,
        access_mode: str = "codes",
        headcount: Mapping[str, int] | None = None,
        headcount_by_age: Mapping[str, int] | None = None,
        title_ko: str | None = None,
        title_en: str | None = None,
    ) -> Wave:
        """Create a draft wave; its answer layout is taken from the current survey.

        The wave is placed after every wave there is (`Wave.position`); its
        titles are what people see (None: the id).
        """
        if not isinstance(name, str) or not WAVE_ID.match(name):
            raise SurveyError.single("store.wave_name", name=repr(name))
        titles = _titles(title_ko, title_en)
        if access_mode not in ACCESS_MODES:
            raise SurveyError.single("store.access_mode", mode=repr(access_mode))
        counts, by_age = self._check_headcounts(headcount, headcount_by_age)
        try:
            with self._write() as connection:
                connection.execute(
                    insert(waves).values(
                        name=name,
                        status="draft",
                        access_mode=access_mode,
                        survey_layout=layout_of(self.survey),
                        headcount=counts,
                        headcount_by_age=by_age,
                        code_salt=codes.new_salt(),
                        revision=1,
                        code_scheme=codes.SCHEME_KEYED,
                        origin=None,
                        codes_issued=0,
                        code_window=0,
                        code_failures=0,
                        **titles,
                        position=select(
                            func.coalesce(func.max(waves.c.position), 0) + 1
                        ).scalar_subquery(),
                    )
                )
        except IntegrityError:
            raise SurveyError.single("store.wave_exists", name=name) from None
        return self._get_wave(name)

    def set_titles(self, name: str, title_ko: str | None, title_en: str | None) -> Wave:
        """Change the titles people see (None or blank: the id); allowed in every state."""
        titles = _titles(title_ko, title_en)
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(**titles, revision=waves.c.revision + 1)
            )
        return self._get_wave(name)

    def schedule_wave(
        self, name: str, opens_at: datetime | None, closes_at: datetime | None
    ) -> Wave:
        """Set when a wave opens and closes by itself (None: by hand).

        Times are aware datetimes (naive ones are taken as UTC). The closing
        time must come after the opening time; an open wave takes a closing
        time only, a closed wave nothing, and a wave of imported history no
        opening time. The schedule is applied by `apply_schedule`, which every
        listing of waves runs first (so the first request after the moment
        applies it) and the command line runs too.
        """
        opens, closes = _utc(opens_at), _utc(closes_at)
        if opens is not None and closes is not None and closes <= opens:
            raise SurveyError.single(
                "store.schedule_order", opens=_stamp(opens), closes=_stamp(closes)
            )
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status == "closed":
                raise SurveyError.single("store.schedule_closed", name=name)
            if opens is not None and row.status == "open":
                raise SurveyError.single("store.schedule_open", name=name)
            if opens is not None and row.origin == "imported":
                raise SurveyError.single("store.schedule_imported", name=name)
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(opens_at=opens, closes_at=closes, revision=waves.c.revision + 1)
            )
        return self._get_wave(name)

    def apply_schedule(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """Open and close the waves whose scheduled moment has come; returns (wave, action).

        A draft whose opening time has passed opens (then closes at once if
        its closing time has passed too); an open wave whose closing time has
        passed closes. Each change is in the audit log under the user
        ``schedule``. Two processes applying at once change each wave once.
        """
        moment = _utc(now) or auth.utcnow()
        with self._read() as connection:
            due = connection.execute(
                select(waves.c.name, waves.c.status, waves.c.opens_at, waves.c.closes_at)
                .where(
                    ((waves.c.status == "draft") & (waves.c.opens_at <= moment))
                    | ((waves.c.status == "open") & (waves.c.closes_at <= moment))
                )
                .order_by(waves.c.position)
            ).all()
        done: list[tuple[str, str]] = []
        for row in due:
            if row.status == "draft":
                if self._apply_scheduled(row.name, "draft", "open", row.opens_at):
                    done.append((row.name, "open"))
                closes = _utc(row.closes_at)
                if closes is None or closes > moment:
                    continue
            if self._apply_scheduled(row.name, "open", "close", row.closes_at):
                done.append((row.name, "close"))
        return done

    def _apply_scheduled(self, name: str, status: str, action: str, at: datetime | None) -> bool:
        """Open or close `name` if it is still `status`; whether this process did it."""
        if self._get_wave(name).status != status:
            return False
        (self.open_wave if action == "open" else self.close_wave)(name)
        # At the scheduled moment: the request that applied it may be an
        # employee's, and its time is not the log's to keep.
        self.audit("schedule", f"wave.{action}", {"wave": name, "scheduled": True}, at=_utc(at))
        return True

    def _apply_due(self) -> None:
        # Cheap when nothing is due: one indexed read. A failure to apply
        # (database busy) leaves the schedule for the next request.
        try:
            self.apply_schedule()
        except StoreUnavailable:
            _log.warning("the wave schedule could not be applied now; the next request retries")

    def open_wave(self, name: str) -> Wave:
        """Open a draft wave for responses (no-op if open; a closed wave never reopens)."""
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=name)
            if row.status == "draft":
                if row.origin == "imported":
                    raise SurveyError.single("store.open_imported", name=name)
                values: dict[str, Any] = {
                    "status": "open",
                    "origin": "collected",
                    "revision": waves.c.revision + 1,
                }
                if self._count(connection, row.id) == 0:
                    # Nothing stored yet: follow edits made to the survey while drafting.
                    values["survey_layout"] = layout_of(self.survey)
                connection.execute(update(waves).where(waves.c.id == row.id).values(**values))
        return self._get_wave(name)

    def close_wave(self, name: str) -> Wave:
        """Close a wave for ever: no more responses, imports or codes.

        A draft closes too, without ever opening: it is then history (its
        origin "imported", even when it holds no responses), so a closed
        draft never collected a response. After the commit the traces of submission are erased (see
        the module docstring); that step runs again when a closed wave is
        closed again, so a close whose cleanup was held off by long readers
        (a warning in the log) can be finished later.
        """
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status != "closed":
                connection.execute(
                    update(waves)
                    .where(waves.c.id == row.id)
                    .values(
                        status="closed",
                        revision=waves.c.revision + 1,
                        origin=row.origin or "imported",
                        # The window of the last wrong code is a time of day,
                        # often a respondent's typo just before they answered.
                        code_window=0,
                        code_failures=0,
                    )
                )
                connection.execute(access_codes.delete().where(access_codes.c.wave_id == row.id))
                if connection.dialect.name == "postgresql":
                    self._rewrite_in_id_order(connection, row.id)
        if self._engine.dialect.name == "sqlite":
            self._erase_sqlite_traces(name)
        else:
            self._erase_postgresql_traces(name)
        return self._get_wave(name)

    def set_headcount(
        self,
        name: str,
        headcount: Mapping[str, int] | None,
        headcount_by_age: Mapping[str, int] | None = None,
    ) -> Wave:
        """Set the wave's headcount per department option (and per age band).

        Headcounts are not responses, so a closed wave's may be corrected too;
        a total below the codes already issued, or below the responses the
        wave holds, is refused.
        """
        counts, by_age = self._check_headcounts(headcount, headcount_by_age)
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            total = None if counts is None else sum(counts.values())
            if total is not None and total < row.codes_issued:
                raise SurveyError.single(
                    "store.headcount_below_codes",
                    name=name,
                    issued=row.codes_issued,
                    headcount=total,
                )
            held = self._count(connection, row.id) if total is not None else 0
            if total is not None and total < held:
                raise SurveyError.single(
                    "store.headcount_below_responses", name=name, responses=held, headcount=total
                )
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(headcount=counts, headcount_by_age=by_age, revision=waves.c.revision + 1)
            )
        return self._get_wave(name)

    def list_waves(self) -> list[Wave]:
        """Every wave in its order (`Wave.position`), after applying the schedule."""
        self._apply_due()
        with self._read() as connection:
            rows = connection.execute(select(waves).order_by(waves.c.position, waves.c.name)).all()
        return [_wave(row) for row in rows]

    def open_waves(self) -> list[Wave]:
        """The waves now taking responses, in their order."""
        return [wave for wave in self.list_waves() if wave.status == "open"]

    def get_wave(self, name: str) -> Wave:
        """The wave of this name, after applying the schedule; `SurveyError` if there is none."""
        self._apply_due()
        return self._get_wave(name)

    def _get_wave(self, name: str) -> Wave:
        with self._read() as connection:
            row = connection.execute(select(waves).where(waves.c.name == name)).first()
        if row is None:
            raise SurveyError.single("store.wave_unknown", name=name)
        return _wave(row)

    # ------------------------------------------------------------ access codes

    def issue_codes(self, wave: str, count: int) -> list[str]:
        """Issue `count` new one-time codes for a wave in ``codes`` mode.

        Returns the codes in display form (``K7M2-QX9P``); this is the only
        time they exist in plain text: only their keyed hashes are stored.
        With a headcount set, the codes issued in all may not exceed it: more
        codes than people would let their holder add responses of their own.
        """
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CODES:
            raise SurveyError.single("store.code_count", limit=MAX_CODES, value=count)
        with self._write() as connection:
            row = self._lock_wave(connection, wave)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=wave)
            if row.access_mode != "codes":
                raise SurveyError.single("store.open_mode_codes", name=wave)
            if row.origin == "imported":
                raise SurveyError.single("store.codes_imported", name=wave)
            headcount = None if row.headcount is None else sum(row.headcount.values())
            if headcount is not None and row.codes_issued + count > headcount:
                raise SurveyError.single(
                    "store.codes_over_headcount",
                    name=wave,
                    headcount=headcount,
                    issued=row.codes_issued,
                    count=count,
                )
            key = self._key(row.code_scheme)
            fresh: dict[str, str] = {}
            while len(fresh) < count:
                batch = {}
                while len(batch) < count - len(fresh):
                    code = codes.new_code()
                    digest = codes.wave_hash(
                        row.code_scheme, row.code_salt, codes.normalize(code) or "", key
                    )
                    if digest not in fresh:
                        batch[digest] = code
                taken = set()
                hashes = list(batch)
                for start in range(0, len(hashes), 1_000):
                    taken.update(
                        connection.execute(
                            select(access_codes.c.code_hash).where(
                                access_codes.c.wave_id == row.id,
                                access_codes.c.code_hash.in_(hashes[start : start + 1_000]),
                            )
                        ).scalars()
                    )
                fresh.update((h, c) for h, c in batch.items() if h not in taken)
            # Stored in hash order, not in the order of the list handed out: on
            # PostgreSQL heap position would otherwise name the slip without the key.
            rows = [{"wave_id": row.id, "code_hash": h, "used": False} for h in sorted(fresh)]
            for start in range(0, len(rows), _INSERT_CHUNK):
                connection.execute(insert(access_codes), rows[start : start + _INSERT_CHUNK])
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(
                    revision=waves.c.revision + 1,
                    origin="collected",
                    codes_issued=waves.c.codes_issued + len(rows),
                )
            )
        return list(fresh.values())

    def withdraw_codes(self, wave: str, issued: Sequence[str]) -> int:
        """Take back codes just issued that nobody received (a handout that failed).

        Only unused codes of the wave go; the wave's count of codes issued
        drops by as many, so its headcount cap is as before. Returns how many
        were withdrawn.
        """
        with self._write() as connection:
            row = self._lock_wave(connection, wave)
            key = self._key(row.code_scheme)
            hashes = [
                codes.wave_hash(row.code_scheme, row.code_salt, codes.normalize(c) or "", key)
                for c in issued
            ]
            gone = 0
            for start in range(0, len(hashes), 1_000):
                gone += connection.execute(
                    access_codes.delete().where(
                        access_codes.c.wave_id == row.id,
                        access_codes.c.used.is_(False),
                        access_codes.c.code_hash.in_(hashes[start : start + 1_000]),
                    )
                ).rowcount
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(revision=waves.c.revision + 1, codes_issued=waves.c.codes_issued - gone)
            )
        return gone

    def check_code(self, wave: str, code: str) -> str:
        """The state of a code in a wave: "valid", "used" or "unknown".

        For the administrator's command line and tests only: it counts no
        failure and no person ever sees its answer. The form uses
        `try_code`, which answers unknown and used codes alike.
        """
        normal = codes.normalize(code or "")
        if normal is None:
            return "unknown"
        with self._read() as connection:
            row = connection.execute(
                select(waves.c.id, waves.c.code_salt, waves.c.code_scheme).where(
                    waves.c.name == wave
                )
            ).first()
            if row is None:
                return "unknown"
            digest = codes.wave_hash(
                row.code_scheme, row.code_salt, normal, self._key(row.code_scheme)
            )
            used = connection.execute(
                select(access_codes.c.used).where(
                    access_codes.c.wave_id == row.id, access_codes.c.code_hash == digest
                )
            ).scalar_one_or_none()
        if used is None:
            return "unknown"
        return "used" if used else "valid"

    def try_code(self, wave: str, code: str) -> None:
        """Check a code an employee entered; returns only if it can be redeemed now.

        Raises `CodeError`: "missing", "invalid" for an unknown and a used
        code alike (one query either way), or "wait" once the wave has taken
        the ``CULTURE_CODE_WAVE_LIMIT`` wrong codes of the current fixed
        window, until that window ends (whatever the code, valid ones too,
        so trying codes in bulk tells nothing more). A wrong code is counted
        for the wave; nothing about who entered it is stored.
        """
        if not (code or "").strip():
            raise CodeError.make("missing", "store.code_missing")
        limit = int(settings.get("code_wave_limit"))
        with self._read() as connection:
            row = connection.execute(
                select(
                    waves.c.id,
                    waves.c.code_salt,
                    waves.c.code_scheme,
                    waves.c.code_window,
                    waves.c.code_failures,
                ).where(waves.c.name == wave)
            ).first()
            if row is None:
                raise SurveyError.single("store.wave_unknown", name=wave)
            _refuse_if_over_limit(row, limit)
            normal = codes.normalize(code)
            digest = codes.wave_hash(
                row.code_scheme, row.code_salt, normal or "", self._key(row.code_scheme)
            )
            unused = connection.execute(
                select(func.count())
                .select_from(access_codes)
                .where(
                    access_codes.c.wave_id == row.id,
                    access_codes.c.code_hash == digest,
                    access_codes.c.used.is_(False),
                )
            ).scalar_one()
        if normal is None or unused != 1:
            self._count_wrong_code(row.id)
            raise CodeError.make("invalid", "store.code_invalid")

    def _count_wrong_code(self, wave_id: int) -> None:
        window = _window_now()
        with self._write() as connection:
            connection.execute(
                update(waves)
                .where(waves.c.id == wave_id)
                .values(
                    code_failures=case(
                        (waves.c.code_window == window, waves.c.code_failures + 1), else_=1
                    ),
                    code_window=window,
                )
            )

    # ------------------------------------------------------------ responses

    def submit(self, wave: str, answers: Mapping[str, object], code: str | None = None) -> None:
        """Store one anonymous response, redeeming its access code in the same transaction.

        Raises
        ------
        SurveyError
            Forged or out-of-range answers (nothing stored), or a wave that is
            missing, not open or closed.
        CodeError
            In ``codes`` mode, a missing, unknown or already used code.
        StoreUnavailable
            The database is locked or unreachable; nothing was stored.
        """
        normalized = _masked(self.survey, validate_answers(self.survey, answers))
        try:
            self._store_response(wave, normalized, code)
        except _WrongCode as wrong:
            # Counted after the rollback, in a transaction of its own.
            self._count_wrong_code(wrong.wave_id)
            raise CodeError.make("invalid", "store.code_invalid") from None

    def _store_response(
        self, wave: str, normalized: Mapping[str, object], code: str | None
    ) -> None:
        with self._write() as connection:
            # Taking the wave row first orders every writer the same way (no
            # deadlocks) and holds off a concurrent close until this commits.
            row = connection.execute(
                update(waves)
                .where(waves.c.name == wave, waves.c.status == "open")
                .values(revision=waves.c.revision + 1)
                .returning(
                    waves.c.id,
                    waves.c.access_mode,
                    waves.c.survey_layout,
                    waves.c.code_salt,
                    waves.c.code_scheme,
                    waves.c.code_window,
                    waves.c.code_failures,
                )
            ).first()
            if row is None:
                status = connection.execute(
                    select(waves.c.status).where(waves.c.name == wave)
                ).scalar_one_or_none()
                key = {None: "store.wave_unknown", "closed": "store.wave_closed"}.get(
                    status, "store.wave_not_open"
                )
                raise SurveyError.single(key, name=wave)
            try:
                blob, comments = pack_answers(row.survey_layout, normalized)
            except LayoutMismatch as exc:
                raise SurveyError.single(
                    "store.layout_changed", name=wave, column=exc.column
                ) from None
            if row.access_mode == "codes" and not self._redeem(connection, row, code):
                raise _WrongCode(row.id)
            connection.execute(
                insert(responses).values(
                    wave_id=row.id, id=secrets.token_hex(16), answers=blob, comments=comments
                )
            )

    def _redeem(self, connection: Connection, row: Any, code: str | None) -> bool:
        """Mark the code used; False (nothing marked) for an unknown or used code."""
        if not (code or "").strip():
            raise CodeError.make("missing", "store.code_missing")
        _refuse_if_over_limit(row, int(settings.get("code_wave_limit")))
        normal = codes.normalize(code or "")
        digest = codes.wave_hash(
            row.code_scheme, row.code_salt, normal or "", self._key(row.code_scheme)
        )
        # Conditional update: of two racing redemptions exactly one sees used = false.
        result = connection.execute(
            update(access_codes)
            .where(
                access_codes.c.wave_id == row.id,
                access_codes.c.code_hash == digest,
                access_codes.c.used.is_(False),
            )
            .values(used=True)
        )
        return normal is not None and result.rowcount == 1

    def count(self, wave: str) -> int:
        """How many responses a wave holds."""
        with self._read() as connection:
            wave_id = self._wave_id(connection, wave)
            return self._count(connection, wave_id)

    def counts_by(self, wave: str, demographic: str) -> dict[str | None, int]:
        """Responses per option of one demographic (None: not given), for live participation.

        Exact counts: callers show them only through
        `scoring.privacy.live_unit_count`.
        """
        column = self.load_wave(wave)[demographic]
        counts = column.value_counts(dropna=False)
        return {(None if pd.isna(key) else str(key)): int(n) for key, n in counts.items()}

    def load_wave(self, wave: str) -> pd.DataFrame:
        """One wave as the response frame (rows in the order of their random ids)."""
        with self._read() as connection:
            _one_snapshot(connection)
            row = connection.execute(
                select(waves.c.id, waves.c.survey_layout).where(waves.c.name == wave)
            ).first()
            if row is None:
                raise SurveyError.single("store.wave_unknown", name=wave)
            return self._load(connection, wave, row.id, row.survey_layout)

    def load_all(self) -> pd.DataFrame:
        """Every wave's responses as one response frame, waves in their order."""
        with self._read() as connection:
            _one_snapshot(connection)
            rows = connection.execute(
                select(waves.c.id, waves.c.name, waves.c.survey_layout).order_by(
                    waves.c.position, waves.c.name
                )
            ).all()
            frames = [self._load(connection, r.name, r.id, r.survey_layout) for r in rows]
        if not frames:
            return unpack(layout_of(self.survey), self.survey, "", [])
        return pd.concat(frames, ignore_index=True)

    def _load(
        self, connection: Connection, name: str, wave_id: int, layout: dict[str, Any]
    ) -> pd.DataFrame:
        # The database joins each page of rows, in id order, into one value of
        # answers and one JSON array of comments: four rows of a million
        # responses reach Python instead of a million, and no Python object
        # is made per response but for its comments.
        query = text(_LOAD_PAGE_SQL[connection.dialect.name])
        pages, after = [], ""
        while True:
            size, last, answers, comments = connection.execute(
                query, {"wave": wave_id, "after": after, "rows": _LOAD_PAGE}
            ).one()
            if size:
                pages.append((size, answers, comments))
            if size < _LOAD_PAGE:
                return unpack(layout, self.survey, name, pages)
            after = last

    def import_responses(
        self,
        wave: str,
        source: str | os.PathLike[str] | pd.DataFrame,
        file_name: str | None = None,
    ) -> int:
        """Import historical responses (a CSV/XLSX file or a frame): all or nothing.

        The file is validated as a whole (`read_responses`); a row for another
        wave is refused with its row number. A file without a ``wave`` column
        is taken as the chosen wave's. Messages name the file by `file_name`
        (default: the file's own name), never by its folder on the server.
        Only a draft that collects nothing imports: a closed wave, an open
        one, or one with codes issued refuses, and a wave that holds imports
        never opens (it is closed as history). Returns the number of responses stored.
        """
        if isinstance(source, pd.DataFrame):
            if "wave" in source.columns:
                _refuse_other_waves(source["wave"].tolist(), wave, "")
            else:
                source = source.assign(wave=wave)
            frame = frame_from_table(_as_table(source), self.survey)
        else:
            shown = file_name or Path(source).name
            try:
                frame = self._read_import(wave, source, shown)
            except SurveyError as error:
                raise _renamed(error, os.fspath(source), shown) from None
        frame = _masked_frame(self.survey, frame)
        with self._write() as connection:
            row = self._lock_wave(connection, wave)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=wave)
            if row.status == "open" or row.origin == "collected":
                raise SurveyError.single("store.import_collected", name=wave)
            layout = row.survey_layout
            values: dict[str, Any] = {"revision": waves.c.revision + 1, "origin": "imported"}
            if self._count(connection, row.id) == 0:
                layout = values["survey_layout"] = layout_of(self.survey)
            connection.execute(update(waves).where(waves.c.id == row.id).values(**values))
            try:
                blobs, comments = pack_frame(layout, frame)
            except LayoutMismatch as exc:
                raise SurveyError.single(
                    "store.layout_changed", name=wave, column=exc.column
                ) from None
            rows = [
                {"wave_id": row.id, "id": secrets.token_hex(16), "answers": b, "comments": c}
                for b, c in zip(blobs, comments, strict=True)
            ]
            for start in range(0, len(rows), _INSERT_CHUNK):
                connection.execute(insert(responses), rows[start : start + _INSERT_CHUNK])
        return len(rows)

    def _read_import(self, wave: str, path: str | os.PathLike[str], shown: str) -> pd.DataFrame:
        # The capped reader only: a workbook is never unpacked past its caps.
        frame = read_responses(path, self.survey, wave=wave)
        if (frame["wave"] != wave).any():
            _refuse_other_waves(_file_waves(path), wave, shown)
        return frame

    def delete_draft(self, name: str) -> None:
        """Remove a draft that holds nothing (no responses, no codes): undoes a creation."""
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status != "draft" or row.codes_issued or self._count(connection, row.id):
                raise SurveyError.single("store.import_collected", name=name)
            connection.execute(waves.delete().where(waves.c.id == row.id))

    def data_version(self) -> int:
        """A number that grows with every write to waves, codes or responses."""
        with self._read() as connection:
            return int(
                connection.execute(
                    select(func.coalesce(func.sum(waves.c.revision), 0))
                ).scalar_one()
            )

    # ------------------------------------------------------------ users

    def add_user(self, name: str, role: str, password: str, must_change: bool = False) -> User:
        """Create a user with an argon2id-hashed password.

        With `must_change` the password is a one-time one: the user chooses
        their own at the first sign-in.
        """
        auth.check_user(name, role)
        auth.check_new_password(password, name)
        try:
            with self._write() as connection:
                connection.execute(
                    insert(users).values(
                        name=name,
                        role=role,
                        password_hash=auth.hash_password(password),
                        failed_count=0,
                        locked_until=None,
                        disabled=False,
                        must_change=must_change,
                    )
                )
        except IntegrityError:
            raise SurveyError.single("auth.user_exists", name=name) from None
        return User(name, role, must_change=must_change)

    def set_password(self, name: str, password: str, must_change: bool = False) -> None:
        """Replace a user's password and lift any lockout.

        With `must_change` the password is a one-time one (a reset): the
        user must choose their own at the next sign-in.
        """
        auth.check_new_password(password, name)
        self._update_user(
            name,
            password_hash=auth.hash_password(password),
            failed_count=0,
            locked_until=None,
            must_change=must_change,
        )
        # Whoever held the old password may hold a session too.
        self.end_sessions(name)

    def reset_password(self, name: str) -> str:
        """Give a user a generated one-time password (returned once) and lift any lockout."""
        password = auth.generate_password()
        self.set_password(name, password, must_change=True)
        return password

    def change_password(self, name: str, current: str, new: str) -> None:
        """A user changes their own password, proving the current one first.

        Raises `AuthError` ("invalid") for a wrong current password (counted
        like a wrong sign-in), `SurveyError` for a new password that is too
        short, common, the user name, or the current one again.
        """
        auth.check_new_password(new, name)
        if new == current:
            raise SurveyError.single("auth.password_same")
        self.verify(name, current)
        self.set_password(name, new)

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        """Disable an account (no sign-in, sessions end) or enable it again."""
        self._update_user(name, disabled=disabled)
        if disabled:
            self.end_sessions(name)

    def unlock(self, name: str) -> None:
        """Lift a lockout after wrong passwords, keeping the password."""
        self._update_user(name, failed_count=0, locked_until=None)

    def _update_user(self, name: str, **values: Any) -> None:
        with self._write() as connection:
            result = connection.execute(update(users).where(users.c.name == name).values(**values))
            if result.rowcount != 1:
                raise SurveyError.single("auth.user_unknown", name=name)

    def verify(self, name: str, password: str) -> User:
        """Check a sign-in; the fifth failure in a row locks the account for 15 minutes.

        Raises `AuthError` ("invalid" for an unknown name or a wrong password
        alike, "locked" while locked).
        """
        now = auth.utcnow()
        with self._read() as connection:
            row = connection.execute(select(users).where(users.c.name == name)).first()
        if row is None or row.disabled:
            # A disabled account reads as a wrong password and costs the same time.
            auth.check_password(None, password)
            raise auth.AuthError.make("invalid", "auth.invalid")
        auth.raise_if_locked(_utc(row.locked_until), now)
        ok = auth.check_password(row.password_hash, password)
        with self._write() as connection:
            current = connection.execute(
                select(users).where(users.c.name == name).with_for_update()
            ).first()
            if current is None:
                raise auth.AuthError.make("invalid", "auth.invalid")
            auth.raise_if_locked(_utc(current.locked_until), now)
            attempt = auth.next_attempt(ok, current.failed_count, _utc(current.locked_until), now)
            values: dict[str, Any] = {
                "failed_count": attempt.failed_count,
                "locked_until": attempt.locked_until,
            }
            if ok and auth.needs_rehash(current.password_hash):
                values["password_hash"] = auth.hash_password(password)
            connection.execute(update(users).where(users.c.name == name).values(**values))
        if not attempt.ok:
            if attempt.locked_until is not None:
                auth.raise_if_locked(attempt.locked_until, now)
            raise auth.AuthError.make("invalid", "auth.invalid")
        return User(current.name, current.role, None, bool(current.disabled), current.must_change)

    def list_users(self) -> list[User]:
        """Every user, by name."""
        with self._read() as connection:
            rows = connection.execute(select(users).order_by(users.c.name)).all()
        return [
            User(r.name, r.role, _utc(r.locked_until), bool(r.disabled), bool(r.must_change))
            for r in rows
        ]

    def audit(
        self,
        user: str,
        action: str,
        detail: Mapping[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Record that an HR or youth panel user did something (opened, filtered, exported).

        `at` is the moment recorded (default: now); a scheduled change records
        its scheduled moment, not the request that happened to apply it.
        """
        with self._write() as connection:
            connection.execute(
                insert(audit_log).values(
                    at=at or auth.utcnow(),
                    user_name=user,
                    action=action,
                    detail=None if detail is None else dict(detail),
                )
            )

    def list_audit(self, limit: int = 500) -> list[AuditEntry]:
        """The newest audit entries first."""
        with self._read() as connection:
            rows = connection.execute(
                select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
            ).all()
        return [AuditEntry(_utc(r.at), r.user_name, r.action, r.detail) for r in rows]

    # ------------------------------------------------------------ staff sessions
    #
    # A signed-in session shared by a person's tabs (survey.session). The
    # browser holds a random 256-bit token; the table holds its SHA-256 (a
    # random token needs no slow hash), the account's name and the minute the
    # session ends without activity. Deleting the row ends it in every tab.

    def open_session(self, name: str, now: datetime, idle_minutes: int) -> str:
        """Start a session for user `name`; returns the token (to the browser, never stored)."""
        token = secrets.token_urlsafe(32)
        with self._write() as connection:
            # Expired rows of anyone go now: they are of no use to anybody.
            connection.execute(staff_sessions.delete().where(staff_sessions.c.expires_at <= now))
            connection.execute(
                insert(staff_sessions).values(
                    token_hash=_token_hash(token),
                    user_name=name,
                    expires_at=_session_end(now, idle_minutes),
                )
            )
        return token

    def session_user(
        self, token: object, now: datetime, idle_minutes: int, touch: bool = True
    ) -> User | None:
        """The user of a live session token, counting this as activity; None otherwise.

        None for anything that is not a token of a session that has not
        expired, whose account exists and is not disabled; an expired
        session's row is deleted. With `touch` the session's end moves to
        `idle_minutes` after `now`, at most once a minute, so a busy page does
        not write on every run; without it this only looks.
        """
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        key = _token_hash(token)
        with self._read() as connection:
            row = connection.execute(
                select(staff_sessions.c.expires_at, users)
                .join(users, users.c.name == staff_sessions.c.user_name)
                .where(staff_sessions.c.token_hash == key)
            ).first()
        if row is None:
            return None
        if row.disabled or _utc(row.expires_at) <= now:
            self._end_session_hash(key)
            return None
        end = _session_end(now, idle_minutes)
        if touch and end - _utc(row.expires_at) >= timedelta(minutes=1):
            with self._write() as connection:
                connection.execute(
                    update(staff_sessions)
                    .where(staff_sessions.c.token_hash == key)
                    .values(expires_at=end)
                )
        return User(row.name, row.role, None, bool(row.disabled), bool(row.must_change))

    def end_session(self, token: object) -> None:
        """End one session (signing out): every tab holding its token is signed out."""
        if isinstance(token, str):
            self._end_session_hash(_token_hash(token))

    def end_sessions(self, name: str) -> None:
        """End every session of user `name` (disabled, password changed)."""
        with self._write() as connection:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.user_name == name))

    def _end_session_hash(self, key: str) -> None:
        with self._write() as connection:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.token_hash == key))

    # ------------------------------------------------------------ helpers

    def _check_headcounts(
        self, headcount: Mapping[str, int] | None, by_age: Mapping[str, int] | None
    ) -> tuple[dict[str, int] | None, dict[str, int] | None]:
        """Both headcounts checked; given together, they must count the same people.

        One wave has one headcount: the participation on the overview (by
        department) and on the youth page (by age band) rest on the same total.
        """
        counts, ages = self._check_headcount(headcount), self._check_headcount(by_age)
        if counts is not None and ages is not None and sum(counts.values()) != sum(ages.values()):
            raise SurveyError.single(
                "store.headcount_totals_differ",
                departments=f"{sum(counts.values()):,}",
                ages=f"{sum(ages.values()):,}",
            )
        return counts, ages

    def _check_headcount(self, headcount: Mapping[str, int] | None) -> dict[str, int] | None:
        if headcount is None:
            return None
        owner = {o.id: d.id for d in self.survey.demographics for o in d.options}
        first = None
        counts = {}
        for key, value in headcount.items():
            if key not in owner:
                raise SurveyError.single("store.headcount_key", key=key)
            if first is None:
                first = key
            elif owner[key] != owner[first]:
                raise SurveyError.single("store.headcount_mixed", first=first, second=key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SurveyError.single("store.headcount_value", key=key, value=value)
            counts[key] = int(value)
        return counts

    @staticmethod
    def _lock_wave(connection: Connection, name: str) -> Any:
        row = connection.execute(
            select(waves).where(waves.c.name == name).with_for_update()
        ).first()
        if row is None:
            raise SurveyError.single("store.wave_unknown", name=name)
        return row

    @staticmethod
    def _wave_id(connection: Connection, name: str) -> int:
        wave_id = connection.execute(
            select(waves.c.id).where(waves.c.name == name)
        ).scalar_one_or_none()
        if wave_id is None:
            raise SurveyError.single("store.wave_unknown", name=name)
        return wave_id

    @staticmethod
    def _count(connection: Connection, wave_id: int) -> int:
        return connection.execute(
            select(func.count()).select_from(responses).where(responses.c.wave_id == wave_id)
        ).scalar_one()

    @staticmethod
    def _rewrite_in_id_order(connection: Connection, wave_id: int) -> None:
        # One transaction writes every row again in id order: afterwards the
        # rows share one xmin and sit in the heap in random-id order.
        params = {"wave": wave_id}
        connection.execute(
            text(
                "CREATE TEMPORARY TABLE closing_wave ON COMMIT DROP AS "
                "SELECT wave_id, id, answers, comments FROM responses WHERE wave_id = :wave"
            ),
            params,
        )
        connection.execute(text("DELETE FROM responses WHERE wave_id = :wave"), params)
        connection.execute(
            text(
                "INSERT INTO responses (wave_id, id, answers, comments) "
                "SELECT wave_id, id, answers, comments FROM closing_wave ORDER BY id"
            )
        )

    def _key(self, scheme: int) -> bytes | None:
        """The secret key of the code hashes (None for waves of the salt-only scheme)."""
        if scheme == codes.SCHEME_SALT:
            return None
        try:
            return codes.load_key(str(settings.get("secret_file")))
        except (OSError, ValueError):
            raise SurveyError.single("store.secret_file") from None

    def _erase_sqlite_traces(self, name: str) -> None:
        """VACUUM, then cut the write-ahead log to zero bytes; warn, never fail.

        The log keeps, frame after frame, the pages each submission wrote:
        the code marked used next to the response stored. VACUUM rewrites the
        file in key order (no cell or page keeps the order of insertion, no
        free page keeps an old row; temporary data stays in memory), and the
        truncating checkpoint, which waits until no reader holds an older
        snapshot, empties the log. Both run after the close has committed.
        """
        try:
            raw = self._engine.raw_connection()
        except (OperationalError, sqlite3.Error):
            _log.warning(_UNFINISHED, name, "the database could not be reached")
            return
        try:
            cursor = raw.cursor()
            try:
                cursor.execute("PRAGMA temp_store = MEMORY")
                cursor.execute("VACUUM")
            except sqlite3.Error as exc:
                _log.warning(_UNFINISHED, name, f"VACUUM: {exc}")
            finally:
                cursor.execute("PRAGMA temp_store = DEFAULT")
            cursor.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_BUSY_MS}")
            try:
                for _ in range(_CHECKPOINT_TRIES):
                    try:
                        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    except sqlite3.Error:
                        busy = 1
                    if busy == 0:
                        return
                    time.sleep(_CHECKPOINT_PAUSE_S)
                _log.warning(_UNFINISHED, name, "readers kept the write-ahead log busy")
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        finally:
            raw.close()

    def _erase_postgresql_traces(self, name: str) -> None:
        """VACUUM FULL of the tables the wave touched; warn, never fail.

        The close rewrite leaves the old tuples dead, each with the
        transaction id of its submission, next to the dead versions of the
        codes marked used in the same transactions; VACUUM FULL writes each
        table anew with only its live rows (and rebuilds its indexes). It
        takes each table's exclusive lock in turn, briefly holding off
        submissions to other waves; it runs outside any transaction.
        """
        for attempt in range(_VACUUM_TRIES):
            try:
                with self._engine.connect() as connection:
                    connection = connection.execution_options(isolation_level="AUTOCOMMIT")
                    connection.exec_driver_sql(f"SET lock_timeout = '{_VACUUM_LOCK_TIMEOUT}'")
                    for table in ("responses", "access_codes", "waves"):
                        connection.exec_driver_sql(f"VACUUM FULL {table}")
                return
            except (OperationalError, InterfaceError, PoolTimeout) as exc:
                if attempt == _VACUUM_TRIES - 1:
                    _log.warning(_UNFINISHED, name, type(exc.orig).__name__)


_UNFINISHED = (
    "wave %s is closed, but its storage traces could not all be erased yet (%s): "
    "close it again when the database is quiet (python -m survey wave close NAME)"
)


def _one_snapshot(connection: Connection) -> None:
    """Let every query of a load read the same snapshot, before the first runs.

    SQLite's read transaction does already; under PostgreSQL's default
    isolation each statement reads its own, and a page could then miss or
    add responses stored between the pages.
    """
    if connection.dialect.name == "postgresql":
        connection.execution_options(isolation_level="REPEATABLE READ")


def _masked(survey: Survey, answers: dict[str, object]) -> dict[str, object]:
    """The answers with personal data in every comment replaced by placeholders.

    Applied on every path that stores a comment (a submission, an import), so
    the original words never reach the database or a log (`survey.masking`;
    placeholders in the installation's language, ``CULTURE_LANG``).
    """
    if not any(answers.get(c.id) for c in survey.comments):
        return answers
    rule, lang = masking.configured(), str(settings.get("lang"))
    out = dict(answers)
    for comment in survey.comments:
        value = out.get(comment.id)
        if isinstance(value, str) and value:
            out[comment.id] = masking.mask(value, rule, lang).text
    return out


def _masked_frame(survey: Survey, frame: pd.DataFrame) -> pd.DataFrame:
    """`_masked` for every row of an imported response frame."""
    ids = [c.id for c in survey.comments if c.id in frame.columns]
    if not ids or not frame[ids].notna().to_numpy().any():
        return frame
    rule, lang = masking.configured(), str(settings.get("lang"))
    out = frame.copy()
    for column in ids:
        values = out[column].to_numpy(dtype=object)
        out[column] = pd.Series(
            [masking.mask(v, rule, lang).text if isinstance(v, str) and v else v for v in values],
            index=out.index,
            dtype=object,
        )
    return out


def _wave(row: Any) -> Wave:
    return Wave(
        name=row.name,
        status=row.status,
        access_mode=row.access_mode,
        headcount=row.headcount,
        headcount_by_age=row.headcount_by_age,
        origin=row.origin,
        codes_issued=row.codes_issued,
        title_ko=row.title_ko,
        title_en=row.title_en,
        position=row.position,
        opens_at=_utc(row.opens_at),
        closes_at=_utc(row.closes_at),
    )


def _titles(title_ko: str | None, title_en: str | None) -> dict[str, str | None]:
    """The title columns: stripped, blank as None, at most `MAX_TITLE` characters."""
    out: dict[str, str | None] = {}
    for column, value in (("title_ko", title_ko), ("title_en", title_en)):
        cleaned = " ".join(str(value).split()) if value is not None else ""
        if len(cleaned) > MAX_TITLE:
            raise SurveyError.single("store.wave_title", limit=MAX_TITLE, length=len(cleaned))
        out[column] = cleaned or None
    return out


SEOUL = ZoneInfo("Asia/Seoul")
"""The time zone schedules are written and shown in."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _session_end(now: datetime, idle_minutes: int) -> datetime:
    """When a session active at `now` ends: `idle_minutes` later, down to the minute."""
    return (now + timedelta(minutes=idle_minutes)).replace(second=0, microsecond=0)


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(SEOUL):%Y-%m-%d %H:%M}"


def _window_now() -> int:
    """The number of the current fixed window of wrong codes."""
    return int(time.time() // CODE_WINDOW_S)


def _refuse_if_over_limit(row: Any, limit: int) -> None:
    """Raise "wait" while the wave's current window holds `limit` wrong codes."""
    now = time.time()
    window = int(now // CODE_WINDOW_S)
    if row.code_window == window and row.code_failures >= limit:
        left = (window + 1) * CODE_WINDOW_S - now
        raise CodeError.make("wait", "store.code_wait", minutes=max(1, math.ceil(left / 60)))


def _refuse_other_waves(values: list[object], wave: str, source: str) -> None:
    """Refuse the import, naming each row whose wave is not ``wave``."""
    wrong = [
        (i + 2, str(value).strip())  # file rows: the header is row 1
        for i, value in enumerate(values)
        if isinstance(value, str) and value.strip() not in ("", wave)
    ]
    if wrong:
        raise SurveyError(
            [
                Problem(
                    source,
                    f"row {row}, column wave",
                    None,
                    "store.import_wave",
                    {"found": found, "name": wave},
                )
                for row, found in wrong[:MAX_PROBLEMS]
            ],
            total=len(wrong),
        )


def _renamed(error: SurveyError, path: str, shown: str) -> SurveyError:
    """The error with the server's path of the file replaced by the name the user knows."""
    problems = [
        replace(
            p,
            source=shown if p.source in (path, Path(path).name) else p.source,
            params={k: shown if v == path else v for k, v in p.params.items()},
        )
        for p in error.problems
    ]
    renamed = type(error)(problems, total=error.total)
    return renamed


def import_template(survey: Survey, lang: str = "ko") -> bytes:
    """The import workbook: a first sheet with the survey's columns, a second that explains them.

    The first sheet is what `Store.import_responses` reads; its ``wave`` column
    may stay empty or be deleted (the chosen wave fills it).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = message("store.template_sheet", lang)
    sheet.append(list(survey.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet(message("store.template_guide", lang))
    guide.append(message("store.template_header", lang).split("|"))
    for cell in guide[1]:
        cell.font = Font(bold=True)
    guide.append(
        ["wave", message("store.template_wave", lang), message("store.template_optional", lang)]
    )
    for demographic in survey.demographics:
        options = ", ".join(f"{o.id} ({o.label.get(lang)})" for o in demographic.options)
        guide.append([demographic.id, demographic.label.get(lang), options])
    for item in survey.items:
        values = message("store.template_scale", lang, low=1, high=survey.points)
        guide.append([item.id, item.text.get(lang), values])
    for outcome in survey.outcomes:
        values = message("store.template_scale", lang, low=outcome.low, high=outcome.high)
        guide.append([outcome.id, outcome.text.get(lang), values])
    for comment in survey.comments:
        limit = message("store.template_comment", lang, limit=comment.max_length)
        guide.append([comment.id, comment.text.get(lang), limit])
    for column, width in zip("ABC", (18, 70, 50), strict=True):
        guide.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_CELL = re.compile(r"^row (\d+)(?:, column (.+))?$|^column (.+)$")


def import_summary(error: SurveyError, lang: str = "ko") -> list[str]:
    """An import's problems, one line per kind: what, how many, its first rows or columns.

    A file with the same mistake in 180 rows reads as one line ("…, 180건,
    2, 3, 4, 5, 6 … 행"), in the user's language, with places written in it
    too (the problems name rows and columns in English). The first line
    says that nothing was stored and how many problems there are in all.
    """
    kinds: dict[tuple[str, str], list[Problem]] = {}
    for problem in error.problems:
        column = ""
        match = _CELL.match(problem.place or "")
        if match and match.group(2):
            column = match.group(2)
        kinds.setdefault((problem.key, column), []).append(problem)
    file = next((p.source for p in error.problems if p.source), "")
    lines = [message("store.import_summary", lang, file=file or "-", total=f"{error.total:,}")]
    truncated = error.total > len(error.problems)
    for (_key, column), found in kinds.items():
        what = message(found[0].key, lang, **found[0].params)
        if column and column not in what:
            what = f"{message('store.import_column', lang, column=column)}: {what}"
        rows = [m.group(1) for p in found if (m := _CELL.match(p.place or "")) and m.group(1)]
        columns = [m.group(3) for p in found if (m := _CELL.match(p.place or "")) and m.group(3)]
        if rows:
            more = len(rows) > 5 or truncated
            key = "store.import_rows_more" if more else "store.import_rows"
            where = message(key, lang, rows=", ".join(rows[:5]))
        elif columns:
            where = message("store.import_columns", lang, columns=", ".join(columns[:5]))
        else:
            lines.append(what)
            continue
        key = "store.import_kind_more" if truncated else "store.import_kind"
        lines.append(message(key, lang, what=what, count=f"{len(found):,}", rows=where))
    return lines


def _file_waves(path: str | os.PathLike[str]) -> list[object]:
    """The wave cells of a response file already validated, by data row (error path only).

    The response frame leaves out blank rows, so the file's own row numbers
    come from reading its wave column again.
    """
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        raw = pd.read_excel(path, header=None, dtype=str, engine="openpyxl")
    else:
        raw = pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
            skip_blank_lines=False,
        )
    header = [str(name).strip().lstrip("\ufeff") for name in raw.iloc[0]]
    return raw.iloc[1:, header.index("wave")].tolist()


def _as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A response frame as the table of strings a file would give (blank = missing)."""
    return pd.DataFrame(
        {column: _cells(frame[column]) for column in frame.columns}, index=range(len(frame))
    )


def _cells(values: pd.Series) -> np.ndarray:
    # Once per distinct value: a column of answers holds a handful of them.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [_cell_text(value) for value in uniques]
    return np.array([*texts, ""], dtype=object)[codes]


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return format(value, "g") if math.isfinite(value) else ""
    return str(value)
