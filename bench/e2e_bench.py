"""Benchmark 6: a response file to its report, end to end, as whole processes (issue 17).

Each path runs as its own process, timed from start to exit, with the peak
resident memory of that process (``os.wait4``), the median of three runs:

- ours, CSV: ``python -m scoring report --responses FILE.csv --by dept --by age_band --by grade``;
- ours, Parquet: the same over the file as Parquet;
- DuckDB: `bench.duckdb_baseline`, the core report in SQL over ``read_csv``;
- pandas: ``pandas.read_csv`` and `bench.baseline.baseline_report`, the straightforward reference;
- ``python -m scoring --help``.

The file is ``python -m scoring sample``'s, 1,000,000 responses to the bundled
survey (about 144 MB). Before timing, the DuckDB numbers are checked against
ours on the same file (`bench.duckdb_baseline.compare`).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from bench import QUESTIONS, Mismatch, Row, count, megabytes, met, seconds, speedup

__all__ = ["Process", "reader_memory", "run", "run_process"]

REPO = Path(__file__).resolve().parent.parent
BY = ("dept", "age_band", "grade")
N, QUICK_N = 1_000_000, 20_000
PANDAS = (
    "import sys, pandas as pd; from bench.baseline import baseline_report;"
    " from scoring.questionnaire import load_survey; s = load_survey(sys.argv[2]);"
    " f = pd.read_csv(sys.argv[1], dtype={d.id: 'category' for d in s.demographics});"
    " [f.__setitem__(d.id, pd.Categorical(f[d.id], categories=[o.id for o in d.options]))"
    " for d in s.demographics];"
    " baseline_report(s, f, ['dept', 'age_band', 'grade'], s.min_group_size)"
)


# The reader's memory above the frame it returns: Python's and numpy's peak
# (tracemalloc) less what is left when it returns (the frame), plus the peak
# of Arrow's own memory pool. The two peaks need not coincide, so the sum is
# an upper bound.
READER = (
    "import sys, tracemalloc, pyarrow as pa; from scoring.questionnaire import load_survey;"
    " from scoring.responses import read_responses; s = load_survey(sys.argv[2]);"
    " tracemalloc.start(); f = read_responses(sys.argv[1], s);"
    " now, peak = tracemalloc.get_traced_memory();"
    " print(peak - now + pa.default_memory_pool().max_memory(), len(f) * len(s.items))"
)
TARGET_BYTES_PER_ANSWER = 4.0


def reader_memory(path: Path) -> float:
    """Bytes per answer the reader holds at its peak above the response frame, in a new process."""
    out = run_process([sys.executable, "-c", READER, str(path), str(QUESTIONS)]).out
    above, answers = (int(part) for part in out.split())
    return above / answers


class Process(NamedTuple):
    """One whole process: wall seconds, CPU seconds (user and system, every
    thread), peak resident bytes, and what it printed."""

    seconds: float
    cpu: float
    peak: int
    out: str

    def timed(self) -> str:
        """Wall clock and, in brackets, CPU: on a shared machine the first
        runs ahead of the second while the process waits for a core."""
        return f"{seconds(self.seconds)} (CPU {seconds(self.cpu)})"


# A child's ru_maxrss counts the memory of the process that started it
# (Linux carries the parent's high-water mark over the fork and exec), and
# this one holds a million-row table: a Python child writes its own peak
# (VmHWM, this program's memory only) to a file as it exits instead.
PEAK = (
    "import atexit, os, runpy, sys\n"
    "def _peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        kib = next(line.split()[1] for line in status if line.startswith('VmHWM'))\n"
    "    with open(os.environ['BENCH_PEAK_FILE'], 'w') as out:\n"
    "        out.write(kib)\n"
    "atexit.register(_peak)\n"
    "mode, target, *rest = sys.argv[1:]\n"
    "if mode == '-m':\n"
    "    sys.argv = [target, *rest]\n"
    "    runpy.run_module(target, run_name='__main__', alter_sys=True)\n"
    "else:\n"
    "    sys.argv = ['-c', *rest]\n"
    "    exec(compile(target, '<string>', 'exec'), {'__name__': '__main__'})\n"
)


def run_process(args: list[str]) -> Process:
    """Run one process to its end; raises RuntimeError if it fails.

    A Python process (``[sys.executable, "-m" or "-c", ...]``) runs under
    `PEAK`, so its peak is its own; any other falls back to ru_maxrss.
    """
    own = os.path.exists("/proc/self/status") and args[0] == sys.executable
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile() as peak_file:
        command = [sys.executable, "-c", PEAK, *args[1:]] if own else args
        env = {**os.environ, "BENCH_PEAK_FILE": peak_file.name}
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=REPO, stdout=out, stderr=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        took = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise RuntimeError(f"{args[:4]} exited {process.returncode}")
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        written = Path(peak_file.name).read_text() if own else ""
        peak = int(written) * 1024 if written else usage.ru_maxrss * 1024
        return Process(took, cpu, peak, out.read().decode("utf-8"))


def _median(args: list[str], repeat: int) -> Process:
    """The median wall and CPU seconds of ``repeat`` runs, the largest peak, the last output."""
    runs = [run_process(args) for _ in range(repeat)]
    return Process(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.peak for r in runs),
        runs[-1].out,
    )


def _files(folder: Path, n: int) -> tuple[Path, Path]:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    csv = folder / f"responses_{n}.csv"
    subprocess.run(
        [sys.executable, "-m", "scoring", "sample", "--n", str(n), "--out", str(csv)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    table = pacsv.read_csv(
        csv, convert_options=pacsv.ConvertOptions(column_types={"wave": pa.string()})
    )
    parquet = csv.with_suffix(".parquet")
    pq.write_table(table, parquet)
    return csv, parquet


def run(quick: bool = False) -> list[Row]:
    from bench.duckdb_baseline import compare

    n = QUICK_N if quick else N
    repeat = 1 if quick else 3
    by = [part for name in BY for part in ("--by", name)]
    ours_args = [sys.executable, "-m", "scoring", "report", "--survey", str(QUESTIONS)]
    with tempfile.TemporaryDirectory() as folder:
        csv, parquet = _files(Path(folder), n)
        ours = _median([*ours_args, "--responses", str(csv), *by], repeat)
        duck = _median([sys.executable, "-m", "bench.duckdb_baseline", str(csv)], repeat)
        problems = compare(json.loads(ours.out), json.loads(duck.out))
        if problems:
            raise Mismatch("DuckDB baseline: " + "; ".join(problems[:10]))
        from_parquet = _median([*ours_args, "--responses", str(parquet), *by], repeat)
        if from_parquet.out != ours.out:
            raise Mismatch("the Parquet file gave another report than the CSV")
        pandas = _median([sys.executable, "-c", PANDAS, str(csv), str(QUESTIONS)], 1)
        help_run = _median([sys.executable, "-m", "scoring", "--help"], repeat)
        memory = {path.suffix[1:]: reader_memory(path) for path in (csv, parquet)}
    size = f"{count(n)} responses"
    return [
        Row(
            "6 CSV to report, end to end",
            size,
            ours.timed(),
            f"DuckDB {duck.timed()}",
            speedup(ours.seconds, duck.seconds),
            f"{megabytes(ours.peak)} (DuckDB {megabytes(duck.peak)})",
            "< 2 s, >= 2x DuckDB, less memory",
            met(
                not quick
                and ours.seconds < 2
                and duck.seconds / ours.seconds >= 2
                and ours.peak < duck.peak
            ),
        ),
        Row(
            "6 CSV to report, end to end",
            size,
            ours.timed(),
            f"pandas {pandas.timed()}",
            speedup(ours.seconds, pandas.seconds),
            f"{megabytes(ours.peak)} (pandas {megabytes(pandas.peak)})",
            ">= 15x pandas",
            met(not quick and pandas.seconds / ours.seconds >= 15),
        ),
        Row(
            "6 Parquet to report, end to end",
            size,
            from_parquet.timed(),
            "-",
            "-",
            megabytes(from_parquet.peak),
            "< 1 s",
            met(not quick and from_parquet.seconds < 1),
        ),
        *(
            Row(
                f"6 {kind} reader, memory above the frame",
                size,
                "-",
                memory=f"{per_answer:.1f} B/answer",
                target=f"< {TARGET_BYTES_PER_ANSWER:.0f} B/answer",
                met=met(per_answer < TARGET_BYTES_PER_ANSWER),
            )
            for kind, per_answer in (("CSV", memory["csv"]), ("Parquet", memory["parquet"]))
        ),
        Row(
            "6 python -m scoring --help",
            "-",
            help_run.timed(),
            target="< 0.3 s",
            met=met(help_run.seconds < 0.3),
        ),
    ]
