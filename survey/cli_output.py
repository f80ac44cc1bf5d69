"""What the admin commands print and record: messages, aligned tables, audit entries."""

from __future__ import annotations

import unicodedata

from scoring.messages import text
from survey.store import Store

__all__ = ["CLI_USER", "audit", "print_table", "say"]


def say(key: str, lang: str, **params: object) -> None:
    print(text(key, lang, **params))


CLI_USER = "cli"
"""The audit log's user for actions taken on the command line."""


def audit(store: Store, action: str, **detail: object) -> None:
    store.audit(CLI_USER, action, detail or None)


def _width(cell: str) -> int:
    # Hangul and other wide characters take two terminal columns.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)


def print_table(header: list[str], rows: list[list[str]]) -> None:
    table = [header, *rows]
    widths = [max(_width(row[j]) for row in table) for j in range(len(header))]
    for row in table:
        cells = [cell + " " * (widths[j] - _width(cell)) for j, cell in enumerate(row)]
        print("  ".join(cells).rstrip())
