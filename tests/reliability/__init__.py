"""Reliability suites: concurrent writers, a killed writer, bad input.

Helpers shared with the subprocesses these tests start: every submission
carries its own number k in its answers (base-5 digits over the five items
of the test survey, 3,125 distinct), so the stored rows tell exactly which
submissions arrived, and whether any arrived twice.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

ITEMS = ("a1", "a2", "a3", "b1", "b2")
CAPACITY = 5 ** len(ITEMS)


def encode(k: int) -> dict[str, int]:
    """The answers of submission number k (0 <= k < 3125)."""
    return {item: (k // 5**i) % 5 + 1 for i, item in enumerate(ITEMS)}


def decode(frame: pd.DataFrame) -> list[int]:
    """The submission numbers of the stored rows."""
    digits = frame[list(ITEMS)].to_numpy() - 1
    return [int(sum(int(d) * 5**i for i, d in enumerate(row))) for row in digits]


def record(output_dir: Path, test: str, figures: dict[str, object]) -> None:
    """Append the figures of a reliability run to test-output/reliability.jsonl and print them."""
    line = json.dumps({"test": test, "at": time.strftime("%Y-%m-%d %H:%M:%S"), **figures})
    with (output_dir / "reliability.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    print(line)
