"""Reading a file the user names: a byte cap before anything is parsed, and
the project's located messages for a missing, unreadable or oversized file."""

from __future__ import annotations

import os
from pathlib import Path

from scoring.errors import SurveyError

__all__ = ["read_capped", "utf8_line"]


def read_capped(path: str | os.PathLike[str], limit: int, too_big: str) -> bytes:
    """The file's bytes, reading at most ``limit + 1`` of them.

    Raises `SurveyError` "file.not_found" or "file.unreadable", and ``too_big``
    (with ``source`` and ``limit`` as parameters) for a file over ``limit``
    bytes, so a huge file or an endless one (/dev/zero) is refused at once.
    """
    source = os.fspath(path)
    try:
        with Path(path).open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise SurveyError.single("file.not_found", source=source) from None
    except OSError as exc:
        raise SurveyError.single("file.unreadable", source=source, detail=exc.strerror) from None
    if len(data) > limit:
        raise SurveyError.single(too_big, source=source, limit=f"{limit:,}")
    return data


def utf8_line(data: bytes, error: UnicodeDecodeError) -> int:
    """The line (from 1) of the first byte that is not UTF-8."""
    return data[: error.start].count(b"\n") + 1
