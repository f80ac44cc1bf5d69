"""A writer killed with SIGKILL in the middle of a stream of submissions.

The writer prints an "ack k" line after each submission k has committed. The
test kills it at an arbitrary moment, then checks that the database passes
its integrity check, holds every acknowledged submission exactly once (and
at most the one it was committing when killed besides), and takes new
submissions.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import STORE_SURVEY
from tests.reliability import CAPACITY, decode, record

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 3
WRITER = """
import sys
from scoring.questionnaire import parse_survey
from survey.store import Store
from tests.reliability import encode

url, survey_file, first, last = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(survey_file, encoding="utf-8") as handle:
    store = Store(url, parse_survey(handle.read(), survey_file))
print("ready", flush=True)
for k in range(first, last):
    store.submit("2025-H2", encode(k))
    print("ack", k, flush=True)
"""


def _kill_mid_stream(url: str, survey_file: Path, first: int, kill_after: int) -> list[int]:
    """Run a writer from submission `first`, SIGKILL it after `kill_after` acks; the acks."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(survey_file), str(first), str(first + 1000)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acked: list[int] = []
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        while len(acked) < kill_after:
            line = writer.stdout.readline()
            if not line:
                pytest.fail(f"the writer stopped by itself: {writer.stderr.read()}")
            acked.append(int(line.split()[1]))
        os.kill(writer.pid, signal.SIGKILL)
        # Acks already written to the pipe before the kill count as well.
        acked += [int(line.split()[1]) for line in writer.stdout.read().splitlines()]
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    return acked


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def test_a_killed_writer_loses_no_acknowledged_submission(
    url, store_survey, tmp_path, output_dir, record_property
):
    from survey.store import Store, dispose

    survey_file = tmp_path / "survey.yaml"
    survey_file.write_text(STORE_SURVEY, encoding="utf-8")
    store = Store(url, store_survey)
    store.create_wave("2025-H2", "open")
    store.open_wave("2025-H2")
    began = time.perf_counter()
    acknowledged: list[int] = []
    for round_ in range(ROUNDS):
        # Kill after a different number of acks each round: somewhere mid-transaction.
        acknowledged += _kill_mid_stream(url, survey_file, round_ * 1000, 40 + 37 * round_)
    seconds = time.perf_counter() - began
    assert ROUNDS * 1000 <= CAPACITY
    dispose(url)

    integrity = "not applicable"
    if url.startswith("sqlite"):
        database = Store(url, store_survey).engine.url.database
        with sqlite3.connect(database) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        assert integrity == "ok"
    store = Store(url, store_survey)
    stored = decode(store.load_wave("2025-H2"))
    unacknowledged = sorted(set(stored) - set(acknowledged))
    figures = {
        "database": "sqlite" if url.startswith("sqlite") else "postgresql",
        "kills": ROUNDS,
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "committed_but_unacknowledged": len(unacknowledged),
        "integrity_check": integrity,
        "seconds": round(seconds, 2),
    }
    record(output_dir, "sigkill_writer", figures)
    record_property("figures", figures)
    assert len(stored) == len(set(stored))
    assert set(acknowledged) <= set(stored)
    # Only the submission in flight at each kill may be stored without its ack.
    assert len(unacknowledged) <= ROUNDS
    store.submit("2025-H2", {"a1": 5})
    assert store.count("2025-H2") == len(stored) + 1
