"""Erasing the traces of submission once a wave closes (SQLite VACUUM, PostgreSQL rewrite)."""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from survey.db import BUSY_TIMEOUT_MS
from survey.store_base import _log

__all__ = ["TracesMixin"]

# Closing retries the truncating checkpoint this often, this far apart, each
# waiting this long for readers (a few seconds in all).
_CHECKPOINT_TRIES = 40
_CHECKPOINT_PAUSE_S = 0.05
_CHECKPOINT_BUSY_MS = 250
# VACUUM FULL on PostgreSQL: how long to wait for the table lock, how often.
_VACUUM_LOCK_TIMEOUT = "5s"
_VACUUM_TRIES = 3
_UNFINISHED = (
    "wave %s is closed, but its storage traces could not all be erased yet (%s): "
    "close it again when the database is quiet (python -m survey wave close NAME)"
)


class TracesMixin:
    """`Store`'s cleanup after a close: no stored byte keeps the order of submission."""

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
