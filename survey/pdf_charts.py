"""The PDF reports' sections with a chart (trend, dimensions, gap), drawn to SVG by vl-convert."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from scoring import display
from scoring.report import Report
from survey import charts
from survey.pdf_markup import figure, heading, para, table
from survey.pdf_words import Words
from survey.typeset import font_dirs, font_family

__all__ = ["dimensions_section", "gap_section", "trend_section"]

_CHART_WIDTH = 440


@functools.lru_cache(maxsize=1)
def _chart_fonts() -> str:
    # vl-convert measures labels with the font the PDF shows them in, so no
    # label runs past the chart's edge.
    import vl_convert

    for folder in font_dirs():
        vl_convert.register_font_directory(folder)
    return font_family()


def _svg(chart: Any) -> bytes:
    import vl_convert

    spec = chart.to_dict()
    spec.setdefault("config", {})["font"] = _chart_fonts()

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("width") == "container":
                node["width"] = _CHART_WIDTH
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(spec)
    return vl_convert.vegalite_to_svg(spec).encode("utf-8")


def trend_section(report: Report, w: Words, files: dict[str, bytes]) -> str:
    from scoring.index import outlook_text

    marker = w.marker(report.min_group)
    target = float(w.survey.target)
    points = charts.trend_points(report, marker)
    projection = charts.projection_frame(report)
    out = heading(w("pdf.s.trend"))
    if len(report.trend) >= 2:
        files["trend.svg"] = _svg(
            charts.trend_chart(
                points,
                target,
                score_title=w("render.section_index"),
                wave_title=w("render.wave"),
                target_label=w("dash.target_rule", target=display.number(target, 0)),
                projection=projection,
            )
        )
        out += figure("trend.svg", w("pdf.s.trend"))
    rows = [
        [p.wave, marker, "", ""]
        if p.suppressed
        else [
            p.wave,
            display.whole(p.n),
            display.number(p.index),
            display.interval(p.ci_low, p.ci_high),
        ]
        for p in report.trend
    ]
    header = [
        w("render.wave"),
        w("render.respondents"),
        w("render.section_index"),
        w("render.ci"),
    ]
    out += table(header, rows, [False, True, True, True])
    waves = [p.wave for p in report.trend]
    out += para(outlook_text(report.projection, waves, w.lang)[1])
    return out


def dimensions_section(report: Report, w: Words, files: dict[str, bytes]) -> str:
    marker = w.marker(report.min_group)
    shown = [d for d in report.dimensions if not d.suppressed]
    out = heading(w("render.section_dimensions"))
    if shown:
        data = pd.DataFrame(
            {
                "label": [w.dimension(d.id) for d in shown],
                "score": [d.score for d in shown],
                "ci_low": [d.ci_low for d in shown],
                "ci_high": [d.ci_high for d in shown],
                "text": [display.number(d.score) for d in shown],
            }
        )
        files["dimensions.svg"] = _svg(
            charts.score_bars(
                data,
                float(w.survey.target),
                score_title=w("render.score"),
                target_label=w("dash.target_rule", target=display.number(w.survey.target, 0)),
            )
        )
        out += figure("dimensions.svg", w("render.section_dimensions"))
    rows = [
        [w.dimension(d.id), marker, "", ""]
        if d.suppressed
        else [
            w.dimension(d.id),
            display.whole(d.n),
            display.number(d.score),
            display.interval(d.ci_low, d.ci_high),
        ]
        for d in report.dimensions
    ]
    header = [w("render.dimension"), w("render.respondents"), w("render.score"), w("render.ci")]
    return out + table(header, rows, [False, True, True, True])


def gap_section(report: Report, w: Words, files: dict[str, bytes]) -> str:
    if report.index is None or not report.gap_by_dimension:
        return ""
    out = heading(w("pdf.s.gap"))
    data = pd.DataFrame(
        {
            "label": [w.dimension(g.id) for g in report.gap_by_dimension],
            "contribution": [g.contribution for g in report.gap_by_dimension],
            "text": [display.signed(g.contribution) for g in report.gap_by_dimension],
        }
    )
    files["gap.svg"] = _svg(
        charts.gap_waterfall(
            data,
            report.index.score,
            float(w.survey.target),
            score_title=w("render.score"),
            target_label=w("dash.target_rule", target=display.number(w.survey.target, 0)),
            index_label=w("render.section_index"),
        )
    )
    out += figure("gap.svg", w("pdf.s.gap"))
    rows = [
        [
            w.dimension(g.id),
            display.number(g.weight, 2),
            display.number(g.score),
            display.number(g.contribution),
        ]
        for g in report.gap_by_dimension
    ]
    header = w.columns("render.dimension", "render.weight", "render.score", "dash.col.contribution")
    return out + table(header, rows, [False, True, True, True])
