"""Responses: one anonymous submission stored, a wave's responses loaded back."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select, text, update

from scoring.errors import SurveyError
from scoring.questionnaire import Survey
from scoring.responses import validate_answers
from survey import masking, settings
from survey.db import LayoutMismatch, layout_of, pack_answers, responses, unpack, waves
from survey.store_base import CodeError

__all__ = ["ResponsesMixin"]

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


class _WrongCode(Exception):
    """Rolls a submission back whose code is unknown or used."""

    def __init__(self, wave_id: int) -> None:
        super().__init__(wave_id)
        self.wave_id = wave_id


class ResponsesMixin:
    """`Store`'s responses: submitted one by one, counted, loaded in random-id order."""

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
