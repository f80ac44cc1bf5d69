"""Access codes: issued, withdrawn, checked and redeemed, with the wave's wrong-code limit."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, case, func, insert, select, update

from scoring.errors import SurveyError
from survey import codes, settings
from survey.db import access_codes, waves
from survey.store_base import _INSERT_CHUNK, CodeError

__all__ = ["CODE_WINDOW_S", "MAX_CODES", "CodesMixin"]

MAX_CODES = 100_000
CODE_WINDOW_S = 15 * 60
"""Length of the fixed windows in which a wave's wrong codes are counted."""


class CodesMixin:
    """`Store`'s one-time access codes, stored only as keyed hashes (`survey.codes`)."""

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

    def _key(self, scheme: int) -> bytes | None:
        """The secret key of the code hashes (None for waves of the salt-only scheme)."""
        if scheme == codes.SCHEME_SALT:
            return None
        try:
            return codes.load_key(str(settings.get("secret_file")))
        except (OSError, ValueError):
            raise SurveyError.single("store.secret_file") from None


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
