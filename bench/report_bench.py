"""Benchmark 1: the full report, and how its cost grows with the data.

The report of issue 7: index, dimensions, items, alpha for every dimension
and breakdowns by three demographics with privacy (plus eNPS and drivers,
which the report also computes), of one wave of synthetic responses to the
bundled survey with one more item (36 items). The growth rows run 1,000 to
1,000,000 responses; the target applies to 1,000,000.
"""

from __future__ import annotations

from bench import Row, count, measure, megabytes, met, seconds, speedup, survey_with, timed
from bench.baseline import baseline_report, same_report
from scoring.report import build_report
from scoring.sample import generate

__all__ = ["run"]

BY = ("dept", "age_band", "grade")
SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
TARGET_N = 1_000_000
TARGET_SECONDS = 0.5
TARGET_SPEEDUP = 10.0
TARGET_BYTES_PER_ANSWER = 4.0


def run(quick: bool = False) -> list[Row]:
    """One row per size; raises `Mismatch` when ours and the baseline differ."""
    survey = survey_with(extra_items=1)
    rows = []
    for n in QUICK_SIZES if quick else SIZES:
        frame = generate(survey, n, waves=1, seed=7)
        ours_timing, baseline, peak = measure(
            lambda f=frame: build_report(survey, f, by=BY),
            lambda f=frame: baseline_report(survey, f, list(BY), survey.min_group_size),
            lambda report, expected: same_report(report.to_dict(), expected),
            f"full report, {n} responses",
            repeat=5 if n < TARGET_N else 3,
            baseline_repeat=3 if n <= 10_000 else 1,
        )
        ours = ours_timing.seconds
        per_answer = peak / (n * len(survey.items))
        target, verdict = "-", "-"
        if n == TARGET_N:
            target = (
                f"< {TARGET_SECONDS} s, >= {TARGET_SPEEDUP:.0f}x, "
                f"< {TARGET_BYTES_PER_ANSWER:.0f} B/answer"
            )
            verdict = met(
                ours < TARGET_SECONDS
                and baseline / ours >= TARGET_SPEEDUP
                and per_answer < TARGET_BYTES_PER_ANSWER
            )
        rows.append(
            Row(
                "1 full report",
                f"{count(n)} x {len(survey.items)}",
                timed(ours_timing),
                seconds(baseline),
                speedup(ours, baseline),
                f"{megabytes(peak)} ({per_answer:.1f} B/answer)",
                target,
                verdict,
            )
        )
    return rows
