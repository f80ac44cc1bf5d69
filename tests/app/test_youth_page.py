"""AppTest of the youth panel page: its figures are scoring's, small groups show nothing.

Figures are compared with `scoring.report.build_report(..., youth=True)` and
`scoring.youth` on the same responses, rounded as the page rounds (one
decimal for scores, two for Hedges' g). The page is opened through the app
(`survey_app.py`) with the signed-in user kept in the session.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from scoring import display, plain
from scoring.comments import comment_lists
from scoring.questionnaire import Survey
from scoring.report import build_report
from scoring.sample import generate
from scoring.tables import Table
from scoring.youth import REASONS, gap_trend, panel_comparison, participation, youth_figures
from survey import navigation, youth_export, youth_view, youth_words
from survey.charts import p_value as charts_p
from survey.i18n import t
from survey.store import Store
from tests.app.conftest import APP_TIMEOUT, HR_NAME, YOUTH_NAME
from tests.app.dashboard_fixtures import (
    CLOSED,
    HEADCOUNT,
    chart_rows,
    charts,
    open_page,
    seed,
    shows_nothing,
    signed_in,
    specs,
)

pytestmark = pytest.mark.app

PAGE = "youth"
LATEST = CLOSED[-1]
# 185 in all, as HEADCOUNT: one wave has one headcount.
BY_AGE = {"age_under_30": 30, "age_30_34": 35, "age_35_39": 45, "age_40s": 40, "age_50_plus": 35}


def one(value: float) -> str:
    return display.number(value)


def signed(value: float) -> str:
    return display.signed(value)


@pytest.fixture
def frame(app_store: Store, bundled_survey: Survey) -> pd.DataFrame:
    """The dashboard's seeded closed waves, with a headcount by age band for the latest."""
    data = seed(app_store, bundled_survey)
    app_store.set_headcount(LATEST, HEADCOUNT, BY_AGE)
    return data


def texts(at: AppTest) -> list[str]:
    """Every text a person can read on the page, tables and widgets included."""
    out: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "text"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    out += [df.value.to_csv() for df in at.dataframe]
    out += [str(e.label) for e in at.expander]
    return out


def test_plain_words_come_first_and_the_statistics_one_click_away(
    app: AppTest, frame: pd.DataFrame, bundled_survey: Survey
) -> None:
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), PAGE)
    assert not at.exception
    youth = build_report(bundled_survey, frame, wave=LATEST, youth=True).youth
    labels = {"index": "조직문화 지수", **{d.id: d.label.ko for d in bundled_survey.dimensions}}
    shown = "\n".join(m.value for m in at.markdown)
    for row in youth.rows:
        sentence = plain.difference(row, labels[row.id], "청년 직원", "그 외 직원", "ko")
        assert youth_view.markdown(sentence) in shown
        # A sentence never reads like certainty: no p-value and no "no difference".
        assert "p =" not in sentence and "차이가 없습니다" not in sentence
    assert at.expander[0].label.startswith("통계 자세히 보기")
    for line in plain.glossary("ko"):
        assert line in shown
    assert "신뢰구간" in shown and "유의한 차이" in shown and "효과 크기" in shown


def test_page_figures_equal_scoring(
    app: AppTest, frame: pd.DataFrame, bundled_survey: Survey, app_store: Store
) -> None:
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), PAGE)
    assert not at.exception
    survey = bundled_survey
    youth = build_report(survey, frame, wave=LATEST, youth=True).youth
    figures = youth_figures(survey, frame, LATEST)
    assert not youth.suppressed and not figures.suppressed

    # Who counts as young, in one line from questions.yaml.
    # Written as Markdown with its special characters escaped ("30~34세" pairs no strikethrough).
    rule = "청년: 연령대 '20대 이하', '30\\~34세' 응답자 (설문 정의의 청년 기준이며, 청년기본법은 "
    rule += "19\\~34세"
    assert any(m.value.startswith(rule) for m in at.markdown)

    # Headline: both indexes with intervals, the difference, its test and size.
    index = youth.rows[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[f"청년 ({youth.n_youth}명)"] == f"{one(index.mean_a)}점"
    assert metrics[f"그 외 ({youth.n_rest}명)"] == f"{one(index.mean_b)}점"
    assert metrics["차이 (청년 − 그 외)"] == signed(index.diff)
    captions = [c.value for c in at.caption]
    ci = figures.measure("index").youth
    assert f"95% 신뢰구간 {one(ci.ci_low)} ~ {one(ci.ci_high)}점" in captions
    # The index is primary: its test is unadjusted and says so by naming no adjustment.
    assert index.p_holm == index.p
    assert any(f"({charts_p(index.p)})" in c and "Holm" not in c for c in captions)
    # The effect size waits in the statistics table: beside "significant", "small" confuses.
    assert not any(c.startswith("차이의 크기") for c in captions)

    # Every dimension: the table and the dumbbell chart hold the report's means.
    dimensions = at.dataframe[0].value
    assert dimensions["Hedges g"].tolist()[0] == f"{index.hedges_g:.2f}"
    assert list(dimensions["청년"]) == [one(r.mean_a) for r in youth.rows]
    assert list(dimensions["그 외"]) == [one(r.mean_b) for r in youth.rows]
    assert list(dimensions["Hedges g"]) == [f"{r.hedges_g:.2f}" for r in youth.rows]
    labels = {"index": "조직문화 지수", **{d.id: d.label.ko for d in survey.dimensions}}
    dots = {(r["label"], r["group"]): r["score"] for r in chart_rows(charts(at)[0]) if "group" in r}
    for row in youth.rows:
        assert dots[(labels[row.id], "청년")] == pytest.approx(row.mean_a, abs=1e-9)
        assert dots[(labels[row.id], "그 외")] == pytest.approx(row.mean_b, abs=1e-9)
    assert "'datum': 95" in str(specs(at)[0])

    # The five items with the largest gaps, with favorable shares for both.
    items = at.dataframe[1].value
    largest = figures.largest_gaps(5)
    assert list(items["차이"]) == [signed(g.diff) for g in largest]
    assert list(items["긍정 응답 (청년)"]) == [f"{g.favorable_youth:.1f}%" for g in largest]
    assert list(items["긍정 응답 (그 외)"]) == [f"{g.favorable_rest:.1f}%" for g in largest]

    # Panel members against the other young employees.
    panel = panel_comparison(survey, frame, LATEST)
    assert not panel.suppressed
    panel_table = at.dataframe[3].value
    assert list(panel_table["참여자"]) == [one(r.mean_a) for r in panel.rows]
    assert list(panel_table["그 외 청년"]) == [one(r.mean_b) for r in panel.rows]

    # The gap across waves, and its latest change.
    trend = gap_trend(survey, frame)
    lines = {(r["wave"], r["group"]): r["score"] for r in chart_rows(charts(at)[1]) if "wave" in r}
    for point in trend.waves:
        assert lines[(point.wave, "청년")] == pytest.approx(point.youth["index"], abs=1e-9)
    for change in trend.changes:
        row = change.row("index")
        before, after = signed(row.gap_before), signed(row.gap_after)
        lead = f"{change.wave_before} → {change.wave_after}: "
        if row.reversed:
            expected = f"{lead}지수 격차의 방향이 바뀌었습니다 ({before}점 → {after}점)."
        else:
            verb = "줄었습니다" if row.narrowed else "커졌습니다"
            expected = f"{lead}지수 격차가 {before}점에서 {after}점으로 {verb}."
        assert any(m.value.startswith(expected) for m in at.markdown), expected

    # Participation from the headcount by age band.
    share = participation(survey, frame, LATEST, BY_AGE)
    assert metrics["청년 참여율"] == f"{share.youth_rate:.1f}%"

    # Young employees' comments: all of them, as plain text, in scoring's order.
    found = comment_lists(survey, frame, LATEST, threshold=10)["youth"]
    assert [e.value for e in at.text] == [c for q in survey.comments for c in found.texts[q.id]]
    # The only HTML is the app's own stylesheet: no comment becomes markup.
    # (survey.style's stylesheets and page script, which other areas extend.)
    bodies = [h.proto.body for h in at.get("html")]
    assert bodies and all(b.startswith(("<style>", "<script>")) for b in bodies)
    assert not any(c in b for b in bodies for q in survey.comments for c in found.texts[q.id])

    assert [b.proto.label for b in at.get("download_button")] == ["엑셀 내려받기", "CSV 내려받기"]
    views = [e.detail for e in app_store.list_audit() if e.action == "report.view"]
    assert views == [{"page": "youth", "wave": LATEST}]


def test_hr_sees_the_page_and_can_pick_a_wave(
    app: AppTest, frame: pd.DataFrame, bundled_survey: Survey
) -> None:
    at = open_page(signed_in(app, HR_NAME, "hr"), PAGE)
    assert not at.exception
    # The wave is the only choice the page offers.
    assert len(at.selectbox) == 1 and at.selectbox[0].options == list(CLOSED)
    at.selectbox[0].select(CLOSED[0]).run()
    youth = build_report(bundled_survey, frame, wave=CLOSED[0], youth=True).youth
    assert at.metric[0].value == f"{one(youth.rows[0].mean_a)}점"
    # No headcount by age band for that wave: the page says so instead of a rate.
    assert any("연령대별 인원이 등록되어 있지 않아" in i.value for i in at.info)
    # Its panel comparison would single out members outside youth: hidden with the reason.
    assert panel_comparison(bundled_survey, frame, CLOSED[0]).reason == "panel_residual"
    # It says why, and no count but k.
    [why] = [i.value for i in at.info if "계산으로 드러날 수 있어" in i.value]
    assert re.findall(r"\d+", why) == ["5"]


def test_page_in_english(app: AppTest, frame: pd.DataFrame) -> None:
    app.session_state["i18n.lang"] = "en"
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), PAGE)
    assert not at.exception
    assert [e.value for e in at.title] == ["How young employees answered"]
    rule = "Young: respondents answering Age '29 or younger' or '30 to 34'"
    assert any(m.value.startswith(rule) for m in at.markdown)


def test_signed_out_visitor_sees_nothing(
    app: AppTest, frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The menu of a visitor who is not signed in lacks the page; its address runs
    # the page's guard, which shows the sign-in prompt and nothing else.
    assert f"app_pages/{PAGE}.py" not in {p.path for p in navigation.visible(None)}
    at = app.run().switch_page(f"app_pages/{PAGE}.py").run()
    assert not at.exception
    assert shows_nothing(at) and not at.title
    assert "로그인" in at.info[0].value
    # The same with every page listed in the menu.
    monkeypatch.setattr(navigation, "visible", lambda role: list(navigation.PAGES))
    at = open_page(AppTest.from_file("../../survey_app.py", default_timeout=APP_TIMEOUT), PAGE)
    assert not at.exception
    assert shows_nothing(at) and not at.title
    assert "로그인" in at.info[0].value


def test_every_reason_to_hide_has_words() -> None:
    for reason in REASONS:
        for lang in ("ko", "en"):
            assert "5" in t(f"youth.hidden.{reason}", lang, k=5)


def test_both_roles_have_the_page_in_their_navigation() -> None:
    for role in ("youth_panel", "hr"):
        assert f"app_pages/{PAGE}.py" in [p.path for p in navigation.visible(role)]
    assert f"app_pages/{PAGE}.py" not in [p.path for p in navigation.visible(None)]


def test_few_young_respondents_hide_every_figure(
    app: AppTest, app_store: Store, bundled_survey: Survey
) -> None:
    data = generate(bundled_survey, 60, seed=9, last_wave=LATEST)
    ages = np.array(data["age_band"].astype(object), dtype=object)
    young = np.flatnonzero(np.isin(ages, ["age_under_30", "age_30_34"]))
    ages[young[3:]] = "age_40s"
    data["age_band"] = pd.Categorical(ages, categories=data["age_band"].cat.categories)
    app_store.create_wave(LATEST, "codes")
    app_store.import_responses(LATEST, data)
    app_store.close_wave(LATEST)
    app_store.set_headcount(LATEST, None, BY_AGE)

    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), PAGE)
    assert not at.exception
    assert "청년 또는 그 외 응답자가 5명 미만이라" in at.warning[0].value
    assert shows_nothing(at)
    assert not at.text and not at.expander
    # No number anywhere but the wave, k and the fixed wording of the youth rule.
    definition = youth_words.definition(bundled_survey, "ko")
    shown = "\n".join(s for s in texts(at) if s.replace("\\", "") != definition)
    shown += "\n" + "\n".join(at.selectbox[0].options)
    residue = re.sub(r"5명", "", shown.replace(LATEST, ""))
    assert not re.search(r"\d", residue), residue


def test_export_holds_the_page_figures(frame: pd.DataFrame, bundled_survey: Survey) -> None:
    survey = bundled_survey
    page = youth_words.PageFigures(
        youth_figures(survey, frame, LATEST),
        panel_comparison(survey, frame, LATEST),
        gap_trend(survey, frame),
        participation(survey, frame, LATEST, BY_AGE),
    )
    youth = build_report(survey, frame, wave=LATEST, youth=True).youth
    parts = youth_export.sections(page, youth, survey, "ko")

    book = load_workbook(io.BytesIO(youth_export.workbook(parts)))
    assert book.sheetnames == [
        "요약",
        "청년 비교",
        "문항별 차이",
        "청년위원회 비교",
        "차수별 격차",
        "격차 변화",
    ]
    sheet = book["청년 비교"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [v[1] for v in values] == pytest.approx([r.mean_a for r in youth.rows], abs=1e-12)
    assert [v[9] for v in values] == pytest.approx([r.p_holm for r in youth.rows], abs=1e-12)
    assert sheet.cell(row=2, column=2).number_format == "0.0"
    # scoring's one workbook writer: its header style, as the HR workbook's.
    assert sheet.cell(row=1, column=1).fill.fgColor.rgb.endswith("305496")

    data = youth_export.csv_bytes(parts)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "요약"
    assert f"청년 응답자,{youth.n_youth}" in text

    hostile = {"=x": Table.by_column(("=SUM(A1)", "b"), [("+cmd", 1.5)], (None, "0.0"))}
    cells = list(load_workbook(io.BytesIO(youth_export.workbook(hostile))).active.values)
    assert cells == [("'=SUM(A1)", "b"), ("'+cmd", 1.5)]
    assert "'+cmd" in youth_export.csv_bytes(hostile).decode("utf-8-sig")


def test_the_panel_sees_codes_against_headcount(
    app: AppTest, app_store: Store, frame: pd.DataFrame, bundled_survey: Survey
) -> None:
    """Padding needs more codes than people: the panel can check (issue 10)."""
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), PAGE)
    # The seeded waves are imported history: the page says they took no responses.
    assert any("과거 결과를 가져온 차수" in c.value for c in at.caption)
    app_store.create_wave("2027-H2", "codes", {"policy": 30})
    issued = app_store.issue_codes("2027-H2", 7)
    app_store.open_wave("2027-H2")
    app_store.submit("2027-H2", {i.id: 3 for i in bundled_survey.items}, issued[0])
    app_store.close_wave("2027-H2")
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), PAGE)
    at.selectbox[0].select("2027-H2").run()
    assert any("발급한 접근 코드는 7개, 전체 인원은 30명" in c.value for c in at.caption)
