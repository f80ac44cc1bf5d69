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

from bench import QUESTIONS, Mismatch, Row, count, megabytes, met, seconds, speedup

__all__ = ["run", "run_process"]

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


def run_process(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident bytes and stdout of one process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=REPO, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        took = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise RuntimeError(f"{args[:4]} exited {process.returncode}")
        out.seek(0)
        return took, usage.ru_maxrss * 1024, out.read().decode("utf-8")


def _median(args: list[str], repeat: int) -> tuple[float, int, str]:
    runs = [run_process(args) for _ in range(repeat)]
    took = statistics.median(r[0] for r in runs)
    return took, max(r[1] for r in runs), runs[-1][2]


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
        ours, ours_peak, ours_out = _median([*ours_args, "--responses", str(csv), *by], repeat)
        duck, duck_peak, duck_out = _median(
            [sys.executable, "-m", "bench.duckdb_baseline", str(csv)], repeat
        )
        problems = compare(json.loads(ours_out), json.loads(duck_out))
        if problems:
            raise Mismatch("DuckDB baseline: " + "; ".join(problems[:10]))
        pq_time, pq_peak, pq_out = _median([*ours_args, "--responses", str(parquet), *by], repeat)
        if pq_out != ours_out:
            raise Mismatch("the Parquet file gave another report than the CSV")
        pandas, pandas_peak, _ = _median(
            [sys.executable, "-c", PANDAS, str(csv), str(QUESTIONS)], 1
        )
        help_time, _, _ = _median([sys.executable, "-m", "scoring", "--help"], repeat)
    size = f"{count(n)} responses"
    return [
        Row(
            "6 CSV to report, end to end",
            size,
            seconds(ours),
            f"DuckDB {seconds(duck)}",
            speedup(ours, duck),
            f"{megabytes(ours_peak)} (DuckDB {megabytes(duck_peak)})",
            "< 2 s, >= 2x DuckDB, less memory",
            met(not quick and ours < 2 and duck / ours >= 2 and ours_peak < duck_peak),
        ),
        Row(
            "6 CSV to report, end to end",
            size,
            seconds(ours),
            f"pandas {seconds(pandas)}",
            speedup(ours, pandas),
            f"{megabytes(ours_peak)} (pandas {megabytes(pandas_peak)})",
            ">= 15x pandas",
            met(not quick and pandas / ours >= 15),
        ),
        Row(
            "6 Parquet to report, end to end",
            size,
            seconds(pq_time),
            "-",
            "-",
            megabytes(pq_peak),
            "< 1 s",
            met(not quick and pq_time < 1),
        ),
        Row(
            "6 python -m scoring --help",
            "-",
            seconds(help_time),
            target="< 0.3 s",
            met=met(help_time < 0.3),
        ),
    ]
