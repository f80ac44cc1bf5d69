"""What every part of the store shares: its errors, its logger, UTC times, insert chunks."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from scoring.errors import Problem, SurveyError

__all__ = ["CodeError", "StoreUnavailable"]

_INSERT_CHUNK = 5_000
_log = logging.getLogger("survey.store")


class StoreUnavailable(SurveyError):
    """The database is locked, busy or unreachable: nothing was stored; try again."""

    @classmethod
    def make(cls) -> StoreUnavailable:
        return cls([Problem("", "", None, "store.unavailable", {})])


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


def _utc(value: datetime | None) -> datetime | None:
    # SQLite keeps no time zone: the values written here are UTC.
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
