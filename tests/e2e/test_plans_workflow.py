"""Action plans in a real browser: the youth panel proposes and comments, HR approves.

Then the published results page as an employee reads it, signed out: nothing
until HR publishes the wave, whole-wave figures and the approved plans after,
nothing again once unpublished. The "did it move" sentences are checked
against `scoring.report.compare_waves` on what the store holds.

The tests run in order and share the database of the session's server; the
last one leaves every wave unpublished, as the other browser tests expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scoring import plain
from scoring.report import compare_waves
from survey import plans
from survey.i18n import t
from survey.store import User
from tests.e2e.conftest import CLOSED_WAVES, HR, LATEST, YOUTH, App, settle

pytestmark = pytest.mark.e2e

PROPOSED = "회의 발언 순서 돌리기"
CHANGE = "주간 회의에서 직급과 관계없이 돌아가며 먼저 발언합니다"
OWNER = "경영기획팀"
COMMENT = "청년 직원도 회의 진행을 맡으면 좋겠습니다"
PROGRESS = "첫 회의에서 돌아가며 발언했습니다"
EARLIER_PLAN = "소통 간담회 정례화"


def ko(key: str, **params: object) -> str:
    return t(key, "ko", **params)


@pytest.fixture(scope="module", autouse=True)
def nothing_published_after(app: App) -> Iterator[None]:
    """Other browser tests read the results page unpublished: leave it so."""
    yield
    for wave in plans.published_waves(app.store):
        plans.unpublish_results(app.store, "e2e", wave)


def open_plans(page: Page) -> None:
    """Open the plans page in the signed-in session through the app's own router.

    HR's sidebar folds some pages under "more"; the router is what a click asks.
    """
    page.evaluate(
        "path => { history.pushState({}, '', path);"
        " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }",
        "/plans",
    )
    expect(page.get_by_role("heading", name=ko("plans.title"), exact=True)).to_be_visible()
    settle(page)


def plan_card(page: Page, title: str):
    """The bordered container of one plan on the plans page."""
    cards = page.get_by_test_id("stVerticalBlock").filter(has_text=title)
    return cards.filter(has=page.get_by_role("button", name=ko("plans.note_add"))).last


def test_the_youth_panel_proposes_and_comments_but_cannot_approve(
    app: App, desktop: Page, shots: Callable[..., Path]
) -> None:
    app.sign_in(desktop, YOUTH)
    expect(
        desktop.get_by_role("heading", name=ko("dash.overview.title"), exact=True)
    ).to_be_visible()
    open_plans(desktop)
    form = desktop.get_by_test_id("stForm").first
    form.get_by_label(ko("plans.field_title"), exact=True).fill(PROPOSED)
    form.get_by_label(ko("plans.field_change"), exact=True).fill(CHANGE)
    form.get_by_label(ko("plans.field_owner"), exact=True).fill(OWNER)
    form.get_by_role("button", name=ko("plans.submit.youth_panel"), exact=True).click()
    expect(desktop.get_by_text(ko("plans.created"))).to_be_visible()
    settle(desktop)
    [plan] = [p for p in plans.list_plans(app.store, LATEST) if p.title == PROPOSED]
    assert (plan.proposed_by, plan.approved, plan.owner) == (YOUTH.name, False, OWNER)
    card = plan_card(desktop, PROPOSED)
    expect(card.get_by_text(ko("plans.pending"), exact=False)).to_be_visible()
    # The youth panel never gets the approve button, on any plan.
    expect(desktop.get_by_role("button", name=ko("plans.approve"))).to_have_count(0)
    shots(desktop, "01-proposed", full_page=True)

    card.get_by_label(ko("plans.note"), exact=True).fill(COMMENT)
    card.get_by_role("button", name=ko("plans.note_add"), exact=True).click()
    expect(desktop.get_by_text(ko("plans.note_added"))).to_be_visible()
    settle(desktop)
    notes = plans.get_plan(app.store, plan.id).notes
    assert [(n.user, n.kind, n.text) for n in notes] == [(YOUTH.name, "comment", COMMENT)]
    card = plan_card(desktop, PROPOSED)
    expect(card.get_by_test_id("stText").filter(has_text=COMMENT)).to_be_visible()
    # The note box empties once the note is kept, so it is not sent twice.
    expect(card.get_by_label(ko("plans.note"), exact=True)).to_have_value("")
    shots(desktop, "02-commented", full_page=True)

    # Asked directly, the store refuses the youth panel's approval too.
    with pytest.raises(plans.PlanError):
        plans.approve_plan(app.store, User(YOUTH.name, "youth_panel"), plan.id)
    assert not plans.get_plan(app.store, plan.id).approved


def test_hr_approves_and_writes_progress(
    app: App, desktop: Page, shots: Callable[..., Path]
) -> None:
    [plan] = [p for p in plans.list_plans(app.store, LATEST) if p.title == PROPOSED]
    app.sign_in(desktop, HR)
    expect(
        desktop.get_by_role("heading", name=ko("dash.overview.title"), exact=True)
    ).to_be_visible()
    open_plans(desktop)
    card = plan_card(desktop, PROPOSED)
    expect(card.get_by_test_id("stText").filter(has_text=COMMENT)).to_be_visible()
    card.get_by_role("button", name=ko("plans.approve"), exact=True).click()
    expect(desktop.get_by_text(ko("plans.approved_done"))).to_be_visible()
    settle(desktop)
    assert plans.get_plan(app.store, plan.id).approved

    card = plan_card(desktop, PROPOSED)
    card.get_by_text(ko("plans.note_kind.progress"), exact=True).click()
    card.get_by_label(ko("plans.note"), exact=True).fill(PROGRESS)
    card.get_by_role("button", name=ko("plans.note_add"), exact=True).click()
    expect(desktop.get_by_text(ko("plans.note_added"))).to_be_visible()
    settle(desktop)
    notes = plans.get_plan(app.store, plan.id).notes
    assert [(n.user, n.kind) for n in notes] == [(YOUTH.name, "comment"), (HR.name, "progress")]
    shots(desktop, "03-approved", full_page=True)
    actions = [e.action for e in app.store.list_audit() if e.action.startswith("plan.")]
    assert {"plan.create", "plan.comment", "plan.approve", "plan.progress"} <= set(actions)


def test_did_it_move_reads_as_compare_waves(
    app: App, desktop: Page, shots: Callable[..., Path]
) -> None:
    before, after = CLOSED_WAVES[0], CLOSED_WAVES[1]
    plans.propose_plan(
        app.store,
        User(HR.name, "hr"),
        wave=before,
        target_kind="dimension",
        target="communication",
        title=EARLIER_PLAN,
        change="분기마다 부서장과 직원 간담회를 엽니다",
        owner="인사팀",
        due=date(2025, 12, 31),
    )
    app.sign_in(desktop, HR)
    expect(
        desktop.get_by_role("heading", name=ko("dash.overview.title"), exact=True)
    ).to_be_visible()
    open_plans(desktop)
    desktop.get_by_test_id("stSelectbox").filter(has_text=ko("render.wave")).first.click()
    desktop.get_by_role("option", name=before, exact=True).click()
    settle(desktop)
    expect(desktop.get_by_role("heading", name=ko("plans.moved"))).to_be_visible()

    comparison = compare_waves(app.survey, app.store.load_all(), after, before)
    labels = {d.id: d.label.get("ko") for d in app.survey.dimensions}
    moved = plain.movement(comparison.rows, {"communication"})
    assert [r.id for r in moved.planned] == ["communication"]
    main = desktop.get_by_test_id("stMain")
    expect(main.get_by_text(ko("plans.moved_group.planned"), exact=True)).to_be_visible()
    sides = ko("plans.side.after"), ko("plans.side.before")
    for row in (*moved.planned, *moved.unplanned):
        sentence = plain.difference(row, labels[row.id], *sides, "ko")
        expect(main.get_by_text(sentence, exact=True)).to_be_visible()
    shots(desktop, "04-did-it-move", full_page=True)


def test_an_employee_sees_results_only_when_published(
    app: App, desktop: Page, shots: Callable[..., Path]
) -> None:
    # Signed out: the page is open, but holds nothing before HR publishes.
    desktop.goto(app.address("/results"))
    expect(desktop.get_by_role("heading", name=ko("results.title"), exact=True)).to_be_visible()
    expect(desktop.get_by_text(ko("results.none"))).to_be_visible()
    settle(desktop)
    expect(desktop.get_by_test_id("stMetric")).to_have_count(0)
    expect(desktop.get_by_test_id("stDataFrame")).to_have_count(0)
    shots(desktop, "01-unpublished")

    assert plans.publish_results(app.store, "e2e", LATEST)
    desktop.goto(app.address("/results"))
    report = app.closed_report()
    metric = desktop.get_by_test_id("stMetric").filter(has_text=ko("render.section_index"))
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(f"{report.index.score:,.1f}")
    main = desktop.get_by_test_id("stMain")
    expect(
        main.get_by_text(plain.target(report.index.score, report.index.target, "ko"))
    ).to_be_visible()
    settle(desktop)
    # Whole-wave figures only: the dimensions' table; strengths and plans are lists.
    expect(main.get_by_test_id("stDataFrame")).to_have_count(1)
    # The approved plan is listed with its status; the earlier wave's plan is not.
    expect(
        main.get_by_text(re.compile(re.escape(PROPOSED) + r".*" + ko("plans.status.planned")))
    ).to_be_visible()
    expect(main.get_by_text(EARLIER_PLAN)).to_have_count(0)
    # No comment (neither the questions nor what was written), no link to a protected page.
    text = main.inner_text()
    for comment in app.survey.comments:
        assert comment.text.get("ko") not in text
    assert "window.__x" not in text
    sidebar = desktop.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name=ko("plans.nav"), exact=True)).to_have_count(0)
    shots(desktop, "02-published", full_page=True)

    assert plans.unpublish_results(app.store, "e2e", LATEST)
    desktop.goto(app.address("/results"))
    expect(desktop.get_by_text(ko("results.none"))).to_be_visible()
    settle(desktop)
    expect(desktop.get_by_test_id("stMetric")).to_have_count(0)
    shots(desktop, "03-unpublished-again")
