"""Benchmarks 3 and 4: the store, on SQLite and on PostgreSQL.

3. Loading one wave from the store into the response frame
   (`Store.load_wave`), at 1,000 to 1,000,000 responses; SQLite's targets are
   at 500,000 (issue 7) and 1,000,000 (issue 17). The baseline is what an
   analyst keeps instead: a plain wide table (one column per question) read
   with ``pandas.read_sql_query`` and given the response frame's types. Both
   must hold the same answers.
4. Storing one response (`Store.submit` with a one-time access code): the
   latency of one writer, and the throughput of 16 writer processes at once.
   The baseline inserts the same answers as one row of the plain table, one
   transaction each, with no validation and no access code.

SQLite runs in a temporary directory; PostgreSQL (``BENCH_PG_URL``, default
the test server) in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, create_engine, text

from bench import (
    Mismatch,
    Row,
    best_time,
    count,
    megabytes,
    met,
    peak_memory,
    seconds,
    speedup,
    survey_with,
    timed,
)
from scoring.questionnaire import Survey
from scoring.sample import generate, wave_names
from survey.store import Store, dispose

__all__ = ["database", "run_load", "run_write"]

PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("SQLite", "PostgreSQL")

LOAD_SIZES = (1_000, 10_000, 100_000, 500_000, 1_000_000)
QUICK_LOAD_SIZES = (1_000, 10_000)
LOAD_TARGETS = {500_000: 3.0, 1_000_000: 1.0}
"""SQLite load targets, seconds by responses: issue 7's, and issue 17's for a million."""

WRITES, QUICK_WRITES = 500, 50
WRITERS = 16
WRITES_PER_WRITER, QUICK_WRITES_PER_WRITER = 100, 25
P95_TARGET_MS = 20.0
# Seconds for the writer processes to start, and to finish their writes.
_START_TIMEOUT, _RUN_TIMEOUT = 300, 600
THROUGHPUT_TARGET = 300.0


@contextmanager
def database(backend: str) -> Iterator[str]:
    """A fresh, empty database of ``backend`` for one benchmark; removed afterwards."""
    if backend == "SQLite":
        folder = tempfile.mkdtemp(prefix="culture-bench-")
        url = f"sqlite:///{folder}/bench.db"
        try:
            yield url
        finally:
            dispose(url)
            shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg

    schema = f"bench_{secrets.token_hex(6)}"
    base = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
        try:
            yield url
        finally:
            dispose(url)
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


# ------------------------------------------------------------------ 3. load


def _baseline_load(engine: Engine, survey: Survey, wave: str) -> pd.DataFrame:
    """The plain table's rows of one wave, with the response frame's types."""
    with engine.connect() as connection:
        frame = pd.read_sql_query(
            text("SELECT * FROM plain WHERE wave = :wave"), connection, params={"wave": wave}
        )
    for demographic in survey.demographics:
        options = [o.id for o in demographic.options]
        frame[demographic.id] = pd.Categorical(frame[demographic.id], categories=options)
    for column in [i.id for i in survey.items] + [o.id for o in survey.outcomes]:
        frame[column] = frame[column].astype(np.float64)
    for comment in survey.comments:
        frame[comment.id] = frame[comment.id].astype(object)
    return frame[list(survey.columns)]


def _same_answers(ours: pd.DataFrame, theirs: pd.DataFrame, survey: Survey) -> list[str]:
    """Row order carries no meaning: compare every column's distribution."""
    if ours.shape != theirs.shape:
        return [f"shape {ours.shape} != {theirs.shape}"]
    problems = []
    for column in survey.columns:
        a, b = ours[column], theirs[column]
        if isinstance(a.dtype, pd.CategoricalDtype) or a.dtype == object:
            same = (
                a.value_counts(dropna=False)
                .sort_index()
                .equals(b.value_counts(dropna=False).sort_index())
            )
        else:
            same = a.isna().sum() == b.isna().sum() and math.isclose(a.sum(), b.sum())
        if not same:
            problems.append(f"column {column} differs")
    return problems


def run_load(quick: bool = False) -> list[Row]:
    """Benchmark 3 on each backend; raises `Mismatch` when the frames differ."""
    survey = survey_with(extra_items=1)
    sizes = QUICK_LOAD_SIZES if quick else LOAD_SIZES
    names = wave_names("2026-H2", len(sizes))
    rows = []
    for backend in BACKENDS:
        with database(backend) as url:
            store = Store(url, survey)
            engine = create_engine(url)
            try:
                for n, wave in zip(sizes, names, strict=True):
                    frame = generate(survey, n, waves=1, seed=n, last_wave=wave)
                    store.create_wave(wave, access_mode="open")
                    store.import_responses(wave, frame)
                    frame.to_sql("plain", engine, if_exists="append", index=False, chunksize=20_000)
                    with engine.begin() as connection:
                        connection.execute(
                            text("CREATE INDEX IF NOT EXISTS plain_wave ON plain (wave)")
                        )
                    del frame
                    ours_timing = best_time(lambda s=store, w=wave: s.load_wave(w), 3)
                    baseline, _, expected = best_time(
                        lambda e=engine, w=wave: _baseline_load(e, survey, w),
                        1 if n > 100_000 else 3,
                    )
                    ours, loaded = ours_timing.seconds, ours_timing.result
                    problems = _same_answers(loaded, expected, survey)
                    if problems:
                        raise Mismatch(f"load {backend} {n}: " + "; ".join(problems[:10]))
                    del loaded, expected
                    peak = peak_memory(lambda s=store, w=wave: s.load_wave(w))
                    limit = LOAD_TARGETS.get(n) if backend == "SQLite" else None
                    at_target = limit is not None
                    rows.append(
                        Row(
                            f"3 load wave ({backend})",
                            f"{count(n)} responses",
                            timed(ours_timing),
                            seconds(baseline),
                            speedup(ours, baseline),
                            megabytes(peak),
                            f"< {limit:.0f} s" if at_target else "-",
                            met(ours < limit) if at_target else "-",
                        )
                    )
            finally:
                engine.dispose()
    return rows


# ------------------------------------------------------------------ 4. write


def _answers(survey: Survey, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` responses as the form submits them: ints, option ids, text, None."""
    frame = generate(survey, n, waves=1, seed=seed)
    numeric = [i.id for i in survey.items] + [o.id for o in survey.outcomes]
    out = []
    for record in frame.drop(columns="wave").to_dict("records"):
        answers = {}
        for key, value in record.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                answers[key] = None
            else:
                answers[key] = int(value) if key in numeric else str(value)
        out.append(answers)
    return out


def _plain_insert(engine: Engine, survey: Survey) -> Callable[[str, dict], None]:
    columns = list(survey.columns)
    statement = text(
        f"INSERT INTO plain_writes ({', '.join(columns)}) "
        f"VALUES ({', '.join(':' + c for c in columns)})"
    )

    def insert(wave: str, answers: dict) -> None:
        with engine.begin() as connection:
            connection.execute(statement, {"wave": wave, **answers})

    return insert


def _submitter(url: str, survey: Survey, baseline: bool) -> Callable[[str, dict, str], None]:
    if baseline:
        insert = _plain_insert(create_engine(url), survey)
        return lambda wave, answers, _code: insert(wave, answers)
    store = Store(url, survey)
    return lambda wave, answers, code: store.submit(wave, answers, code)


def _write_all(
    submit: Callable[[str, dict, str], None], wave: str, answers: list[dict], codes: list[str]
) -> list[float]:
    latencies = []
    for response, code in zip(answers, codes, strict=True):
        start = time.perf_counter()
        submit(wave, response, code)
        latencies.append(time.perf_counter() - start)
    return latencies


def _writer(
    url: str,
    survey: Survey,
    baseline: bool,
    wave: str,
    answers: list[dict],
    codes: list[str],
    ready: Any,
    results: Any,
) -> None:
    """One of the concurrent writers: connect, wait for the others, write, report."""
    submit = _submitter(url, survey, baseline)
    ready.wait(timeout=_START_TIMEOUT)
    latencies = _write_all(submit, wave, answers, codes)
    results.put((latencies, time.perf_counter()))


def _concurrent(
    url: str, survey: Survey, baseline: bool, wave: str, answers: list[dict], codes: list[str]
) -> tuple[float, list[float]]:
    """Responses per second of `WRITERS` processes writing at once, and their latencies."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    ready = context.Barrier(WRITERS + 1)
    results = context.Queue()
    share = len(answers) // WRITERS
    workers = [
        context.Process(
            target=_writer,
            args=(
                url,
                survey,
                baseline,
                wave,
                answers[w * share : (w + 1) * share],
                codes[w * share : (w + 1) * share],
                ready,
                results,
            ),
        )
        for w in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    ready.wait(timeout=_START_TIMEOUT)
    start = time.perf_counter()
    reports = [results.get(timeout=_RUN_TIMEOUT) for _ in workers]
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise RuntimeError(f"a writer failed with exit code {worker.exitcode}")
    finished = max(end for _, end in reports)
    latencies = [latency for batch, _ in reports for latency in batch]
    return share * WRITERS / (finished - start), latencies


def _percentiles(latencies: list[float]) -> tuple[float, float, float]:
    p50, p95, p99 = np.percentile(np.asarray(latencies) * 1000, [50, 95, 99])
    return float(p50), float(p95), float(p99)


def _latency_text(latencies: list[float]) -> str:
    p50, p95, p99 = _percentiles(latencies)
    return f"p50 {p50:.1f} / p95 {p95:.1f} / p99 {p99:.1f} ms"


def _prepare_wave(store: Store, wave: str, n: int) -> list[str]:
    store.create_wave(wave, access_mode="codes")
    store.open_wave(wave)
    return store.issue_codes(wave, n)


def run_write(quick: bool = False) -> list[Row]:
    """Benchmark 4 on each backend: one writer's latency, then 16 writers' throughput."""
    survey = survey_with(extra_items=1)
    writes = QUICK_WRITES if quick else WRITES
    per_writer = QUICK_WRITES_PER_WRITER if quick else WRITES_PER_WRITER
    rows = []
    for backend in BACKENDS:
        with database(backend) as url:
            store = Store(url, survey)
            engine = create_engine(url)
            generate(survey, 1, seed=0).iloc[:0].to_sql("plain_writes", engine, index=False)
            engine.dispose()
            answers = _answers(survey, writes, seed=1)
            codes = _prepare_wave(store, "latency", writes)
            ours = _write_all(_submitter(url, survey, False), "latency", answers, codes)
            base = _write_all(_submitter(url, survey, True), "latency", answers, codes)
            if store.count("latency") != writes:
                raise Mismatch(f"{backend}: {store.count('latency')} of {writes} responses stored")
            p95, base_p95 = _percentiles(ours)[1], _percentiles(base)[1]
            rows.append(
                Row(
                    f"4 store response ({backend})",
                    f"1 writer, {count(writes)} responses",
                    _latency_text(ours),
                    _latency_text(base),
                    speedup(p95, base_p95),
                    "-",
                    "-" if quick else f"p95 < {P95_TARGET_MS:.0f} ms",
                    "-" if quick else met(p95 < P95_TARGET_MS),
                )
            )
            total = WRITERS * per_writer
            answers = _answers(survey, total, seed=2)
            codes = _prepare_wave(store, "throughput", total)
            dispose(url)
            rate, latencies = _concurrent(url, survey, False, "throughput", answers, codes)
            base_rate, _ = _concurrent(url, survey, True, "throughput", answers, codes)
            stored = Store(url, survey).count("throughput")
            if stored != total:
                raise Mismatch(f"{backend}: {stored} of {total} concurrent responses stored")
            judged = backend == "SQLite" and not quick
            rows.append(
                Row(
                    f"4 store throughput ({backend})",
                    f"{WRITERS} writers, {count(total)} responses",
                    f"{rate:.0f}/s (p95 {_percentiles(latencies)[1]:.0f} ms)",
                    f"{base_rate:.0f}/s",
                    f"{rate / base_rate:.1f}x",
                    "-",
                    f">= {THROUGHPUT_TARGET:.0f}/s" if judged else "-",
                    met(rate >= THROUGHPUT_TARGET) if judged else "-",
                )
            )
    return rows
