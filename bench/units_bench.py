"""Benchmark 2: unit reports for 10,000 departments in one wave of 500,000 responses.

A census reports every unit (team, department) on its own: the index with
its interval and the dimension scores, under the breakdown's privacy rules.
The bundled survey's department demographic is replaced by one with 10,000
options (`bench.survey_with`), and `scoring.report.unit_reports` computes all
the units of the wave.
"""

from __future__ import annotations

from bench import Row, count, measure, megabytes, met, seconds, speedup, survey_with, timed
from bench.baseline import baseline_units, same_units
from scoring.report import unit_reports
from scoring.sample import generate

__all__ = ["run"]

UNITS, N = 10_000, 500_000
QUICK_UNITS, QUICK_N = 1_000, 50_000
TARGET_SECONDS = 5.0


def run(quick: bool = False) -> list[Row]:
    """One row; raises `Mismatch` when ours and the baseline differ."""
    units, n = (QUICK_UNITS, QUICK_N) if quick else (UNITS, N)
    survey = survey_with(extra_items=1, demographic=("dept", units))
    frame = generate(survey, n, waves=1, seed=11)
    ours_timing, baseline, peak = measure(
        lambda: unit_reports(survey, frame, "dept"),
        lambda: baseline_units(survey, frame, "dept", survey.min_group_size),
        lambda result, expected: same_units(result.to_dict()["units"], expected),
        f"unit reports, {units} units",
    )
    ours, result = ours_timing.seconds, ours_timing.result
    hidden = sum(unit.suppressed for unit in result.units)
    at_target = (units, n) == (UNITS, N)
    return [
        Row(
            "2 unit reports",
            f"{count(units)} units ({count(hidden)} suppressed), {count(n)} responses",
            timed(ours_timing),
            seconds(baseline),
            speedup(ours, baseline),
            megabytes(peak),
            f"< {TARGET_SECONDS:.0f} s" if at_target else "-",
            met(ours < TARGET_SECONDS) if at_target else "-",
        )
    ]
