"""The survey's storage: waves, access codes, anonymous responses, users, audit log.

`Store(url)` connects to the database named by the URL (default: the
``CULTURE_DB_URL`` setting, a SQLite file under ``data/``), runs the Alembic
migrations once per process and URL, and keeps one engine per URL so that
pages do not reconnect on every run.

Anonymity is a property of what is written, so it is enforced here:

- a response row holds its wave, a random id, the packed answers and the
  comments; no time, no sequential id, nothing about the person or browser;
- responses are read back ordered by their random id, never by insertion;
- an access code is stored only as an HMAC under a per-wave salt, and
  redeeming it happens in the transaction that stores the response, without
  any column linking the two rows;
- closing a wave deletes its codes (who received which code is HR's
  knowledge; which codes were used would then tell who took part), and on
  PostgreSQL rewrites the wave's rows in one transaction in id order, so
  neither the heap order nor the transaction ids (``xmin``) of the stored
  rows still reflect the order or the transactions of submission.
"""

from __future__ import annotations

import math
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, text, update
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from scoring.errors import MAX_PROBLEMS, Problem, SurveyError
from scoring.messages import register
from scoring.questionnaire import Survey, load_survey
from scoring.responses import frame_from_table, read_responses, validate_answers
from survey import auth, codes, settings
from survey.auth import AuthError
from survey.db import (
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
    unpack,
    users,
    waves,
)

__all__ = [
    "AuditEntry",
    "AuthError",
    "CodeError",
    "Store",
    "StoreUnavailable",
    "User",
    "Wave",
    "dispose",
]

register(
    {
        "store.unavailable": {
            "ko": "지금은 데이터베이스를 쓸 수 없습니다. 잠시 후 다시 시도해 주세요",
            "en": "The database cannot be reached right now. Please try again in a moment",
        },
        "store.bad_url": {
            "ko": "데이터베이스 주소 {url}을(를) 쓸 수 없습니다. CULTURE_DB_URL을 "
            "sqlite:///data/culture.db 또는 postgresql+psycopg://사용자@호스트/DB 형식으로 "
            "적어 주십시오",
            "en": "the database address {url} cannot be used; set CULTURE_DB_URL like "
            "sqlite:///data/culture.db or postgresql+psycopg://user@host/db",
        },
        "store.wave_name": {
            "ko": "차수 이름 {name}은(는) 쓸 수 없습니다. 2025-H1처럼 연도-H1 또는 연도-H2로 "
            "쓰거나, 영문자로 시작하는 영문자·숫자·-·_ 조합(40자 이내)으로 지어 주십시오",
            "en": "the wave name {name} cannot be used: write it like 2025-H1 (a year, then H1 "
            "or H2) or as letters, digits, - and _ starting with a letter (at most 40)",
        },
        "store.wave_exists": {
            "ko": "차수 {name}은(는) 이미 있습니다",
            "en": "the wave {name} already exists",
        },
        "store.wave_unknown": {
            "ko": "차수 {name}이(가) 없습니다",
            "en": "there is no wave {name}",
        },
        "store.wave_closed": {
            "ko": "차수 {name}은(는) 마감되었습니다. 마감된 차수는 응답을 받거나 바꿀 수 없습니다",
            "en": "the wave {name} is closed; a closed wave takes no responses and no changes",
        },
        "store.wave_not_open": {
            "ko": "차수 {name}은(는) 아직 열리지 않아 응답을 받지 않습니다",
            "en": "the wave {name} is not open for responses yet",
        },
        "store.access_mode": {
            "ko": "참여 방식 {mode}은(는) 쓸 수 없습니다 (codes 또는 open)",
            "en": "the access mode {mode} cannot be used (codes or open)",
        },
        "store.open_mode_codes": {
            "ko": "차수 {name}은(는) 공개 링크 방식이라 접근 코드를 발급하지 않습니다",
            "en": "the wave {name} uses an open link and issues no access codes",
        },
        "store.code_count": {
            "ko": "발급할 코드 수는 1에서 {limit} 사이의 정수여야 합니다 (현재 값: {value})",
            "en": "the number of codes must be a whole number from 1 to {limit} (got {value})",
        },
        "store.code_missing": {
            "ko": "접근 코드를 입력해 주십시오",
            "en": "please enter your access code",
        },
        "store.code_unknown": {
            "ko": "접근 코드를 찾을 수 없습니다. 받은 코드를 다시 확인해 주십시오",
            "en": "this access code is not known; please check the code you received",
        },
        "store.code_used": {
            "ko": "이미 사용된 접근 코드입니다. 한 코드로는 한 번만 응답할 수 있습니다",
            "en": "this access code has already been used; each code answers once",
        },
        "store.headcount_key": {
            "ko": "{key}은(는) 설문의 인구통계 선택지가 아닙니다",
            "en": "{key} is not an option of any demographic of the survey",
        },
        "store.headcount_mixed": {
            "ko": "인원수는 한 인구통계 문항의 선택지별로 적어 주십시오 ({first}, {second})",
            "en": "give headcounts for the options of one demographic only ({first}, {second})",
        },
        "store.headcount_value": {
            "ko": "인원수는 0 이상의 정수여야 합니다 ({key}={value})",
            "en": "a headcount must be a whole number of 0 or more ({key}={value})",
        },
        "store.layout_changed": {
            "ko": "차수 {name}을(를) 만든 뒤 설문이 바뀌어 {column} 항목을 저장할 수 없습니다",
            "en": "the survey changed after the wave {name} was created: {column} cannot be stored",
        },
        "store.import_wave": {
            "ko": "이 행은 차수 {found}의 응답입니다 (가져오는 차수: {name})",
            "en": "this row belongs to the wave {found} (importing into {name})",
        },
    }
)

ACCESS_MODES = ("codes", "open")
MAX_CODES = 100_000
_WAVE_NAME = re.compile(r"^(\d{4}-H[12]|[A-Za-z][A-Za-z0-9_-]{0,39})$")
_USER_NAME = re.compile(r"^[\w.@-]{1,64}$")
_INSERT_CHUNK = 5_000


class StoreUnavailable(SurveyError):
    """The database is locked, busy or unreachable: nothing was stored; try again."""

    @classmethod
    def make(cls) -> StoreUnavailable:
        return cls([Problem("", "", None, "store.unavailable", {})])


class CodeError(SurveyError):
    """An access code that cannot be redeemed; `status` is "used" or "unknown"."""

    status: str = "unknown"

    @classmethod
    def make(cls, status: str, key: str) -> CodeError:
        error = cls([Problem("", "", None, key, {})])
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

    @property
    def headcount_total(self) -> int | None:
        """The wave's population N (sum of the headcounts), if known."""
        return None if self.headcount is None else sum(self.headcount.values())


@dataclass(frozen=True)
class User:
    """A signed-in person of HR or the youth panel."""

    name: str
    role: str
    locked_until: datetime | None = None


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
    ) -> Wave:
        """Create a draft wave; its answer layout is taken from the current survey."""
        if not isinstance(name, str) or not _WAVE_NAME.match(name):
            raise SurveyError.single("store.wave_name", name=repr(name))
        if access_mode not in ACCESS_MODES:
            raise SurveyError.single("store.access_mode", mode=repr(access_mode))
        counts = self._check_headcount(headcount)
        by_age = self._check_headcount(headcount_by_age)
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
                    )
                )
        except IntegrityError:
            raise SurveyError.single("store.wave_exists", name=name) from None
        return self.get_wave(name)

    def open_wave(self, name: str) -> Wave:
        """Open a draft wave for responses (no-op if open; a closed wave never reopens)."""
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=name)
            if row.status == "draft":
                values: dict[str, Any] = {"status": "open", "revision": waves.c.revision + 1}
                if self._count(connection, row.id) == 0:
                    # Nothing stored yet: follow edits made to the survey while drafting.
                    values["survey_layout"] = layout_of(self.survey)
                connection.execute(update(waves).where(waves.c.id == row.id).values(**values))
        return self.get_wave(name)

    def close_wave(self, name: str) -> Wave:
        """Close a wave for ever: no more responses, imports or codes (no-op if closed)."""
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            if row.status != "closed":
                connection.execute(
                    update(waves)
                    .where(waves.c.id == row.id)
                    .values(status="closed", revision=waves.c.revision + 1)
                )
                connection.execute(access_codes.delete().where(access_codes.c.wave_id == row.id))
                if connection.dialect.name == "postgresql":
                    self._rewrite_in_id_order(connection, row.id)
        if self._engine.dialect.name == "sqlite":
            self._truncate_wal()
        return self.get_wave(name)

    def set_headcount(
        self,
        name: str,
        headcount: Mapping[str, int] | None,
        headcount_by_age: Mapping[str, int] | None = None,
    ) -> Wave:
        """Set the wave's headcount per department option (and per age band).

        Headcounts are not responses, so a closed wave's may be corrected too.
        """
        counts = self._check_headcount(headcount)
        by_age = self._check_headcount(headcount_by_age)
        with self._write() as connection:
            row = self._lock_wave(connection, name)
            connection.execute(
                update(waves)
                .where(waves.c.id == row.id)
                .values(headcount=counts, headcount_by_age=by_age, revision=waves.c.revision + 1)
            )
        return self.get_wave(name)

    def list_waves(self) -> list[Wave]:
        """Every wave, by name (``2024-H2`` < ``2025-H1``)."""
        with self._read() as connection:
            rows = connection.execute(select(waves).order_by(waves.c.name)).all()
        return [_wave(row) for row in rows]

    def open_waves(self) -> list[Wave]:
        """The waves now taking responses, by name."""
        return [wave for wave in self.list_waves() if wave.status == "open"]

    def get_wave(self, name: str) -> Wave:
        """The wave of this name; `SurveyError` if there is none."""
        with self._read() as connection:
            row = connection.execute(select(waves).where(waves.c.name == name)).first()
        if row is None:
            raise SurveyError.single("store.wave_unknown", name=name)
        return _wave(row)

    # ------------------------------------------------------------ access codes

    def issue_codes(self, wave: str, count: int) -> list[str]:
        """Issue `count` new one-time codes for a wave in ``codes`` mode.

        Returns the codes in display form (``K7M2-QX9P``); this is the only
        time they exist in plain text: only their salted hashes are stored.
        """
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_CODES:
            raise SurveyError.single("store.code_count", limit=MAX_CODES, value=count)
        with self._write() as connection:
            row = self._lock_wave(connection, wave)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=wave)
            if row.access_mode != "codes":
                raise SurveyError.single("store.open_mode_codes", name=wave)
            fresh: dict[str, str] = {}
            while len(fresh) < count:
                batch = {}
                while len(batch) < count - len(fresh):
                    code = codes.new_code()
                    digest = codes.hash_code(row.code_salt, codes.normalize(code) or "")
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
            rows = [{"wave_id": row.id, "code_hash": h, "used": False} for h in fresh]
            for start in range(0, len(rows), _INSERT_CHUNK):
                connection.execute(insert(access_codes), rows[start : start + _INSERT_CHUNK])
            connection.execute(
                update(waves).where(waves.c.id == row.id).values(revision=waves.c.revision + 1)
            )
        return list(fresh.values())

    def check_code(self, wave: str, code: str) -> str:
        """Whether a code can be redeemed in a wave: "valid", "used" or "unknown"."""
        normal = codes.normalize(code or "")
        if normal is None:
            return "unknown"
        with self._read() as connection:
            row = connection.execute(
                select(waves.c.id, waves.c.code_salt).where(waves.c.name == wave)
            ).first()
            if row is None:
                return "unknown"
            used = connection.execute(
                select(access_codes.c.used).where(
                    access_codes.c.wave_id == row.id,
                    access_codes.c.code_hash == codes.hash_code(row.code_salt, normal),
                )
            ).scalar_one_or_none()
        if used is None:
            return "unknown"
        return "used" if used else "valid"

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
        normalized = validate_answers(self.survey, answers)
        with self._write() as connection:
            # Taking the wave row first orders every writer the same way (no
            # deadlocks) and holds off a concurrent close until this commits.
            row = connection.execute(
                update(waves)
                .where(waves.c.name == wave, waves.c.status == "open")
                .values(revision=waves.c.revision + 1)
                .returning(
                    waves.c.id, waves.c.access_mode, waves.c.survey_layout, waves.c.code_salt
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
            if row.access_mode == "codes":
                self._redeem(connection, row.id, row.code_salt, code)
            connection.execute(
                insert(responses).values(
                    wave_id=row.id, id=secrets.token_hex(16), answers=blob, comments=comments
                )
            )

    def _redeem(self, connection: Connection, wave_id: int, salt: bytes, code: str | None) -> None:
        if not code:
            raise CodeError.make("unknown", "store.code_missing")
        normal = codes.normalize(code)
        if normal is None:
            raise CodeError.make("unknown", "store.code_unknown")
        digest = codes.hash_code(salt, normal)
        where = (access_codes.c.wave_id == wave_id, access_codes.c.code_hash == digest)
        # Conditional update: of two racing redemptions exactly one sees used = false.
        result = connection.execute(
            update(access_codes).where(*where, access_codes.c.used.is_(False)).values(used=True)
        )
        if result.rowcount != 1:
            exists = connection.execute(select(access_codes.c.used).where(*where)).first()
            if exists is None:
                raise CodeError.make("unknown", "store.code_unknown")
            raise CodeError.make("used", "store.code_used")

    def count(self, wave: str) -> int:
        """How many responses a wave holds."""
        with self._read() as connection:
            wave_id = self._wave_id(connection, wave)
            return self._count(connection, wave_id)

    def load_wave(self, wave: str) -> pd.DataFrame:
        """One wave as the response frame (rows in the order of their random ids)."""
        with self._read() as connection:
            row = connection.execute(
                select(waves.c.id, waves.c.survey_layout).where(waves.c.name == wave)
            ).first()
            if row is None:
                raise SurveyError.single("store.wave_unknown", name=wave)
            return self._load(connection, wave, row.id, row.survey_layout)

    def load_all(self) -> pd.DataFrame:
        """Every wave's responses as one response frame, waves in name order."""
        with self._read() as connection:
            rows = connection.execute(
                select(waves.c.id, waves.c.name, waves.c.survey_layout).order_by(waves.c.name)
            ).all()
            frames = [self._load(connection, r.name, r.id, r.survey_layout) for r in rows]
        if not frames:
            return unpack(layout_of(self.survey), self.survey, "", [], [])
        return pd.concat(frames, ignore_index=True)

    def _load(
        self, connection: Connection, name: str, wave_id: int, layout: dict[str, Any]
    ) -> pd.DataFrame:
        result = connection.execute(
            select(responses.c.answers, responses.c.comments)
            .where(responses.c.wave_id == wave_id)
            .order_by(responses.c.id)
        )
        # Straight from the driver's cursor: building a Row per response costs
        # more than decoding the whole wave (both drivers return bytes).
        rows = result.cursor.fetchall()
        result.close()
        return unpack(layout, self.survey, name, [r[0] for r in rows], [r[1] for r in rows])

    def import_responses(self, wave: str, source: str | os.PathLike[str] | pd.DataFrame) -> int:
        """Import historical responses (a CSV/XLSX file or a frame): all or nothing.

        The file is validated as a whole (`read_responses`); a row for another
        wave is refused with its row number. A closed wave refuses imports.
        Returns the number of responses stored.
        """
        if isinstance(source, pd.DataFrame):
            if "wave" in source.columns:
                _refuse_other_waves(source["wave"].tolist(), wave, "")
            frame = frame_from_table(_as_table(source), self.survey)
        else:
            frame = read_responses(source, self.survey)
            if (frame["wave"] != wave).any():
                _refuse_other_waves(_file_waves(source), wave, os.fspath(source))
        with self._write() as connection:
            row = self._lock_wave(connection, wave)
            if row.status == "closed":
                raise SurveyError.single("store.wave_closed", name=wave)
            layout = row.survey_layout
            values: dict[str, Any] = {"revision": waves.c.revision + 1}
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

    def data_version(self) -> int:
        """A number that grows with every write to waves, codes or responses."""
        with self._read() as connection:
            return int(
                connection.execute(
                    select(func.coalesce(func.sum(waves.c.revision), 0))
                ).scalar_one()
            )

    # ------------------------------------------------------------ users

    def add_user(self, name: str, role: str, password: str) -> User:
        """Create a user with an argon2id-hashed password."""
        auth.check_user(name, role)
        auth.check_new_password(password)
        try:
            with self._write() as connection:
                connection.execute(
                    insert(users).values(
                        name=name,
                        role=role,
                        password_hash=auth.hash_password(password),
                        failed_count=0,
                        locked_until=None,
                    )
                )
        except IntegrityError:
            raise SurveyError.single("auth.user_exists", name=name) from None
        return User(name, role)

    def set_password(self, name: str, password: str) -> None:
        """Replace a user's password and lift any lockout."""
        auth.check_new_password(password)
        with self._write() as connection:
            result = connection.execute(
                update(users)
                .where(users.c.name == name)
                .values(
                    password_hash=auth.hash_password(password), failed_count=0, locked_until=None
                )
            )
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
        if row is None:
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
        return User(current.name, current.role)

    def list_users(self) -> list[User]:
        """Every user, by name."""
        with self._read() as connection:
            rows = connection.execute(select(users).order_by(users.c.name)).all()
        return [User(r.name, r.role, _utc(r.locked_until)) for r in rows]

    def audit(self, user: str, action: str, detail: Mapping[str, Any] | None = None) -> None:
        """Record that an HR or youth panel user did something (opened, filtered, exported)."""
        with self._write() as connection:
            connection.execute(
                insert(audit_log).values(
                    at=auth.utcnow(),
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

    # ------------------------------------------------------------ helpers

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

    def _truncate_wal(self) -> None:
        # The write-ahead log groups the pages each transaction wrote; once a
        # wave is closed nothing needs that history, so it is cut to zero
        # bytes (best effort: a busy database keeps it until next time).
        try:
            raw = self._engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        except (OperationalError, sqlite3.Error):
            return


def _wave(row: Any) -> Wave:
    return Wave(
        name=row.name,
        status=row.status,
        access_mode=row.access_mode,
        headcount=row.headcount,
        headcount_by_age=row.headcount_by_age,
    )


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
