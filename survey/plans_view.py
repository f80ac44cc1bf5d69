"""The action plans page's table: the "did it move" figures, statistics beside plain words.

The figures are `scoring.report.compare_waves`'s rows unchanged, split by
`scoring.plain.movement`; this module only rounds and labels them.
"""

from __future__ import annotations

import pandas as pd

from scoring import display
from scoring.plain import Movement
from scoring.questionnaire import Survey
from survey.i18n import t
from survey.plans import Plan

__all__ = ["about", "moved_table", "plan_line"]


def about(kind: str, target: str, survey: Survey, lang: str) -> str:
    """What a plan is about, in words: its dimension's label or its item's text."""
    if kind == "dimension":
        found = survey.dimension(target)
        label = found.label.get(lang) if found else None
    else:
        item = survey.item(target)
        label = item.text.get(lang) if item else None
    return t(f"plans.target.{kind}", lang, label=label or target)


def plan_line(plan: Plan, about: str, lang: str) -> str:
    """An approved plan in one line for all staff: what, about what, who, by when, how far."""
    return t(
        "results.plan_line",
        lang,
        title=plan.title,
        about=about,
        owner=plan.owner,
        due=plan.due.isoformat(),
        status=t(f"plans.status.{plan.status}", lang),
    )


def moved_table(moved: Movement, labels: dict[str, str], lang: str) -> pd.DataFrame:
    """One row per dimension, planned first: before, after, change and its Holm p."""
    rows = [("planned", r) for r in moved.planned] + [("unplanned", r) for r in moved.unplanned]
    return pd.DataFrame(
        {
            t("plans.col.group", lang): [t(f"plans.moved_group.{g}", lang) for g, _ in rows],
            t("plans.col.dimension", lang): [labels[r.id] for _, r in rows],
            t("plans.col.before", lang): [display.number(r.mean_b) for _, r in rows],
            t("plans.col.after", lang): [display.number(r.mean_a) for _, r in rows],
            t("plans.col.change", lang): [display.signed(r.diff) for _, r in rows],
            t("plans.col.p", lang): [
                display.p_value(r.p_holm) if r.tested else t("plans.untested", lang)
                for _, r in rows
            ],
            t("plans.col.effect", lang): [
                display.number(r.hedges_g, 2) if r.tested else "" for _, r in rows
            ],
        }
    )
