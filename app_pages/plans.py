"""Action plans: HR and the youth panel decide what changes after a closed wave.

The rules of who may do what are in `survey.plans`; this page offers only the
controls the signed-in role may use and shows the store's refusal otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from scoring import plain
from scoring.errors import SurveyError
from scoring.report import compare_waves
from survey import analysis, charts, plain_view, plans, plans_view, session
from survey.i18n import current_lang, t

FLASH_KEY = "_plans_flash"

user = session.require_role("hr", "youth_panel")
lang = current_lang()
store, src = analysis.page_source(lang)
survey = analysis.survey(src)

st.title(t("plans.title"))
st.caption(t("plans.caption"))
flash = st.session_state.pop(FLASH_KEY, None)
if flash:
    st.success(flash)
wave = analysis.select_wave(src, t("plans.wave"), key="plans_wave")
if wave is None:
    st.info(t("plans.no_wave"))
    st.stop()
analysis.audit_once(store, user.name, "page.view", {"page": "plans", "wave": wave})

labels = {d.id: d.label.get(lang) for d in survey.dimensions}
targets = [("dimension", d.id) for d in survey.dimensions] + [("item", i.id) for i in survey.items]


def about(kind: str, target: str) -> str:
    return plans_view.about(kind, target, survey, lang)


def act(message_key: str, action, *args, **kwargs) -> None:
    """Run a store action; on success keep its message and redraw, else show why not."""
    try:
        action(*args, **kwargs)
    except SurveyError as error:
        st.error(error.message(lang))
        return
    st.session_state[FLASH_KEY] = t(message_key)
    st.rerun()


panel = [u.name for u in store.list_users() if u.role == "youth_panel"]

# ---------------------------------------------------------------- a new plan
st.subheader(t("plans.new"))
st.caption(t(f"plans.new_caption.{user.role}"))
with st.form("plans_new"):
    chosen = st.selectbox(t("plans.target"), targets, format_func=lambda p: about(*p))
    title = st.text_input(t("plans.field_title"), max_chars=plans.MAX_TITLE)
    change = st.text_area(t("plans.field_change"), max_chars=plans.MAX_CHANGE)
    owner = st.text_input(
        t("plans.field_owner"), max_chars=plans.MAX_OWNER, help=t("plans.field_owner_help")
    )
    co_owner = st.selectbox(
        t("plans.field_co_owner"),
        [None, *panel],
        format_func=lambda n: t("plans.no_co_owner") if n is None else n,
    )
    due = st.date_input(t("plans.field_due"), value=date.today() + timedelta(days=90))
    if st.form_submit_button(t(f"plans.submit.{user.role}"), type="primary"):
        act(
            "plans.created",
            plans.propose_plan,
            store,
            user,
            wave=wave,
            target_kind=chosen[0],
            target=chosen[1],
            title=title,
            change=change,
            owner=owner,
            due=due,
            co_owner=co_owner,
        )

# ---------------------------------------------------------------- the wave's plans
st.subheader(t("plans.list"))
found = plans.list_plans(store, wave)
if not found:
    st.info(t("plans.none"))
for plan in found:
    state = t("plans.approved") if plan.approved else t("plans.pending")
    with st.container(border=True):
        # Staff's words as text, never as Markdown: a title that is an image
        # from an outside server would tell it when each reader opened the page.
        title = plain_view.markdown(plan.title)
        st.markdown(f"**{title}** · {plain_view.markdown(about(plan.target_kind, plan.target))}")
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
        may_manage = user.role == "hr" or plan.co_owner == user.name
        if (
            user.role == "hr"
            and not plan.approved
            and st.button(t("plans.approve"), key=f"plans_approve_{plan.id}")
        ):
            act("plans.approved_done", plans.approve_plan, store, user, plan.id)
        if may_manage and plan.approved:
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
            kinds = plans.NOTE_KINDS if may_manage else ("comment",)
            kind = st.radio(
                t("plans.note_kind"),
                kinds,
                format_func=lambda k: t(f"plans.note_kind.{k}"),
                horizontal=True,
            )
            body = st.text_area(t("plans.note"), max_chars=plans.MAX_NOTE)
            if st.form_submit_button(t("plans.note_add")):
                act("plans.note_added", plans.add_note, store, user, plan.id, body, kind)

# ---------------------------------------------------------------- did it move
st.subheader(t("plans.moved"))
closed = list(analysis.waves_with_data(src))
later = closed[closed.index(wave) + 1 :] if wave in closed else []
if not later:
    st.info(t("plans.moved_none"))
    st.stop()
after = later[0]
comparison = compare_waves(survey, analysis.frame(src), after, wave)
if comparison.suppressed:
    st.info(t("plans.moved_hidden"))
    st.stop()
st.caption(t("plans.moved_caption", before=wave, after=after))
planned = {
    p.target if p.dimension else survey.item(p.target).dimension for p in found if p.approved
}
moved = plain.movement(comparison.rows, planned)
sides = t("plans.side.after"), t("plans.side.before")
for group, rows in (("planned", moved.planned), ("unplanned", moved.unplanned)):
    if rows:
        st.markdown(f"**{t(f'plans.moved_group.{group}')}**")
        st.markdown(plain_view.bullets(plain_view.sentences(rows, labels, *sides, lang)))
with st.expander(t("plans.moved_stats")):
    st.caption(t("plans.moved_method"))
    st.dataframe(plans_view.moved_table(moved, labels, lang), hide_index=True)
    for line in plain.glossary(lang):
        st.markdown(line)
