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

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from scoring.errors import SurveyError
from scoring.questionnaire import Survey, load_survey
from survey import settings
from survey.auth import AuthError
from survey.db import dispose, engine_for, normalize_url
from survey.store_base import CodeError, StoreUnavailable
from survey.store_codes import CODE_WINDOW_S, MAX_CODES, CodesMixin
from survey.store_imports import ImportsMixin, import_summary, import_template
from survey.store_responses import ResponsesMixin
from survey.store_traces import TracesMixin
from survey.store_users import AuditEntry, User, UsersMixin
from survey.store_waves import (
    ACCESS_MODES,
    MAX_TITLE,
    SEOUL,
    WAVE_ID,
    WAVE_ID_PATTERN,
    Wave,
    WavesMixin,
)

__all__ = [
    "ACCESS_MODES",
    "CODE_WINDOW_S",
    "MAX_CODES",
    "MAX_TITLE",
    "SEOUL",
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


class Store(WavesMixin, CodesMixin, ResponsesMixin, ImportsMixin, UsersMixin, TracesMixin):
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
