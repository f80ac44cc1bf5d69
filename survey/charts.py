"""How the dashboard shows figures: Altair charts in one palette, and number formats.

Figures arrive at full precision and are rounded here, once, for display:
scores and percents to one decimal, coefficients to two, p to three. Every
chart of scores carries the target as a dashed red rule drawn with
``alt.datum(target)``, so the target is visible even when no bar reaches it.

A suppressed group reaches a chart as a row whose number is None and whose
``text`` is the marker ("응답자 5명 미만"): the chart's data never holds a
figure the privacy rules hide.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import altair as alt
import pandas as pd

from scoring import display, reliability
from scoring.index import PROJECTION_AHEAD, projection_line
from scoring.report import Report

__all__ = [
    "CATEGORY",
    "PALETTE",
    "alpha_chart",
    "dimension_trends",
    "drivers_scatter",
    "gap_waterfall",
    "heatmap",
    "likert_bars",
    "likert_colors",
    "number",
    "p_value",
    "percent",
    "score_bars",
    "signed",
    "target_rule",
    "timestamp",
    "trend_chart",
    "wave_axis",
    "whole",
]

PALETTE = {
    "primary": "#1f4e79",
    "secondary": "#5b8db8",
    "band": "#9dbcd9",
    "target": "#c0392b",
    "muted": "#66727a",
    "priority": "#e07b24",
    "positive": "#1f4e79",
    "neutral": "#e4e6ea",
    "negative": "#b5533c",
    "text": "#2b2f36",
    "hidden": "#c8ced6",
}
"""The one palette of the dashboard; the target is always the red of ``target``;
``hidden`` fills a table cell the privacy rules hide (the PDF's heatmap)."""

CATEGORY = ("#1f4e79", "#e07b24", "#2e8b57", "#8e5ea2", "#17a2b8", "#b8860b", "#6c757d", "#d62f7f")
"""Colours for categories (dimensions), in survey order; none is the target's red."""

ALPHA_FLAG = reliability.ALPHA_FLAG
"""The alpha line the reliability chart draws (`scoring.reliability.ALPHA_FLAG`)."""

_SEOUL = ZoneInfo("Asia/Seoul")
_MISSING = display.MISSING
_SCORE_FORMAT = ".1f"
_WIDTH = "container"


# ---------------------------------------------------------------- the trend


def trend_points(report: Report, marker: str) -> pd.DataFrame:
    """The trend chart's points, one a wave: a wave hidden under k has `marker` and no number."""
    trend = report.trend
    return pd.DataFrame(
        {
            "wave": [p.wave for p in trend],
            "score": [None if p.suppressed else p.index for p in trend],
            "ci_low": [None if p.suppressed else p.ci_low for p in trend],
            "ci_high": [None if p.suppressed else p.ci_high for p in trend],
            "text": [marker if p.suppressed else number(p.index) for p in trend],
        }
    )


def projection_frame(report: Report, ahead: int = PROJECTION_AHEAD) -> pd.DataFrame | None:
    """The trend line (`scoring.index.projection_line`) up to `ahead` waves on, or None."""
    line = projection_line(report.projection, [p.wave for p in report.trend], ahead)
    return pd.DataFrame(line, columns=["wave", "score"]) if line else None


# ---------------------------------------------------------------- numbers


_finite = display.finite
number = display.number
whole = display.whole
percent = display.percent
signed = display.signed
p_value = display.p_value
"""The one formatter (`scoring.display`), under the names the pages use."""


def timestamp(moment: datetime, lang: str = "ko") -> str:
    """A time in Seoul: ``2025년 3월 4일 14:05`` in Korean, ``2025-03-04 14:05`` in English."""
    local = moment.astimezone(_SEOUL)
    if lang == "ko":
        return f"{local.year}년 {local.month}월 {local.day}일 {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- pieces


def wave_axis(waves: Sequence[str], title: str) -> alt.X:
    """The waves in their order along x, every wave a column even when it has no point."""
    return alt.X(
        "wave:O",
        sort=list(waves),
        title=title,
        scale=alt.Scale(domain=list(waves)),
        axis=alt.Axis(labelAngle=0),
    )


def target_rule(target: float, axis: str = "x", label: str | None = None) -> alt.Chart:
    """The target as a dashed red rule across the chart (``alt.datum`` so no data is needed).

    Reference lines carry ``aria=False``: a rule drawn from a datum has no name
    a screen reader could read (axe's svg-img-alt), and its value is in the
    label beside it and in the page's text.
    """
    encoding = {axis: alt.datum(target)}
    rule = (
        alt.Chart()
        .mark_rule(aria=False, color=PALETTE["target"], strokeDash=[6, 4], strokeWidth=2)
        .encode(**encoding)
    )
    if label is None:
        return rule
    text = (
        alt.Chart()
        .mark_text(
            color=PALETTE["target"],
            align="right" if axis == "x" else "left",
            baseline="bottom",
            dx=-4 if axis == "x" else 4,
            dy=-4,
            fontWeight="bold",
        )
        .encode(
            **encoding,
            **({"y": alt.value(0)} if axis == "x" else {"x": alt.value(0)}),
            text=alt.datum(label),
        )
    )
    return rule + text


def _score_scale(values: Sequence[object], target: float) -> alt.Scale:
    """0-100 unless the figures sit far from both ends; the target always inside."""
    finite = [float(v) for v in values if _finite(v)]
    low = min([*finite, target]) if finite else 0.0
    low = max(0.0, math.floor((low - 10) / 10) * 10.0)
    return alt.Scale(domain=[low, 100], nice=False)


def _height(rows: int, per_row: int = 36, chrome: int = 70) -> int:
    """A chart's height: Streamlit fits the axes inside it, so room for them is added."""
    return per_row * max(rows, 1) + chrome


def likert_colors(points: int) -> list[str]:
    """``points`` colours from disagreeing (warm) through neutral grey to agreeing (navy)."""

    def mix(a: str, b: str, share: float) -> str:
        ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
        cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
        return "#" + "".join(
            f"{round(x + (y - x) * share):02x}" for x, y in zip(ca, cb, strict=True)
        )

    if points == 1:
        return [PALETTE["neutral"]]
    out = []
    for i in range(points):
        position = i / (points - 1)  # 0 = most disagreeing, 1 = most agreeing
        if position < 0.5:
            out.append(mix(PALETTE["negative"], PALETTE["neutral"], position * 2))
        else:
            out.append(mix(PALETTE["neutral"], PALETTE["positive"], (position - 0.5) * 2))
    return out


# ---------------------------------------------------------------- charts


def score_bars(
    data: pd.DataFrame, target: float, *, score_title: str, target_label: str
) -> alt.LayerChart:
    """Horizontal bars of scores with their 95% intervals and the target rule.

    ``data`` columns: ``label``, ``score``, ``ci_low``, ``ci_high``, ``text``
    (the score as displayed), in the order the bars should appear.
    """
    order = list(data["label"])
    # Bars start at zero: a bar cut short at an axis floor would exaggerate differences.
    scale = alt.Scale(domain=[0, 100], nice=False)
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    base = alt.Chart(data).encode(y=y)
    tooltip = [
        alt.Tooltip("label:N", title=" "),
        alt.Tooltip("text:N", title=score_title),
    ]
    bars = base.mark_bar(color=PALETTE["secondary"], height={"band": 0.6}).encode(
        x=alt.X("score:Q", title=score_title, scale=scale), tooltip=tooltip
    )
    whiskers = base.mark_rule(color=PALETTE["primary"], strokeWidth=2).encode(
        x="ci_low:Q", x2="ci_high:Q"
    )
    labels = base.mark_text(align="left", dx=6, color=PALETTE["text"]).encode(
        x="ci_high:Q", text="text:N"
    )
    return alt.layer(bars, whiskers, labels, target_rule(target, "x", target_label)).properties(
        width=_WIDTH, height=_height(len(order))
    )


def gap_waterfall(
    data: pd.DataFrame,
    index: float,
    target: float,
    *,
    score_title: str,
    target_label: str,
    index_label: str,
) -> alt.LayerChart:
    """The gap from the index to the target split into each dimension's contribution.

    ``data`` columns: ``label``, ``contribution`` (METHOD.md: ``w_d / sum(w) *
    (target - score_d)``) and ``text``. The bars run one after another from
    the index towards the target, largest first; they end at the target when
    every respondent has every dimension score.
    """
    rows = data.sort_values("contribution", ascending=False).reset_index(drop=True)
    starts = []
    position = index
    for value in rows["contribution"]:
        starts.append(position)
        position += value
    rows = rows.assign(
        start=starts, end=[s + c for s, c in zip(starts, rows["contribution"], strict=True)]
    )
    scale = _score_scale([index, *rows["start"], *rows["end"]], target)
    base = alt.Chart(rows).encode(
        y=alt.Y("label:N", sort=list(rows["label"]), title=None, axis=alt.Axis(labelLimit=260))
    )
    bars = base.mark_bar(color=PALETTE["priority"], height={"band": 0.6}, clip=True).encode(
        x=alt.X("start:Q", title=score_title, scale=scale),
        x2="end:Q",
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=score_title)],
    )
    labels = base.mark_text(align="left", dx=6, color=PALETTE["text"]).encode(
        x="end:Q", text="text:N"
    )
    start_rule = (
        alt.Chart()
        .mark_rule(aria=False, color=PALETTE["primary"], strokeWidth=2)
        .encode(x=alt.datum(index))
    )
    start_text = (
        alt.Chart()
        .mark_text(color=PALETTE["primary"], align="right", baseline="bottom", dx=-4, dy=-4)
        .encode(x=alt.datum(index), y=alt.value(0), text=alt.datum(index_label))
    )
    height = _height(len(rows))
    return alt.layer(
        bars, labels, start_rule, start_text, target_rule(target, "x", target_label)
    ).properties(width=_WIDTH, height=height)


def trend_chart(
    data: pd.DataFrame,
    target: float,
    *,
    score_title: str,
    wave_title: str,
    target_label: str,
    projection: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """The index across waves: its 95% interval as a band, the line, and the target.

    ``data`` columns: ``wave``, ``score``, ``ci_low``, ``ci_high``, ``text``; a
    suppressed wave has None figures and the marker as ``text``. ``projection``
    (``wave``, ``score``) draws the least-squares trend as a dashed line.
    """
    waves = list(data["wave"])
    if projection is not None:
        waves += [w for w in projection["wave"] if w not in waves]
    values = [*data["ci_low"], *data["score"]]
    if projection is not None:
        values += list(projection["score"])
    x = wave_axis(waves, wave_title)
    y_scale = _score_scale(values, target)
    base = alt.Chart(data).encode(x=x)
    band = base.mark_area(color=PALETTE["band"], opacity=0.45).encode(
        y=alt.Y("ci_low:Q", title=score_title, scale=y_scale), y2="ci_high:Q"
    )
    line = base.mark_line(color=PALETTE["primary"], point=True, strokeWidth=3).encode(
        y="score:Q",
        tooltip=[alt.Tooltip("wave:O", title=wave_title), alt.Tooltip("text:N", title=score_title)],
    )
    labels = base.mark_text(dy=-12, color=PALETTE["text"]).encode(y="score:Q", text="text:N")
    layers = [band, line, labels]
    if projection is not None and len(projection):
        layers.append(
            alt.Chart(projection)
            .mark_line(color=PALETTE["priority"], strokeDash=[3, 3], strokeWidth=2)
            .encode(x=x, y="score:Q")
        )
    layers.append(target_rule(target, "y", target_label))
    return alt.layer(*layers).properties(width=_WIDTH, height=320)


def dimension_trends(
    data: pd.DataFrame, target: float, *, score_title: str, wave_title: str, columns: int = 3
) -> alt.FacetChart:
    """One small chart per dimension: its score across waves, 95% band, target rule.

    ``data`` columns: ``dimension`` (label), ``wave``, ``score``, ``ci_low``,
    ``ci_high``, ``text``; the order of first appearance orders the panels.
    """
    waves = list(dict.fromkeys(data["wave"]))
    order = list(dict.fromkeys(data["dimension"]))
    y_scale = _score_scale([*data["ci_low"], *data["score"]], target)
    x = alt.X("wave:O", sort=waves, title=wave_title, axis=alt.Axis(labelAngle=0))
    base = alt.Chart().encode(x=x)
    band = base.mark_area(color=PALETTE["band"], opacity=0.45).encode(
        y=alt.Y("ci_low:Q", title=score_title, scale=y_scale), y2="ci_high:Q"
    )
    line = base.mark_line(color=PALETTE["primary"], point=True).encode(
        y="score:Q",
        tooltip=[alt.Tooltip("wave:O", title=wave_title), alt.Tooltip("text:N", title=score_title)],
    )
    return (
        alt.layer(band, line, target_rule(target, "y"), data=data)
        .properties(width=200, height=190)
        .facet(
            facet=alt.Facet(
                "dimension:N", sort=order, title=None, header=alt.Header(labelFontSize=13)
            ),
            columns=columns,
        )
    )


def heatmap(
    data: pd.DataFrame,
    target: float,
    *,
    group_title: str,
    measure_title: str,
    score_title: str,
) -> alt.LayerChart:
    """Groups (rows) by measures (columns: the index, then dimensions), coloured by score.

    ``data`` columns: ``group``, ``measure``, ``score`` (None when suppressed)
    and ``text`` (the score as displayed, or the suppression marker). The
    colour scale ends at the target: the darker a cell, the closer to it.
    """
    groups = list(dict.fromkeys(data["group"]))
    measures = list(dict.fromkeys(data["measure"]))
    finite = [float(v) for v in data["score"] if _finite(v)]
    low = max(0.0, math.floor((min(finite) - 5) / 10) * 10.0) if finite else 0.0
    x = alt.X(
        "measure:N",
        sort=measures,
        title=measure_title,
        axis=alt.Axis(labelAngle=-30, labelLimit=140, labelOverlap=False),
    )
    base = alt.Chart(data).encode(
        x=x,
        y=alt.Y("group:N", sort=groups, title=None, axis=alt.Axis(labelLimit=200)),
        tooltip=[
            alt.Tooltip("group:N", title=group_title),
            alt.Tooltip("measure:N", title=measure_title),
            alt.Tooltip("text:N", title=score_title),
        ],
    )
    shown = base.transform_filter("isValid(datum.score)")
    cells = shown.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "score:Q",
            title=score_title,
            scale=alt.Scale(scheme="blues", domain=[low, target], clamp=True),
            legend=alt.Legend(format=_SCORE_FORMAT),
        )
    )
    # Hidden cells are drawn from rows without a number, in one grey: no scale ever sees them.
    hidden = (
        base.transform_filter("!isValid(datum.score)")
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(color=alt.value(PALETTE["muted"]))
    )
    labels = shown.mark_text(fontSize=11).encode(
        text="text:N",
        color=alt.condition(
            f"datum.score > {(low + target) / 2}",
            alt.value("white"),
            alt.value(PALETTE["text"]),
        ),
    )
    # A hidden group's marker is written once, from the row's first cell across its grey row.
    first = json.dumps(measures[0] if measures else "", ensure_ascii=False)
    markers = (
        base.transform_filter(f"!isValid(datum.score) && datum.measure == {first}")
        .mark_text(fontSize=11, align="left", dx=8, color="white")
        .encode(x=alt.X("measure:N", sort=measures, bandPosition=0), text="text:N")
    )
    return alt.layer(cells, hidden, labels, markers).properties(
        width=_WIDTH, height=_height(len(groups), 36, 130)
    )


def likert_bars(
    data: pd.DataFrame, points: Sequence[str], *, share_title: str, answer_title: str
) -> alt.Chart:
    """Each item's answers as one stacked bar of percents, disagreeing to agreeing.

    ``data`` columns: ``label`` (item), ``answer`` (scale label), ``order``
    (1..k), ``percent`` and ``text``. ``points`` lists the scale labels in order.
    """
    items = list(dict.fromkeys(data["label"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("percent:Q", title=share_title, stack="zero", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("label:N", sort=items, title=None, axis=alt.Axis(labelLimit=360)),
            color=alt.Color(
                "answer:N",
                title=answer_title,
                sort=list(points),
                scale=alt.Scale(domain=list(points), range=likert_colors(len(points))),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("answer:N", title=answer_title),
                alt.Tooltip("text:N", title=share_title),
            ],
        )
        .properties(width=_WIDTH, height=_height(len(items), 32, 110))
    )


def drivers_scatter(
    data: pd.DataFrame,
    target: float,
    *,
    score_title: str,
    r_title: str,
    priority_title: str,
    target_label: str,
) -> alt.LayerChart:
    """Items by score (x) and correlation with satisfaction (y); priorities highlighted.

    ``data`` columns: ``label``, ``score``, ``r``, ``priority`` (the display
    word), ``is_priority`` (bool), ``score_text`` and ``r_text``.
    """
    scale = _score_scale(list(data["score"]), target)
    points = (
        alt.Chart(data)
        .mark_circle(size=110, opacity=0.85)
        .encode(
            x=alt.X("score:Q", title=score_title, scale=scale),
            y=alt.Y("r:Q", title=r_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "priority:N",
                title=priority_title,
                scale=alt.Scale(range=[PALETTE["priority"], PALETTE["secondary"]]),
                sort=alt.SortField("is_priority", order="descending"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("score_text:N", title=score_title),
                alt.Tooltip("r_text:N", title=r_title),
                alt.Tooltip("priority:N", title=priority_title),
            ],
        )
    )
    return alt.layer(points, target_rule(target, "x", target_label)).properties(
        width=_WIDTH, height=380
    )


def alpha_chart(data: pd.DataFrame, *, alpha_title: str, flag_label: str) -> alt.LayerChart:
    """Cronbach's alpha per dimension with its 95% interval and the 0.7 line.

    ``data`` columns: ``label``, ``alpha``, ``ci_low``, ``ci_high``, ``text``,
    ``flag`` (bool, alpha below 0.7).
    """
    order = list(data["label"])
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    )
    # From a round tenth below the lowest interval (0.5 at most) to 1: the 0.7 line always shows.
    lows = [float(v) for v in data["ci_low"] if _finite(v)]
    floor = max(0.0, min(0.5, math.floor(min(lows, default=0.5) * 10) / 10))
    whiskers = base.mark_rule(color=PALETTE["secondary"], strokeWidth=2, clip=True).encode(
        x=alt.X("ci_low:Q", title=alpha_title, scale=alt.Scale(domain=[floor, 1])), x2="ci_high:Q"
    )
    dots = base.mark_point(filled=True, size=120).encode(
        x="alpha:Q",
        color=alt.condition(
            "datum.flag", alt.value(PALETTE["target"]), alt.value(PALETTE["primary"])
        ),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("text:N", title=alpha_title)],
    )
    labels = base.mark_text(align="left", dx=8, dy=-10, color=PALETTE["text"]).encode(
        x="alpha:Q", text="text:N"
    )
    flag = (
        alt.Chart()
        .mark_rule(aria=False, color=PALETTE["priority"], strokeDash=[4, 4])
        .encode(x=alt.datum(ALPHA_FLAG))
    )
    flag_text = (
        alt.Chart()
        .mark_text(color=PALETTE["priority"], align="right", dx=-4, baseline="top")
        .encode(x=alt.datum(ALPHA_FLAG), y=alt.value(0), text=alt.datum(flag_label))
    )
    return alt.layer(whiskers, dots, labels, flag, flag_text).properties(
        width=_WIDTH, height=_height(len(order))
    )
