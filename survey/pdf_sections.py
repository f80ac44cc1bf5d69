"""The PDF reports' table sections: breakdowns, items, reliability, youth, method, plans."""

from __future__ import annotations

import math
from collections.abc import Sequence

from scoring import display
from scoring.report import Report
from survey import charts
from survey.pdf_markup import bullets, cell, heading, para, table
from survey.pdf_words import Words

__all__ = [
    "breakdowns_section",
    "items_section",
    "method_section",
    "plans_section",
    "reliability_section",
    "youth_section",
]

_HIDDEN = charts.PALETTE["hidden"]  # the fill of a cell the privacy rules hide


def _heat(score: float, low: float, target: float) -> str:
    # The pages' blue scale in steps; text stays dark enough on every step.
    steps = ["#eef4fa", "#d6e4f1", "#bcd3e8", "#9dbcd9", "#86aed3"]
    share = 0.0 if target <= low else min(1.0, max(0.0, (score - low) / (target - low)))
    return steps[min(len(steps) - 1, int(share * len(steps)))]


def breakdowns_section(report: Report, w: Words) -> str:
    if not report.breakdowns:
        return ""
    marker = w.marker(report.min_group)
    dims = [d.id for d in report.dimensions]
    out = heading(w("pdf.s.breakdowns")) + para(w("pdf.s.breakdowns_note", k=report.min_group))
    target = float(w.survey.target)
    for demographic, rows in report.breakdowns.items():
        values = [
            v
            for r in rows
            if not r.suppressed
            for v in [r.index, *r.dimensions.values()]
            if display.finite(v)
        ]
        low = max(0.0, math.floor((min(values) - 5) / 10) * 10.0) if values else 0.0
        out += heading(w.demographic(demographic), 2)
        body = []
        for row in rows:
            label = w.option(demographic, row.group)
            if row.suppressed:
                hidden = [marker] + [""] * (len(dims) + 1)
                body.append([cell(label), *(cell(c, fill=_HIDDEN) for c in hidden)])
                continue
            cells = [cell(label), cell(display.whole(row.n))]
            for value in [row.index, *(row.dimensions.get(d) for d in dims)]:
                if value is None or not display.finite(value):
                    cells.append(cell(marker, fill=_HIDDEN))
                else:
                    cells.append(cell(display.number(value), fill=_heat(value, low, target)))
            body.append(cells)
        header = w.columns("render.group", "render.respondents", "render.section_index")
        header += [w.dimension(d) for d in dims]
        out += table(header, body, [False, *([True] * (len(header) - 1))], wide=True)
    return out


def items_section(report: Report, w: Words) -> str:
    marker = w.marker(report.min_group)
    rows = [
        [w.item(i.id), w.dimension(i.dimension), marker, "", ""]
        if i.suppressed
        else [
            w.item(i.id),
            w.dimension(i.dimension),
            display.whole(i.n),
            display.number(i.score),
            display.percent(i.favorable_pct),
        ]
        for i in report.items
    ]
    header = w.columns(
        "render.item",
        "render.dimension",
        "dash.col.answers",
        "render.score",
        "dash.col.favorable",
    )
    return heading(w("pdf.s.items")) + table(header, rows, [False, False, True, True, True])


def reliability_section(report: Report, w: Words) -> str:
    rows = [
        [w.dimension(d.id), display.number(d.alpha, 2), display.interval(*d.alpha_ci, digits=2)]
        for d in report.dimensions
        if not d.suppressed
    ]
    if not rows:
        return ""
    header = [w("render.dimension"), w("pdf.col.alpha"), w("pdf.col.alpha_ci")]
    return heading(w("pdf.s.reliability")) + table(header, rows, [False, True, True])


def youth_section(report: Report, w: Words) -> str:
    youth = report.youth
    if youth is None:
        return ""
    out = heading(w("pdf.s.youth"))
    if youth.suppressed:
        return out + para(w("pdf.youth.hidden", k=report.min_group))
    lines = [
        w(
            "pdf.youth.line",
            measure=w.measure(row.id),
            youth=display.number(row.mean_a),
            rest=display.number(row.mean_b),
            diff=display.signed(row.diff),
            verdict=w.verdict(row),
        )
        for row in youth.rows
    ]
    return out + bullets(lines)


def method_section(report: Report, w: Words) -> str:
    lines = [
        w("pdf.method.index", target=display.number(w.survey.target, 0)),
        w("pdf.method.k", k=report.min_group),
        w("pdf.method.fpc", headcount=display.whole(report.headcount))
        if report.headcount
        else w("pdf.method.no_fpc"),
        w("pdf.method.test"),
    ]
    return heading(w("pdf.s.method")) + bullets(lines)


def plans_section(plans: Sequence[str], w: Words) -> str:
    return heading(w("pdf.s.plans")) + bullets(plans) if plans else ""
