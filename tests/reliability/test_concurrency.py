"""Many processes writing to one database at once: nothing lost, nothing doubled.

16 processes submit 100 responses each to one SQLite file and to PostgreSQL;
8 processes race to redeem the same 50 access codes; 8 processes open a fresh
database at the same moment (migrations must run once, safely). The worker
processes are started once (spawn) and reused, and each task starts at an
agreed instant, so the writers really overlap.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import STORE_SURVEY
from tests.reliability import CAPACITY, decode, encode, record

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

WORKERS = 16
PER_WORKER = 100
RACERS = 8
CODES = 50
MAX_RETRIES = 50


def _serve(tasks: Any, results: Any) -> None:
    """A worker process: import once, then run tasks until told to stop."""
    from scoring.questionnaire import parse_survey
    from survey.store import CodeError, Store, StoreUnavailable, dispose

    survey = parse_survey(STORE_SURVEY, "store_test.yaml")
    results.put(("ready", os.getpid(), {}))
    for kind, url, wave, payload, start_at in iter(tasks.get, None):
        time.sleep(max(0.0, start_at - time.time()))
        began = time.perf_counter()
        figures = {"ok": 0, "invalid": 0, "wait": 0, "missing": 0, "retries": 0, "error": ""}
        try:
            store = None
            for _attempt in range(MAX_RETRIES):
                try:
                    store = Store(url, survey)
                    break
                except StoreUnavailable:
                    figures["retries"] += 1
                    time.sleep(0.01)
            if store is None:
                raise RuntimeError("the store stayed unavailable")
            if kind == "submit":
                first, count = payload
                jobs = [(encode(k), None) for k in range(first, first + count)]
            elif kind == "redeem":
                # The race is about each code counting once; the wave's wrong-code
                # limit (tested in tests/survey/test_store.py) is lifted for it.
                os.environ["CULTURE_CODE_WAVE_LIMIT"] = str(10**6)
                jobs = [({"a1": 1}, code) for code in payload]
            else:
                jobs = []
            for answers, code in jobs:
                for _attempt in range(MAX_RETRIES):
                    try:
                        store.submit(wave, answers, code)
                        figures["ok"] += 1
                    except StoreUnavailable:
                        # What a person does on "try again": submit again.
                        figures["retries"] += 1
                        time.sleep(0.01)
                        continue
                    except CodeError as error:
                        figures[error.status] += 1
                    break
                else:
                    figures["error"] = "gave up after retries"
        except Exception as exc:
            cause = f" ({str(exc.__cause__)[:300]})" if exc.__cause__ else ""
            figures["error"] = f"{type(exc).__name__}: {exc}{cause}"
        finally:
            dispose()
        figures["seconds"] = time.perf_counter() - began
        results.put((kind, os.getpid(), figures))


@dataclass
class Pool:
    """Worker processes, each with its own task queue, and one result queue."""

    tasks: list[Any]
    results: Any
    processes: list[Any]

    def run(self, jobs: list[tuple[str, str, str, Any]]) -> list[tuple[int, dict]]:
        """Run one job per worker, all starting at the same instant; their figures."""
        start_at = time.time() + 0.5
        for task_queue, job in zip(self.tasks, jobs, strict=False):
            task_queue.put((*job, start_at))
        out = []
        for _ in jobs:
            try:
                _kind, pid, figures = self.results.get(timeout=120)
            except queue.Empty:
                pytest.fail("a worker process did not answer within 120 s")
            out.append((pid, figures))
        return out


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    tasks = [context.Queue() for _ in range(WORKERS)]
    processes = [
        context.Process(target=_serve, args=(task_queue, results), daemon=True)
        for task_queue in tasks
    ]
    for process in processes:
        process.start()
    try:
        ready = {results.get(timeout=120)[1] for _ in processes}
        assert len(ready) == WORKERS
        yield Pool(tasks, results, processes)
    finally:
        for task_queue in tasks:
            task_queue.put(None)
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def _dialect(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def test_sixteen_writers_store_exactly_1600(pool, url, store_survey, output_dir, record_property):
    from survey.store import Store

    store = Store(url, store_survey)
    store.create_wave("2025-H2", "open")
    store.open_wave("2025-H2")
    assert WORKERS * PER_WORKER <= CAPACITY
    began = time.perf_counter()
    outcome = pool.run(
        [("submit", url, "2025-H2", (w * PER_WORKER, PER_WORKER)) for w in range(WORKERS)]
    )
    seconds = time.perf_counter() - began
    assert [f["error"] for _, f in outcome] == [""] * WORKERS
    assert len({pid for pid, _ in outcome}) == WORKERS  # sixteen distinct processes
    stored = decode(store.load_wave("2025-H2"))
    figures = {
        "database": _dialect(url),
        "processes": WORKERS,
        "acknowledged": sum(f["ok"] for _, f in outcome),
        "stored": len(stored),
        "distinct": len(set(stored)),
        "retries": sum(f["retries"] for _, f in outcome),
        "seconds": round(seconds, 2),
        "slowest_worker_seconds": round(max(f["seconds"] for _, f in outcome), 2),
    }
    record(output_dir, "sixteen_writers", figures)
    record_property("figures", figures)
    assert sorted(stored) == list(range(WORKERS * PER_WORKER))
    assert store.count("2025-H2") == WORKERS * PER_WORKER


def test_racing_for_the_same_codes_accepts_each_once(
    pool, url, store_survey, output_dir, record_property
):
    from survey.store import Store

    store = Store(url, store_survey)
    store.create_wave("2025-H2", "codes")
    codes = store.issue_codes("2025-H2", CODES)
    store.open_wave("2025-H2")
    orders = [random.Random(seed).sample(codes, len(codes)) for seed in range(RACERS)]
    began = time.perf_counter()
    outcome = pool.run([("redeem", url, "2025-H2", order) for order in orders])
    seconds = time.perf_counter() - began
    assert [f["error"] for _, f in outcome] == [""] * RACERS
    figures = {
        "database": _dialect(url),
        "processes": RACERS,
        "codes": CODES,
        "accepted": sum(f["ok"] for _, f in outcome),
        "refused": sum(f["invalid"] for _, f in outcome),
        "refused_otherwise": sum(f["wait"] + f["missing"] for _, f in outcome),
        "stored": store.count("2025-H2"),
        "retries": sum(f["retries"] for _, f in outcome),
        "seconds": round(seconds, 2),
    }
    record(output_dir, "code_race", figures)
    record_property("figures", figures)
    assert figures["accepted"] == CODES == figures["stored"]
    assert figures["refused"] == CODES * (RACERS - 1)
    assert figures["refused_otherwise"] == 0
    assert {store.check_code("2025-H2", code) for code in codes} == {"used"}


def _head_revision() -> str:
    """The newest migration's revision, from the migrations folder itself."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    folder = Path(__file__).resolve().parents[2] / "survey" / "migrations"
    config = Config()
    config.set_main_option("script_location", str(folder))
    return ScriptDirectory.from_config(config).get_current_head()


def test_processes_starting_at_once_migrate_safely(pool, url, store_survey):
    from sqlalchemy import text

    from survey.store import Store

    outcome = pool.run([("open", url, "", None) for _ in range(RACERS)])
    assert [f["error"] for _, f in outcome] == [""] * RACERS
    store = Store(url, store_survey)
    with store.engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [tuple(v) for v in versions] == [(_head_revision(),)]
    store.create_wave("2025-H1")
    assert [w.name for w in store.list_waves()] == ["2025-H1"]
