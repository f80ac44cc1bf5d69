"""PDF reports: for the board, for one unit against the whole, and for all staff.

Every figure comes from `scoring.report.build_report` (and `compare_waves`
for the change since the previous wave), so the reports carry the privacy
rules of METHOD.md: a suppressed group, item or dimension has no number to
print and is marked. Numbers go through `scoring.display`; charts are the
pages' Altair specs (`survey.charts`) rendered to SVG by vl-convert; typst
(`survey.typeset`) sets the pages. Nothing here reads a database: the caller
hands in the survey and the responses of the closed waves up to the wave.
The pieces: `survey.pdf_markup` (typst), `survey.pdf_words` (labels and the
summary), `survey.pdf_charts` and `survey.pdf_sections` (the sections).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scoring import display
from scoring.errors import SurveyError
from scoring.questionnaire import Survey
from scoring.report import Report, WaveComparison, build_report, compare_waves, waves_in
from survey.pdf_charts import dimensions_section, gap_section, trend_section
from survey.pdf_markup import bullets, heading, page_setup, para, table
from survey.pdf_sections import (
    breakdowns_section,
    items_section,
    method_section,
    plans_section,
    reliability_section,
    youth_section,
)
from survey.pdf_words import Words, act_on_line, summarize
from survey.typeset import render_pdf

__all__ = [
    "AUDIENCES",
    "Pdf",
    "board_pdf",
    "plan_lines",
    "staff_pdf",
    "unit_pdf",
    "unit_pdfs",
]

AUDIENCES = ("board", "staff")


@dataclass(frozen=True)
class Pdf:
    """A made report: its bytes and what the audit log records of it."""

    data: bytes
    title: str
    audience: str
    unit: tuple[str, str] | None = None


def plan_lines(
    plans: Sequence[Any], survey: Survey, lang: str = "ko", *, approved_only: bool = False
) -> list[str]:
    """One line per action plan (`survey.plans.Plan`): what, about which dimension or
    item, who, by when, how far. ``approved_only`` for the staff report."""
    w = Words(survey, lang)
    lines = []
    for plan in plans:
        if approved_only and not plan.approved:
            continue
        about = w.dimension(plan.target) if plan.target_kind == "dimension" else w.item(plan.target)
        lines.append(
            w(
                "pdf.plan_line",
                title=plan.title,
                about=about,
                change=plan.change,
                owner=plan.owner,
                due=plan.due.isoformat(),
                status=w(f"plans.status.{plan.status}"),
            )
        )
    return lines


def _previous(frame: pd.DataFrame, wave: str) -> str | None:
    names = waves_in(frame)
    if wave not in names:
        return None
    at = names.index(wave)
    return names[at - 1] if at > 0 else None


def _change(
    survey: Survey, frame: pd.DataFrame, wave: str, filter: tuple[str, str] | None
) -> tuple[WaveComparison | None, str | None]:
    previous = _previous(frame, wave)
    if previous is None:
        return None, None
    return compare_waves(survey, frame, wave, previous, filter=filter), previous


def _whole(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    headcount: int | None,
    trend_headcounts: dict[str, int] | None,
) -> Report:
    report = build_report(
        survey,
        frame,
        wave=wave,
        by=[d.id for d in survey.demographics],
        youth=survey.youth is not None,
        headcount=headcount,
        trend_headcounts=trend_headcounts,
    )
    if report.suppressed:
        raise SurveyError.single("report_pdf.wave_hidden", wave=wave, k=report.min_group)
    return report


def board_pdf(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    *,
    lang: str = "ko",
    headcount: int | None = None,
    trend_headcounts: dict[str, int] | None = None,
    plans: Sequence[str] = (),
) -> Pdf:
    """The board's report of ``wave``: a summary page, then every section.

    ``frame`` holds the closed waves up to ``wave`` (the trend and the change
    since the previous wave come from them). Raises `SurveyError` for an
    unknown wave or a wave under k.
    """
    w = Words(survey, lang)
    report = _whole(survey, frame, wave, headcount, trend_headcounts)
    change, previous = _change(survey, frame, wave, None)
    title = w("pdf.title.board", wave=wave)
    files: dict[str, bytes] = {}
    source = page_setup(title, lang)
    source += heading(w("pdf.summary")) + bullets(summarize(report, change, previous, w).lines())
    source += dimensions_section(report, w, files)
    source += "#pagebreak()\n"
    source += trend_section(report, w, files)
    source += gap_section(report, w, files)
    source += breakdowns_section(report, w)
    source += items_section(report, w)
    source += reliability_section(report, w)
    source += youth_section(report, w)
    source += plans_section(plans, w)
    source += method_section(report, w)
    return Pdf(render_pdf(source, files, lang, title=title), title, "board")


def unit_pdf(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    unit: tuple[str, str],
    *,
    lang: str = "ko",
    whole: Report | None = None,
) -> Pdf:
    """One unit's report: its figures beside the whole organization's.

    The unit's figures are `build_report` with the unit as filter, so the
    pages' per-figure k rules hold. A unit that may not be shown raises
    `SurveyError` ("report_pdf.unit_hidden") and gets no report.
    """
    w = Words(survey, lang)
    demographic, group = unit
    report = build_report(survey, frame, wave=wave, filter=unit)
    if report.suppressed:
        raise SurveyError.single(
            "report_pdf.unit_hidden",
            place="--unit",
            demographic=w.demographic(demographic),
            group=w.option(demographic, group),
            k=report.min_group,
        )
    whole = whole or build_report(survey, frame, wave=wave)
    change, previous = _change(survey, frame, wave, unit)
    name = f"{w.demographic(demographic)} {w.option(demographic, group)}"
    title = w("pdf.title.unit", wave=wave, unit=name)
    files: dict[str, bytes] = {}
    source = page_setup(title, lang)
    source += heading(w("pdf.summary")) + bullets(summarize(report, change, previous, w).lines())
    marker = w.marker(report.min_group)
    rows = [
        [
            w("render.respondents"),
            display.whole(report.respondents),
            display.whole(whole.respondents),
        ]
    ]
    if report.index is not None and whole.index is not None:
        rows.append(
            [
                w("render.section_index"),
                display.number(report.index.score),
                display.number(whole.index.score),
            ]
        )
    for mine, theirs in zip(report.dimensions, whole.dimensions, strict=True):
        rows.append(
            [
                w.dimension(mine.id),
                marker if mine.suppressed else display.number(mine.score),
                marker if theirs.suppressed else display.number(theirs.score),
            ]
        )
    header = [w("render.comparison"), w("pdf.col.unit"), w("pdf.col.whole")]
    source += heading(w("pdf.s.unit_vs", unit=name))
    source += table(header, rows, [False, True, True])
    source += dimensions_section(report, w, files)
    source += items_section(report, w)
    source += method_section(report, w)
    return Pdf(render_pdf(source, files, lang, title=title), title, "unit", unit)


def unit_pdfs(
    survey: Survey, frame: pd.DataFrame, wave: str, demographic: str, *, lang: str = "ko"
) -> tuple[dict[str | None, Pdf], list[str]]:
    """Every unit of ``demographic``: the reports made, and one line per unit not shown."""
    whole = build_report(survey, frame, wave=wave)
    made: dict[str | None, Pdf] = {}
    hidden: list[str] = []
    for option in survey.demographic(demographic).options:
        try:
            made[option.id] = unit_pdf(
                survey, frame, wave, (demographic, option.id), lang=lang, whole=whole
            )
        except SurveyError as error:
            if {p.key for p in error.problems} != {"report_pdf.unit_hidden"}:
                raise
            hidden.append(error.message(lang))
    return made, hidden


def staff_pdf(
    survey: Survey,
    frame: pd.DataFrame,
    wave: str,
    *,
    lang: str = "ko",
    headcount: int | None = None,
    plans: Sequence[str] = (),
) -> Pdf:
    """A short summary for all staff: whole-wave figures only, no breakdown."""
    w = Words(survey, lang)
    report = build_report(survey, frame, wave=wave, headcount=headcount)
    if report.suppressed:
        raise SurveyError.single("report_pdf.wave_hidden", wave=wave, k=report.min_group)
    change, previous = _change(survey, frame, wave, None)
    title = w("pdf.title.staff", wave=wave)
    files: dict[str, bytes] = {}
    source = page_setup(title, lang)
    source += para(w("pdf.staff.thanks", n=display.whole(report.respondents)))
    summary = summarize(report, change, previous, w)
    source += heading(w("pdf.staff.where")) + bullets(summary.standing())
    source += dimensions_section(report, w, files)
    heard = [line for line in (summary.strongest, summary.weakest) if line]
    source += heading(w("pdf.staff.heard")) + bullets(heard)
    act = act_on_line(report, w)
    nexts = list(plans)
    if act:
        nexts.append(w("pdf.staff.next_items", items=act))
    if not plans:
        nexts.append(w("pdf.staff.next_none"))
    source += heading(w("pdf.staff.next")) + bullets(nexts)
    return Pdf(render_pdf(source, files, lang, title=title), title, "staff")
