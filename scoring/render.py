"""The text report: a report as aligned plain-text tables, in Korean or English.

It reads the dictionary of `Report.to_dict()` (METHOD.md's JSON) and the
survey, for labels. Privacy was applied when the report was built: a
suppressed group arrives without a count or a score, and only a marker is
shown for it. Numbers are rounded here, at display, and nowhere before:
scores to one decimal, coefficients to two, p to three. The table model and
the xlsx and CSV writers are `scoring.tables` and `scoring.writers`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scoring import display
from scoring.cells import display_width, is_number
from scoring.labels import ReportLabels
from scoring.questionnaire import Survey
from scoring.tables import drivers_by_item, wave_hidden

__all__ = ["render_text"]


_MISSING = display.MISSING
_ITEM_TEXT_WIDTH = 44


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _truncate(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out = ""
    for c in text:
        if display_width(out + c) > width - 3:
            break
        out += c
    return out + "..."


# The one formatter of every output (scoring.display), under the text report's names.
_fmt, _fmt_p, _fmt_range, _fmt_int = display.number, display.p_cell, display.interval, display.whole


def _wrap(text: str, width: int) -> list[str]:
    """Break a header into lines of at most ``width`` columns at spaces and after "·"."""
    words = [w for w in re.split(r"(?<=·)|\s+", text) if w]
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]}{'' if lines[-1].endswith('·') else ' '}{word}" if lines else word
        if lines and display_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool], wrap: int = 18
) -> str:
    """An aligned table: two spaces between columns, a rule under the header.

    Headers wider than ``wrap`` columns break over several lines. A row shorter
    than the header is a marker row: its last cell runs on from where its
    column starts without widening it (a suppressed group's "fewer than k").
    """
    head = [_wrap(h, wrap) for h in header]
    widths = [max(display_width(line) for line in lines) for lines in head]
    for row in rows:
        cells = row if len(row) == len(header) else row[:-1]
        for j, cell in enumerate(cells):
            widths[j] = max(widths[j], display_width(cell))

    def line(cells: Sequence[str]) -> str:
        if len(cells) < len(header):
            lead = [_pad(c, w, r) for c, w, r in zip(cells[:-1], widths, right, strict=False)]
            return ("  " + "  ".join([*lead, cells[-1]])).rstrip()
        padded = [_pad(c, w, r) for c, w, r in zip(cells, widths, right, strict=True)]
        return ("  " + "  ".join(padded)).rstrip()

    height = max(len(lines) for lines in head)
    header_lines = [
        line([lines[i] if i < len(lines) else "" for lines in head]) for i in range(height)
    ]
    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([*header_lines, rule, *(line(row) for row in rows)])


def _section(title: str, body: str) -> str:
    return f"■ {title}\n{body}"


def render_text(report: dict, survey: Survey, lang: str = "ko") -> str:
    """A readable, aligned plain-text report (Korean or English).

    Korean characters count as two columns (``unicodedata.east_asian_width``)
    so the columns line up in a terminal. Suppressed groups show only the
    marker "응답자 k명 미만" / "fewer than k respondents".
    """
    t = ReportLabels(survey, lang)
    k = report.get("min_group") or survey.min_group_size
    head = [f"{t('title')}: {survey.title.get(lang)}", f"{t('wave')}: {report['wave']}"]
    if report.get("filter"):
        demographic_id, option_id = report["filter"]
        label = t.demographic(demographic_id)
        head.append(t("filter_line", label=label, option=t.option(demographic_id, option_id)))
    shown = not report.get("suppressed") and report.get("index") is not None
    if shown:
        respondents = report.get("respondents", report["n"])
        head.append(t("respondents_line", respondents=respondents, n=report["n"], k=k))
        if report.get("headcount"):
            head.append(t("headcount_line", headcount=report["headcount"]))
        body = [_text_index(report, t), _text_dimensions(report, t), _text_items(report, t)]
    else:
        body = [t("suppressed_view", k=k)]
    sections = ["\n".join(head), *body]
    for demographic_id, rows in report.get("breakdowns", {}).items():
        sections.append(_text_breakdown(report, demographic_id, rows, t))
    if report.get("youth") is not None:
        sections.append(_text_youth(report, t))
    if report.get("trend"):
        sections.append(_text_trend(report, t))
    if report.get("gap_by_dimension"):
        sections.append(_text_gap(report, t))
    return "\n\n".join(sections) + "\n"


def _text_index(report: dict, t: ReportLabels) -> str:
    index = report["index"]
    pairs = [
        (t("index"), _fmt(index["score"])),
        (t("ci"), _fmt_range(index["ci_low"], index["ci_high"])),
        (t("target"), _fmt(index["target"])),
        (t("gap"), _fmt(index["gap"])),
        (t("p_below"), _fmt_p(index["p_below_target"])),
    ]
    if "enps" in report:
        pairs.append((t("enps"), _fmt(report["enps"])))
    projection = report.get("projection")
    if projection:
        pairs.append((t("projection"), t.projection(report)))
    width = max(display_width(name) for name, _ in pairs)
    body = "\n".join(f"  {_pad(name, width, False)}  {value}" for name, value in pairs)
    return _section(t("section_index"), body)


def _text_dimensions(report: dict, t: ReportLabels) -> str:
    header = [t("dimension"), t("score"), t("ci"), t("alpha"), t("alpha_ci"), t("n")]
    rows = []
    for d in report["dimensions"]:
        alpha_ci = d.get("alpha_ci") or (None, None)
        rows.append(
            [
                t.dimension(d["id"]),
                _fmt(d["score"]),
                _fmt_range(d["ci_low"], d["ci_high"]),
                _fmt(d["alpha"], 2),
                _fmt_range(alpha_ci[0], alpha_ci[1], 2),
                _fmt_int(d["n"]),
            ]
        )
    right = [False, True, True, True, True, True]
    return _section(t("section_dimensions"), _table(header, rows, right))


def _text_items(report: dict, t: ReportLabels) -> str:
    drivers = drivers_by_item(report)
    header = [t("item"), t("score"), t("favorable"), t("item_total_r"), t("alpha_if_deleted")]
    if drivers:
        header.append(t("driver_r"))
    header.append(t("n"))
    rows = []
    for i in report["items"]:
        text = _truncate(f"{i['id']} {t.item(i['id'])}", _ITEM_TEXT_WIDTH)
        row = [
            text,
            _fmt(i["score"]),
            _fmt(i["favorable_pct"]),
            _fmt(i["item_total_r"], 2),
            _fmt(i["alpha_if_deleted"], 2),
        ]
        if drivers:
            driver = drivers.get(i["id"])
            mark = " *" if driver and driver.get("priority") else ""
            row.append(_fmt(driver["r"], 2) + mark if driver else _MISSING)
        row.append(_fmt_int(i["n"]))
        rows.append(row)
    right = [False] + [True] * (len(header) - 1)
    body = _table(header, rows, right)
    if any(d.get("priority") for d in drivers.values()):
        body += "\n  " + t("priority_note")
    return _section(t("section_items"), body)


def _text_breakdown(report: dict, demographic_id: str, rows: list[dict], t: ReportLabels) -> str:
    dimension_ids = [d.id for d in t.survey.dimensions]
    header = [t("group"), t("n"), t("index"), *(t.dimension(d) for d in dimension_ids)]
    body = []
    for row in rows:
        label = t.option(demographic_id, row["group"])
        if row["suppressed"]:
            body.append([label, t.suppressed(report)])
            continue
        scores = [_fmt(row["dimensions"].get(d)) for d in dimension_ids]
        body.append([label, _fmt_int(row["n"]), _fmt(row["index"]), *scores])
    right = [False] + [True] * (len(header) - 1)
    title = t("section_breakdown", label=t.demographic(demographic_id))
    return _section(title, _table(header, body, right))


def _text_youth(report: dict, t: ReportLabels) -> str:
    youth = report["youth"]
    if youth["suppressed"]:
        return _section(
            t("section_youth_plain"), "  " + t("youth_suppressed", k=report["min_group"])
        )
    header = [t("comparison"), t("youth"), t("rest"), t("diff"), t("p"), t("p_holm"), t("hedges_g")]
    rows = []
    for row in youth["rows"]:
        means = [t.measure(row["id"]), _fmt(row["youth"]), _fmt(row["rest"]), _fmt(row["diff"])]
        if row["tested"]:
            rows.append([*means, _fmt_p(row["p"]), _fmt_p(row["p_holm"]), _fmt(row["hedges_g"], 2)])
        else:
            rows.append([*means, t("untested"), t("untested"), _MISSING])
    right = [False] + [True] * (len(header) - 1)
    title = t("section_youth", n_youth=youth["n_youth"], n_rest=youth["n_rest"])
    return _section(title, _table(header, rows, right))


def _text_trend(report: dict, t: ReportLabels) -> str:
    dimension_ids = [d.id for d in t.survey.dimensions]
    header = [t("wave"), t("n"), t("index"), t("ci"), *(t.dimension(d) for d in dimension_ids)]
    rows = []
    for point in report["trend"]:
        if wave_hidden(point):
            rows.append([point["wave"], t.suppressed(report)])
            continue
        dims = point.get("dimensions") or {}
        rows.append(
            [
                point["wave"],
                _fmt_int(point["n"]),
                _fmt(point["index"]),
                _fmt_range(point["ci_low"], point["ci_high"]),
                *(_fmt(dims.get(d)) for d in dimension_ids),
            ]
        )
    right = [False] + [True] * (len(header) - 1)
    return _section(t("section_trend"), _table(header, rows, right))


def _text_gap(report: dict, t: ReportLabels) -> str:
    header = [t("dimension"), t("weight"), t("score"), t("contribution")]
    rows = [
        [t.dimension(g["id"]), _fmt(g["weight"], 2), _fmt(g["score"]), _fmt(g["contribution"])]
        for g in report["gap_by_dimension"]
    ]
    contributions = [g["contribution"] for g in report["gap_by_dimension"]]
    total = sum(contributions) if all(is_number(c) for c in contributions) else None
    rows.append([t("total"), "", "", _fmt(total)])
    return _section(t("section_gap"), _table(header, rows, [False, True, True, True]))
