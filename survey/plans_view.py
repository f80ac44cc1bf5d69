"""The action plans page's pieces: a plan's card, what it is about, and the "did it move" table.

Who may do what is `survey.plans`'s rule; the card offers only the controls
the signed-in role may use. The figures are `scoring.report.compare_waves`'s
rows unchanged, split by `scoring.plain.movement`; this module only rounds
and labels them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import streamlit as st

from scoring import display
from scoring.plain import Movement
from scoring.questionnaire import Survey
from survey import charts, plain_view, plans
from survey.i18n import t
from survey.plans import Plan
from survey.store import Store, User

__all__ = [
    "about",
    "may_manage",
    "moved_table",
    "next_wave",
    "plan_line",
    "planned_dimensions",
    "show_plan",
    "targets",
]


def targets(survey: Survey) -> list[tuple[str, str]]:
    """What a plan may be about: every dimension, then every item, as (kind, id)."""
    return [("dimension", d.id) for d in survey.dimensions] + [("item", i.id) for i in survey.items]


def may_manage(user: User, plan: Plan) -> bool:
    """Whether the user may change the plan's status and add every kind of note."""
    return user.role == "hr" or plan.co_owner == user.name


def next_wave(closed: Sequence[str], wave: str) -> str | None:
    """The closed wave after ``wave``, against which its plans are judged; None if none yet."""
    later = list(closed[closed.index(wave) + 1 :]) if wave in closed else []
    return later[0] if later else None


def planned_dimensions(found: Iterable[Plan], survey: Survey) -> set[str]:
    """The dimensions an approved plan is about, an item's plan counting for its dimension."""
    return {
        p.target if p.dimension else survey.item(p.target).dimension for p in found if p.approved
    }


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
            t("render.dimension", lang): [labels[r.id] for _, r in rows],
            t("dash.col.before", lang): [display.number(r.mean_b) for _, r in rows],
            t("plans.col.after", lang): [display.number(r.mean_a) for _, r in rows],
            t("dash.col.change", lang): [display.signed(r.diff) for _, r in rows],
            t("render.p_holm", lang): [
                display.p_value(r.p_holm) if r.tested else t("plans.untested", lang)
                for _, r in rows
            ],
            t("plans.col.effect", lang): [
                display.number(r.hedges_g, 2) if r.tested else "" for _, r in rows
            ],
        }
    )


def show_plan(
    plan: Plan,
    user: User,
    store: Store,
    survey: Survey,
    lang: str,
    act: Callable[..., None],
) -> None:
    """One plan in a bordered box: what, who, the notes, and the controls the user may use.

    ``act(message_key, action, *args)`` runs a `survey.plans` action for the page.
    """
    state = t("plans.approved") if plan.approved else t("plans.pending")
    with st.container(border=True):
        # Staff's words as text, never as Markdown: a title that is an image
        # from an outside server would tell it when each reader opened the page.
        title = plain_view.markdown(plan.title)
        subject = plain_view.markdown(about(plan.target_kind, plan.target, survey, lang))
        st.markdown(f"**{title}** · {subject}")
        st.caption(f"{state} · {t(f'plans.status.{plan.status}')}")
        st.caption(
            plain_view.markdown(
                t(
                    "plans.summary",
                    owner=plan.owner,
                    co_owner=plan.co_owner or t("plans.no_co_owner"),
                    due=plan.due.isoformat(),
                    by=plan.proposed_by,
                )
            )
        )
        st.text(plan.change)
        for note in plan.notes:
            kind = t(f"plans.note_kind.{note.kind}")
            st.caption(
                t("plans.note_line", kind=kind, user=note.user, at=charts.timestamp(note.at, lang))
            )
            st.text(note.text)
        manages = may_manage(user, plan)
        if (
            user.role == "hr"
            and not plan.approved
            and st.button(t("plans.approve"), key=f"plans_approve_{plan.id}")
        ):
            act("plans.approved_done", plans.approve_plan, store, user, plan.id)
        if manages and plan.approved:
            status = st.selectbox(
                t("plans.status_label"),
                plans.STATUSES,
                index=plans.STATUSES.index(plan.status),
                format_func=lambda s: t(f"plans.status.{s}"),
                key=f"plans_status_{plan.id}",
            )
            if st.button(t("plans.status_save"), key=f"plans_status_go_{plan.id}"):
                act("plans.status_done", plans.set_status, store, user, plan.id, status)
        with st.form(f"plans_note_{plan.id}", clear_on_submit=True):
            kinds = plans.NOTE_KINDS if manages else ("comment",)
            kind = st.radio(
                t("plans.note_kind"),
                kinds,
                format_func=lambda k: t(f"plans.note_kind.{k}"),
                horizontal=True,
            )
            body = st.text_area(t("plans.note"), max_chars=plans.MAX_NOTE)
            if st.form_submit_button(t("plans.note_add")):
                act("plans.note_added", plans.add_note, store, user, plan.id, body, kind)
