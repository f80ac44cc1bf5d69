"""The youth panel page's two Altair charts: the young and the rest by measure, and across waves."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import altair as alt
import pandas as pd

from survey import charts

__all__ = ["dumbbell", "gap_chart"]


def _scale(values: Iterable[object], target: float) -> alt.Scale:
    """Up to 100, from a round ten below the lowest figure or the target (never below 0)."""
    finite = [float(v) for v in values if isinstance(v, int | float) and math.isfinite(v)]
    low = min([*finite, target])
    return alt.Scale(domain=[max(0.0, math.floor((low - 10) / 10) * 10), 100], nice=False)


def _group_color(groups: Sequence[str], title: str) -> alt.Color:
    """The young in the priority orange, the rest in the primary blue; the legend below."""
    palette = [charts.PALETTE["priority"], charts.PALETTE["primary"]]
    scale = alt.Scale(domain=list(groups), range=palette[: len(groups)])
    return alt.Color(
        "group:N", title=title, scale=scale, sort=list(groups), legend=alt.Legend(orient="bottom")
    )


def dumbbell(
    data: pd.DataFrame, target: float, *, score_title: str, group_title: str, target_label: str
) -> alt.LayerChart:
    """Two groups side by side on every measure: a dot each, joined by a line.

    ``data`` columns: ``label`` (measure), ``group`` (the two group names, the
    young first), ``score`` and ``text`` (the score as displayed). The target
    is the dashed red rule of every chart of scores.
    """
    order = list(dict.fromkeys(data["label"]))
    groups = list(dict.fromkeys(data["group"]))
    spans = data.groupby("label", sort=False)["score"].agg(["min", "max"]).reset_index()
    scale = _scale(data["score"], target)
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    lines = (
        alt.Chart(spans)
        .mark_rule(color=charts.PALETTE["muted"], strokeWidth=4)
        .encode(y=y, x=alt.X("min:Q", title=score_title, scale=scale), x2="max:Q")
    )
    dots = (
        alt.Chart(data)
        .mark_circle(size=160, opacity=1)
        .encode(
            y=y,
            x=alt.X("score:Q", scale=scale),
            color=_group_color(groups, group_title),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("text:N", title=score_title),
            ],
        )
    )
    # Streamlit fits the whole chart, axis and legend included, into the height.
    return alt.layer(lines, dots, charts.target_rule(target, "x", target_label)).properties(
        width="container", height=120 + 40 * len(order)
    )


def gap_chart(
    data: pd.DataFrame,
    target: float,
    *,
    score_title: str,
    wave_title: str,
    group_title: str,
    target_label: str,
) -> alt.LayerChart:
    """Each group's index across waves, one line per group, and the target.

    ``data`` columns: ``wave``, ``group``, ``score`` (None for a hidden wave)
    and ``text``.
    """
    waves = list(dict.fromkeys(data["wave"]))
    groups = list(dict.fromkeys(data["group"]))
    x = charts.wave_axis(waves, wave_title)
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=80), strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("score:Q", title=score_title, scale=_scale(data["score"], target)),
            color=_group_color(groups, group_title),
            tooltip=[
                alt.Tooltip("wave:O", title=wave_title),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("text:N", title=score_title),
            ],
        )
    )
    return alt.layer(lines, charts.target_rule(target, "y", target_label)).properties(
        width="container", height=300
    )
