"""Benchmark 7: PDF reports: the board's of a 100,000-response wave, and 100 unit reports.

The board's report (`survey.pdf_report.board_pdf`) computes every figure
with `build_report` over three waves (the trend and the change since the
previous wave), renders three charts with vl-convert and sets nine pages
with typst. Its baseline is the plain-text report of the same wave
(`build_report` + `scoring.render.render_text`): what the figures cost
without typesetting, so the row says what the PDF adds.

The unit reports (`unit_pdfs`) make one PDF per department of a survey with
100 departments, in one process; the baseline makes each with `unit_pdf`
alone, computing the whole organization's report again for every unit, as
a loop over `--unit` would.
"""

from __future__ import annotations

from bench import Row, Timing, best_time, count, met, seconds, speedup, survey_with, timed
from scoring.render import render_text
from scoring.report import build_report
from scoring.sample import generate
from survey import pdf_report

__all__ = ["run"]

N, QUICK_N = 100_000, 10_000
UNITS, UNIT_N = 100, 20_000
QUICK_UNITS, QUICK_UNIT_N = 10, 2_000
BOARD_TARGET, UNITS_TARGET = 10.0, 60.0
WAVE = "2026-H2"


def _board(quick: bool) -> Row:
    n = QUICK_N if quick else N
    survey = survey_with()
    frame = generate(survey, n, waves=3, seed=5, last_wave=WAVE)
    by = [d.id for d in survey.demographics]
    ours = best_time(lambda: pdf_report.board_pdf(survey, frame, WAVE, headcount=n + n // 5), 2)
    baseline = best_time(
        lambda: render_text(
            build_report(survey, frame, wave=WAVE, by=by, youth=True).to_dict(), survey
        ),
        2,
    )
    size = f"{count(n)} responses a wave, 3 waves, {len(ours.result.data) // 1024} KiB"
    return _row("7 board PDF", size, ours, baseline, BOARD_TARGET if n == N else None)


def _units(quick: bool) -> Row:
    units, n = (QUICK_UNITS, QUICK_UNIT_N) if quick else (UNITS, UNIT_N)
    survey = survey_with(demographic=("dept", units))
    frame = generate(survey, n, waves=2, seed=6, last_wave=WAVE)
    ours = best_time(lambda: pdf_report.unit_pdfs(survey, frame, WAVE, "dept"), 1)
    made, hidden = ours.result

    def one_by_one() -> int:
        done = 0
        for option in survey.demographic("dept").options:
            unit = ("dept", option.id)
            if build_report(survey, frame, wave=WAVE, filter=unit).suppressed:
                continue
            pdf_report.unit_pdf(survey, frame, WAVE, unit)
            done += 1
        return done

    baseline = best_time(one_by_one, 1)
    if baseline.result != len(made):
        raise RuntimeError(f"unit PDFs: {len(made)} made, the baseline made {baseline.result}")
    size = (
        f"{count(len(made))} reports ({count(len(hidden))} units not shown), {count(n)} responses"
    )
    return _row("7 unit PDFs", size, ours, baseline, UNITS_TARGET if units == UNITS else None)


def _row(name: str, size: str, ours: Timing, baseline: Timing, target: float | None) -> Row:
    """A row against its baseline; the target (seconds) applies at the full size only (None)."""
    return Row(
        name,
        size,
        timed(ours),
        seconds(baseline.seconds),
        speedup(ours.seconds, baseline.seconds),
        "-",
        f"< {target:.0f} s" if target is not None else "-",
        met(ours.seconds < target) if target is not None else "-",
    )


def run(quick: bool = False) -> list[Row]:
    """Two rows: the board's report and the unit reports."""
    return [_board(quick), _units(quick)]
