"""Benchmarks at civil-service scale (issue 7): one command, one table.

``python3 -m bench [--quick] [--only 1,2,...]`` runs the benchmarks and prints
one row per measurement: the project's path, a straightforward baseline on
the same data (`bench.baseline`), the speed-up, the peak memory, the target
and whether it was met. Every benchmark also checks that both paths give the
same numbers, and stops with the differences if they do not.

1. `bench.report_bench`: the full report of 1,000,000 responses x 36 items, and its growth.
2. `bench.units_bench`: unit reports for 10,000 departments in 500,000 responses.
3. `bench.store_bench`: loading a wave from the store, SQLite and PostgreSQL, and its growth.
4. `bench.store_bench`: storing a response: latency and throughput with 16 writers.
5. `bench.pages_bench`: each HR page in AppTest with 100,000 responses over four waves.
6. `bench.e2e_bench`: a 1,000,000-response CSV (and Parquet) file to its report, as whole
   processes, against the same report in SQL over DuckDB (`bench.duckdb_baseline`).

This module holds what they share: the table row, timing, memory, the
surveys the benchmarks need and the description of the machine.
"""

from __future__ import annotations

import os
import platform
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from scoring.questionnaire import Item, Option, Survey, Text, load_survey

__all__ = [
    "QUESTIONS",
    "Measured",
    "Mismatch",
    "Row",
    "Timing",
    "best_time",
    "count",
    "machine",
    "measure",
    "megabytes",
    "met",
    "peak_memory",
    "seconds",
    "speedup",
    "survey_with",
    "table",
    "timed",
]

QUESTIONS = Path(__file__).resolve().parent.parent / "questions.yaml"

COLUMNS = ("benchmark", "size", "ours", "baseline", "speed-up", "peak memory", "target", "met?")


@dataclass(frozen=True)
class Row:
    """One line of the table; every cell already formatted."""

    benchmark: str
    size: str
    ours: str
    baseline: str = "-"
    speedup: str = "-"
    memory: str = "-"
    target: str = "-"
    met: str = "-"

    def cells(self) -> tuple[str, ...]:
        return (
            self.benchmark,
            self.size,
            self.ours,
            self.baseline,
            self.speedup,
            self.memory,
            self.target,
            self.met,
        )


class Mismatch(Exception):
    """The project's path and the baseline gave different numbers."""


class Timing(NamedTuple):
    """The fastest run: wall-clock seconds, the CPU seconds of that run (every
    thread of the process), and its result."""

    seconds: float
    cpu: float
    result: Any


def best_time(function: Callable[[], Any], repeat: int) -> Timing:
    """The fastest of ``repeat`` runs, the least disturbed by other work on a
    shared machine; the result is the last run's."""
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        took = time.perf_counter() - start
        if took < best:
            best, cpu = took, time.process_time() - start_cpu
    return Timing(best, cpu, result)


def peak_memory(function: Callable[[], Any]) -> int:
    """Peak bytes allocated by ``function`` above what was allocated before it.

    tracemalloc sees Python objects and numpy's (hence pandas') array
    buffers, which are what analysis allocates; memory mapped by C libraries
    outside numpy (BLAS work space, SQLite pages) is not counted.
    """
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        function()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


class Measured(NamedTuple):
    """Ours and the baseline on the same data: ours' fastest run, the
    baseline's fastest seconds, and ours' peak memory in bytes."""

    timing: Timing
    baseline: float
    peak: int


def measure(
    ours: Callable[[], Any],
    baseline: Callable[[], Any],
    differences: Callable[[Any, Any], list[str]],
    what: str,
    repeat: int = 3,
    baseline_repeat: int = 1,
) -> Measured:
    """Time ours and the baseline, check that they agree, and take ours' peak memory.

    ``differences(ours_result, baseline_result)`` lists what differs; any
    difference raises `Mismatch` naming ``what`` and the first ten.
    """
    timing = best_time(ours, repeat)
    base = best_time(baseline, baseline_repeat)
    problems = differences(timing.result, base.result)
    if problems:
        raise Mismatch(f"{what}: " + "; ".join(problems[:10]))
    return Measured(timing, base.seconds, peak_memory(ours))


def seconds(value: float) -> str:
    """A duration for the table: milliseconds under one second."""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def timed(timing: Timing) -> str:
    """Wall clock and, in brackets, CPU: on a machine shared with other work the
    first can run ahead of the second while the process waits for a core."""
    return f"{seconds(timing.seconds)} (CPU {seconds(timing.cpu)})"


def megabytes(value: float) -> str:
    return f"{value / 1e6:.0f} MB"


def speedup(ours: float, baseline: float) -> str:
    return f"{baseline / ours:.1f}x" if ours > 0 else "-"


def met(condition: bool) -> str:
    return "yes" if condition else "no"


def count(n: int) -> str:
    return f"{n:,}"


def survey_with(extra_items: int = 0, demographic: tuple[str, int] | None = None) -> Survey:
    """The bundled survey, with ``extra_items`` more items in its last dimension
    (35 + 1 gives the 36 items of issue 7) and, optionally, the demographic
    ``(id, options)`` given that many options (``unit_00001``, ...)."""
    survey = load_survey(QUESTIONS)
    last = survey.dimensions[-1]
    extra = tuple(
        Item(f"{last.id}_extra{i}", Text(f"Extra {i}", f"Extra {i}"), False, last.id)
        for i in range(1, extra_items + 1)
    )
    dimensions = (*survey.dimensions[:-1], replace(last, items=last.items + extra))
    demographics = survey.demographics
    if demographic is not None:
        name, count = demographic
        options = tuple(
            Option(f"unit_{j:05d}", Text(f"Unit {j}", f"Unit {j}")) for j in range(1, count + 1)
        )
        demographics = tuple(
            replace(d, options=options) if d.id == name else d for d in demographics
        )
    return replace(survey, dimensions=dimensions, demographics=demographics)


def machine() -> str:
    """The machine in one line: cores, CPU, memory, Python, numpy and pandas."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                cpu,
            )
        with open("/proc/meminfo", encoding="utf-8") as info:
            kib = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
            memory = f", {kib / 1024**2:.0f} GiB memory"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, pandas {pd.__version__}"
    )


def table(rows: list[Row]) -> str:
    """A Markdown table, aligned so it also reads as plain text."""
    cells = [COLUMNS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]

    def line(values: tuple[str, ...]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(c) for c in cells[1:])])
