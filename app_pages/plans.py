"""Action plans: HR and the youth panel decide what changes after a closed wave.

The rules of who may do what are in `survey.plans`; this page offers only the
controls the signed-in role may use and shows the store's refusal otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from scoring import plain
from scoring.report import compare_waves
from survey import analysis, dashboard_view, page, plain_view, plans, plans_view
from survey.i18n import t

FLASH_KEY = "_plans_flash"

run = page.start("hr", "youth_panel")
user, lang, store, src, survey = run.user, run.lang, run.store, run.src, run.survey

st.title(t("plans.title"))
st.caption(t("plans.caption"))
page.show_flash(FLASH_KEY)
wave = dashboard_view.select_wave(src, t("render.wave"), key="plans_wave")
if wave is None:
    st.info(t("plans.no_wave"))
    st.stop()
analysis.audit_once(store, user.name, "page.view", {"page": "plans", "wave": wave})


def act(message_key: str, action, *args, **kwargs) -> None:
    """Run a store action; on success keep its message and redraw, else show why not."""
    page.act(FLASH_KEY, t(message_key), lang, action, *args, **kwargs)


panel = [u.name for u in store.list_users() if u.role == "youth_panel"]

# ---------------------------------------------------------------- a new plan
st.subheader(t("plans.new"))
st.caption(t(f"plans.new_caption.{user.role}"))
with st.form("plans_new"):
    chosen = st.selectbox(
        t("plans.target"),
        plans_view.targets(survey),
        format_func=lambda p: plans_view.about(*p, survey, lang),
    )
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
    plans_view.show_plan(plan, user, store, survey, lang, act)

# ---------------------------------------------------------------- did it move
st.subheader(t("plans.moved"))
after = plans_view.next_wave(analysis.waves_with_data(src), wave)
if after is None:
    st.info(t("plans.moved_none"))
    st.stop()
comparison = compare_waves(survey, analysis.frame(src), after, wave)
if comparison.suppressed:
    st.info(t("plans.moved_hidden"))
    st.stop()
st.caption(t("plans.moved_caption", before=wave, after=after))
moved = plain.movement(comparison.rows, plans_view.planned_dimensions(found, survey))
labels = {d.id: d.label.get(lang) for d in survey.dimensions}
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
