"""A SQLite database as text, for the suites that check nothing stored was lost or half-written."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def sql_dump(path: Path) -> str:
    """The database as SQL: schema and every row, the same text for the same content."""
    connection = sqlite3.connect(path)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()
