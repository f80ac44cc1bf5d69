"""PDF reports: for the board, for one unit against the whole, and for all staff.

Every figure comes from `scoring.report.build_report` (and `compare_waves`
for the change since the previous wave), so the reports carry the privacy
rules of METHOD.md: a suppressed group, item or dimension has no number to
print and is marked. Numbers go through `scoring.display`; charts are the
pages' Altair specs (`survey.charts`) rendered to SVG by vl-convert; typst
(`survey.typeset`) sets the pages. Nothing here reads a database: the caller
hands in the survey and the responses of the closed waves up to the wave.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from scoring import display, plain
from scoring.errors import SurveyError
from scoring.questionnaire import Survey
from scoring.render import Labels
from scoring.report import (
    Report,
    WaveComparison,
    build_report,
    compare_waves,
    groups_behind,
    items_to_act_on,
    waves_in,
)
from survey import charts
from survey.i18n import t
from survey.typeset import font_dirs, font_family, render_pdf, typst_string

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
_CHART_WIDTH = 440
_HIDDEN = charts.PALETTE["hidden"]  # the fill of a cell the privacy rules hide


@dataclass(frozen=True)
class Pdf:
    """A made report: its bytes and what the audit log records of it."""

    data: bytes
    title: str
    audience: str
    unit: tuple[str, str] | None = None


# ---------------------------------------------------------------- typst pieces


def _s(text: object) -> str:
    """Text as typst markup that shows it literally (no markup in labels)."""
    return "#" + typst_string(str(text))


def _cell(text: object, *, fill: str | None = None, bold: bool = False) -> str:
    body = typst_string(str(text))
    if bold:
        body = f"strong({body})"
    if fill:
        return f"table.cell(fill: rgb({typst_string(fill)}))[#{body}]"
    return f"[#{body}]"


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    *,
    wide: bool = False,
) -> str:
    """A typst table; ``rows`` hold ready cell code (from `_cell`) or plain text.

    A ``wide`` table (a heatmap) shares the width among its number columns
    and sets its text smaller, so a dozen columns fit an A4 page.
    """
    if wide:
        columns = ", ".join("auto" if i < 2 else "1fr" for i in range(len(header)))
    else:
        columns = ", ".join("1fr" if i == 0 else "auto" for i in range(len(header)))
    align = ", ".join("right" if n else "left" for n in numeric)
    head = ", ".join(_cell(h, bold=True) for h in header)
    body = ", ".join(c if c.startswith(("[", "table.cell")) else _cell(c) for r in rows for c in r)
    size = "8pt" if wide else "9pt"
    return (
        f"#text(size: {size})[#table(columns: ({columns},), align: ({align},),"
        f" stroke: 0.4pt + luma(180), inset: 4pt, table.header({head}), {body})]\n"
    )


def _bullets(lines: Sequence[str]) -> str:
    return "".join(f"- {_s(line)}\n" for line in lines)


def _heading(text: str, level: int = 1) -> str:
    return f"\n{'=' * level} {_s(text)}\n"


def _para(text: str) -> str:
    return f"\n{_s(text)}\n"


def _figure(name: str, alt: str) -> str:
    return f"#align(center, image({typst_string(name)}, width: 85%, alt: {typst_string(alt)}))\n"


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


def _page_setup(title: str, lang: str) -> str:
    footer = t("pdf.page", lang, page="#PAGE#", total="#TOTAL#")
    before, rest = footer.split("#PAGE#")
    middle, after = rest.split("#TOTAL#")
    return (
        '#set page(paper: "a4", margin: (x: 2cm, y: 2cm), footer: context align(center,'
        f" text(size: 8pt)[{_s(before)}#counter(page).display(){_s(middle)}"
        f"#counter(page).final().first(){_s(after)}]))\n"
        "#set text(size: 10pt)\n#set par(leading: 0.7em)\n"
        "#show heading.where(level: 1): set text(size: 14pt)\n"
        f'#align(left, text(size: 18pt, weight: "bold")[{_s(title)}])\n'
    )


# ---------------------------------------------------------------- words


class _Words(Labels):
    """The survey's labels (`scoring.render.Labels`) and the app's strings by full key."""

    no_answer_key = "render.no_answer"
    index_key = "render.section_index"

    def __init__(self, survey: Survey, lang: str) -> None:
        super().__init__(survey, lang, prefix="")

    def columns(self, *keys: str) -> list[str]:
        """A table's header: the string of every key."""
        return [self(key) for key in keys]

    def marker(self, k: int) -> str:
        return self("dash.suppressed_cell", k=k)

    def verdict(self, row: Any) -> str:
        # The pages' plain words for the same test (`scoring.plain`), p in parentheses.
        words = plain.verdict_words(row, self.lang)
        return words[:1].upper() + words[1:]


def _n(value: object) -> str:
    return display.number(value)


# ---------------------------------------------------------------- sections


@dataclass(frozen=True)
class _Summary:
    """The summary's sentences by name; None where a piece has nothing to say."""

    index: str | None
    change: str
    participation: str | None
    strongest: str | None
    weakest: str | None
    behind: str | None
    """None when the report holds no breakdown."""
    act_on: str | None

    def lines(self) -> list[str]:
        """Every sentence, in the board's order."""
        return [line for line in (getattr(self, f.name) for f in fields(self)) if line]

    def standing(self) -> list[str]:
        """Where the organization stands: the index, the change, the participation."""
        return [line for line in (self.index, self.change, self.participation) if line]


def _summary(
    report: Report, change: WaveComparison | None, previous: str | None, w: _Words
) -> _Summary:
    target = display.number(w.survey.target, 0)
    index = report.index
    standing = None
    if index is not None:
        ci = display.interval(index.ci_low, index.ci_high)
        score = _n(index.score)
        if index.gap > 0:
            standing = w("pdf.b.index", score=score, ci=ci, target=target, gap=_n(index.gap))
        else:
            standing = w("pdf.b.index_reached", score=score, ci=ci, target=target)
    strongest = weakest = None
    shown = [d for d in report.dimensions if not d.suppressed and display.finite(d.score)]
    if shown:
        best = max(shown, key=lambda d: d.score)
        worst = min(shown, key=lambda d: d.score)
        strongest = w("pdf.b.strongest", dimension=w.dimension(best.id), score=_n(best.score))
        weakest = w("pdf.b.weakest", dimension=w.dimension(worst.id), score=_n(worst.score))
    behind = None
    if report.breakdowns:
        groups = [
            w(
                "pdf.b.group",
                demographic=w.demographic(d),
                group=w.option(d, row.group),
                score=_n(row.index),
            )
            for d, row in groups_behind(report)
        ]
        behind = w("pdf.b.behind", groups=", ".join(groups)) if groups else w("pdf.b.behind_none")
    act = _items_to_act_on(report, w)
    return _Summary(
        index=standing,
        change=_change_line(change, previous, report.min_group, w),
        participation=_participation_line(report, w),
        strongest=strongest,
        weakest=weakest,
        behind=behind,
        act_on=w("pdf.b.act_on", items=act) if act else None,
    )


def _participation_line(report: Report, w: _Words) -> str | None:
    if report.respondents is None:
        return None
    n = display.whole(report.respondents)
    if not report.headcount:
        return w("pdf.b.participation_plain", n=n)
    rate = display.percent(100 * report.respondents / report.headcount)
    headcount = display.whole(report.headcount)
    return w("pdf.b.participation", n=n, headcount=headcount, rate=rate)


def _items_to_act_on(report: Report, w: _Words) -> str:
    """The items to act on (`scoring.report.items_to_act_on`) with their scores, in one line."""
    return ", ".join(
        w("pdf.b.item", item=w.item(i.id), score=_n(i.score)) for i in items_to_act_on(report)
    )


def _change_line(change: WaveComparison | None, previous: str | None, k: int, w: _Words) -> str:
    if change is None or previous is None:
        return w("pdf.b.no_previous")
    rows = [r for r in change.rows if r.id == "index"]
    if change.suppressed or not rows:
        return w("pdf.b.change_hidden", k=k)
    row = rows[0]
    return w(
        "pdf.b.change", previous=previous, diff=display.signed(row.diff), verdict=w.verdict(row)
    )


def _trend(report: Report, w: _Words, files: dict[str, bytes]) -> str:
    from scoring.index import PROJECTION_AHEAD, outlook_text, projection_line

    marker = w.marker(report.min_group)
    target = float(w.survey.target)
    points = pd.DataFrame(
        {
            "wave": [p.wave for p in report.trend],
            "score": [None if p.suppressed else p.index for p in report.trend],
            "ci_low": [None if p.suppressed else p.ci_low for p in report.trend],
            "ci_high": [None if p.suppressed else p.ci_high for p in report.trend],
            "text": [marker if p.suppressed else _n(p.index) for p in report.trend],
        }
    )
    line = projection_line(report.projection, [p.wave for p in report.trend], PROJECTION_AHEAD)
    projection = pd.DataFrame(line, columns=["wave", "score"]) if line else None
    out = _heading(w("pdf.s.trend"))
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
        out += _figure("trend.svg", w("pdf.s.trend"))
    rows = [
        [p.wave, marker, "", ""]
        if p.suppressed
        else [p.wave, display.whole(p.n), _n(p.index), display.interval(p.ci_low, p.ci_high)]
        for p in report.trend
    ]
    header = [
        w("render.wave"),
        w("render.respondents"),
        w("render.section_index"),
        w("render.ci"),
    ]
    out += _table(header, rows, [False, True, True, True])
    waves = [p.wave for p in report.trend]
    out += _para(outlook_text(report.projection, waves, w.lang)[1])
    return out


def _dimensions(report: Report, w: _Words, files: dict[str, bytes]) -> str:
    marker = w.marker(report.min_group)
    shown = [d for d in report.dimensions if not d.suppressed]
    out = _heading(w("render.section_dimensions"))
    if shown:
        data = pd.DataFrame(
            {
                "label": [w.dimension(d.id) for d in shown],
                "score": [d.score for d in shown],
                "ci_low": [d.ci_low for d in shown],
                "ci_high": [d.ci_high for d in shown],
                "text": [_n(d.score) for d in shown],
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
        out += _figure("dimensions.svg", w("render.section_dimensions"))
    rows = [
        [w.dimension(d.id), marker, "", ""]
        if d.suppressed
        else [
            w.dimension(d.id),
            display.whole(d.n),
            _n(d.score),
            display.interval(d.ci_low, d.ci_high),
        ]
        for d in report.dimensions
    ]
    header = [w("render.dimension"), w("render.respondents"), w("render.score"), w("render.ci")]
    return out + _table(header, rows, [False, True, True, True])


def _gap(report: Report, w: _Words, files: dict[str, bytes]) -> str:
    if report.index is None or not report.gap_by_dimension:
        return ""
    out = _heading(w("pdf.s.gap"))
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
    out += _figure("gap.svg", w("pdf.s.gap"))
    rows = [
        [w.dimension(g.id), display.number(g.weight, 2), _n(g.score), _n(g.contribution)]
        for g in report.gap_by_dimension
    ]
    header = w.columns("render.dimension", "render.weight", "render.score", "dash.col.contribution")
    return out + _table(header, rows, [False, True, True, True])


def _heat(score: float, low: float, target: float) -> str:
    # The pages' blue scale in steps; text stays dark enough on every step.
    steps = ["#eef4fa", "#d6e4f1", "#bcd3e8", "#9dbcd9", "#86aed3"]
    share = 0.0 if target <= low else min(1.0, max(0.0, (score - low) / (target - low)))
    return steps[min(len(steps) - 1, int(share * len(steps)))]


def _breakdowns(report: Report, w: _Words) -> str:
    if not report.breakdowns:
        return ""
    marker = w.marker(report.min_group)
    dims = [d.id for d in report.dimensions]
    out = _heading(w("pdf.s.breakdowns")) + _para(w("pdf.s.breakdowns_note", k=report.min_group))
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
        out += _heading(w.demographic(demographic), 2)
        body = []
        for row in rows:
            label = w.option(demographic, row.group)
            if row.suppressed:
                hidden = [marker] + [""] * (len(dims) + 1)
                body.append([_cell(label), *(_cell(c, fill=_HIDDEN) for c in hidden)])
                continue
            cells = [_cell(label), _cell(display.whole(row.n))]
            for value in [row.index, *(row.dimensions.get(d) for d in dims)]:
                if value is None or not display.finite(value):
                    cells.append(_cell(marker, fill=_HIDDEN))
                else:
                    cells.append(_cell(_n(value), fill=_heat(value, low, target)))
            body.append(cells)
        header = w.columns("render.group", "render.respondents", "render.section_index")
        header += [w.dimension(d) for d in dims]
        out += _table(header, body, [False, *([True] * (len(header) - 1))], wide=True)
    return out


def _items(report: Report, w: _Words) -> str:
    marker = w.marker(report.min_group)
    rows = [
        [w.item(i.id), w.dimension(i.dimension), marker, "", ""]
        if i.suppressed
        else [
            w.item(i.id),
            w.dimension(i.dimension),
            display.whole(i.n),
            _n(i.score),
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
    return _heading(w("pdf.s.items")) + _table(header, rows, [False, False, True, True, True])


def _reliability(report: Report, w: _Words) -> str:
    rows = [
        [w.dimension(d.id), display.number(d.alpha, 2), display.interval(*d.alpha_ci, digits=2)]
        for d in report.dimensions
        if not d.suppressed
    ]
    if not rows:
        return ""
    header = [w("render.dimension"), w("pdf.col.alpha"), w("pdf.col.alpha_ci")]
    return _heading(w("pdf.s.reliability")) + _table(header, rows, [False, True, True])


def _youth(report: Report, w: _Words) -> str:
    youth = report.youth
    if youth is None:
        return ""
    out = _heading(w("pdf.s.youth"))
    if youth.suppressed:
        return out + _para(w("pdf.youth.hidden", k=report.min_group))
    lines = [
        w(
            "pdf.youth.line",
            measure=w.measure(row.id),
            youth=_n(row.mean_a),
            rest=_n(row.mean_b),
            diff=display.signed(row.diff),
            verdict=w.verdict(row),
        )
        for row in youth.rows
    ]
    return out + _bullets(lines)


def _method(report: Report, w: _Words) -> str:
    lines = [
        w("pdf.method.index", target=display.number(w.survey.target, 0)),
        w("pdf.method.k", k=report.min_group),
        w("pdf.method.fpc", headcount=display.whole(report.headcount))
        if report.headcount
        else w("pdf.method.no_fpc"),
        w("pdf.method.test"),
    ]
    return _heading(w("pdf.s.method")) + _bullets(lines)


def plan_lines(
    plans: Sequence[Any], survey: Survey, lang: str = "ko", *, approved_only: bool = False
) -> list[str]:
    """One line per action plan (`survey.plans.Plan`): what, about which dimension or
    item, who, by when, how far. ``approved_only`` for the staff report."""
    w = _Words(survey, lang)
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


def _plans(plans: Sequence[str], w: _Words) -> str:
    return _heading(w("pdf.s.plans")) + _bullets(plans) if plans else ""


# ---------------------------------------------------------------- reports


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
    w = _Words(survey, lang)
    report = _whole(survey, frame, wave, headcount, trend_headcounts)
    change, previous = _change(survey, frame, wave, None)
    title = w("pdf.title.board", wave=wave)
    files: dict[str, bytes] = {}
    source = _page_setup(title, lang)
    source += _heading(w("pdf.summary")) + _bullets(_summary(report, change, previous, w).lines())
    source += _dimensions(report, w, files)
    source += "#pagebreak()\n"
    source += _trend(report, w, files)
    source += _gap(report, w, files)
    source += _breakdowns(report, w)
    source += _items(report, w)
    source += _reliability(report, w)
    source += _youth(report, w)
    source += _plans(plans, w)
    source += _method(report, w)
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
    w = _Words(survey, lang)
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
    source = _page_setup(title, lang)
    source += _heading(w("pdf.summary")) + _bullets(_summary(report, change, previous, w).lines())
    marker = w.marker(report.min_group)
    rows = [
        [
            w("render.respondents"),
            display.whole(report.respondents),
            display.whole(whole.respondents),
        ]
    ]
    if report.index is not None and whole.index is not None:
        rows.append([w("render.section_index"), _n(report.index.score), _n(whole.index.score)])
    for mine, theirs in zip(report.dimensions, whole.dimensions, strict=True):
        rows.append(
            [
                w.dimension(mine.id),
                marker if mine.suppressed else _n(mine.score),
                marker if theirs.suppressed else _n(theirs.score),
            ]
        )
    header = [w("render.comparison"), w("pdf.col.unit"), w("pdf.col.whole")]
    source += _heading(w("pdf.s.unit_vs", unit=name))
    source += _table(header, rows, [False, True, True])
    source += _dimensions(report, w, files)
    source += _items(report, w)
    source += _method(report, w)
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
    w = _Words(survey, lang)
    report = build_report(survey, frame, wave=wave, headcount=headcount)
    if report.suppressed:
        raise SurveyError.single("report_pdf.wave_hidden", wave=wave, k=report.min_group)
    change, previous = _change(survey, frame, wave, None)
    title = w("pdf.title.staff", wave=wave)
    files: dict[str, bytes] = {}
    source = _page_setup(title, lang)
    source += _para(w("pdf.staff.thanks", n=display.whole(report.respondents)))
    summary = _summary(report, change, previous, w)
    source += _heading(w("pdf.staff.where")) + _bullets(summary.standing())
    source += _dimensions(report, w, files)
    heard = [line for line in (summary.strongest, summary.weakest) if line]
    source += _heading(w("pdf.staff.heard")) + _bullets(heard)
    act = _items_to_act_on(report, w)
    nexts = list(plans)
    if act:
        nexts.append(w("pdf.staff.next_items", items=act))
    if not plans:
        nexts.append(w("pdf.staff.next_none"))
    source += _heading(w("pdf.staff.next")) + _bullets(nexts)
    return Pdf(render_pdf(source, files, lang, title=title), title, "staff")
