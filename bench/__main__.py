"""``python3 -m bench [--quick] [--only 1,2,...]``: run the benchmarks, print the table.

``--quick`` runs every benchmark at small sizes (under a minute), to check
that they work; the targets apply to the full sizes only. The exit status is
1 when a benchmark failed (for example the baseline disagreed), else 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable

from bench import Row, machine, table

BENCHMARKS: dict[int, tuple[str, str]] = {
    1: ("bench.report_bench", "run"),
    2: ("bench.units_bench", "run"),
    3: ("bench.store_bench", "run_load"),
    4: ("bench.store_bench", "run_write"),
    5: ("bench.pages_bench", "run"),
    6: ("bench.e2e_bench", "run"),
    7: ("bench.pdf_bench", "run"),
}


def _benchmark(number: int) -> Callable[[bool], list[Row]]:
    module, function = BENCHMARKS[number]
    return getattr(__import__(module, fromlist=[function]), function)


def _numbers(text: str) -> list[int]:
    try:
        numbers = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 1,3, got {text!r}") from None
    unknown = [n for n in numbers if n not in BENCHMARKS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"no benchmark {unknown[0]} (there are 1 to {max(BENCHMARKS)})"
        )
    return numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument(
        "--only", type=_numbers, default=sorted(BENCHMARKS), help="benchmarks to run, e.g. 1,3"
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    rows: list[Row] = []
    failed = False
    for number in args.only:
        try:
            rows += _benchmark(number)(args.quick)
        except Exception as exc:  # one failed benchmark must not hide the others' figures
            failed = True
            traceback.print_exc()
            rows.append(Row(f"{number} failed", "-", f"{type(exc).__name__}: {exc}"[:120]))
    print(table(rows))
    print()
    print(f"Machine: {machine()}")
    print(
        f"Load average (1 min) {load:.1f} before, {os.getloadavg()[0]:.1f} after; "
        f"{'quick' if args.quick else 'full'} run took {time.perf_counter() - started:.0f} s. "
        "Times are the best of several runs (wall clock); memory is tracemalloc's peak "
        "above the input; benchmark 6 gives medians of whole processes and each process's "
        "own peak resident memory."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
