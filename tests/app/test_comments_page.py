"""AppTest of what people wrote: HR's comments page and the youth page's comments section.

Both pages show only `scoring.comments.comment_lists` (the whole wave, the
young, the rest), in its order, and offer no filter or group: the choices
are the wave and the list. A withheld list says why without a count. The
attack over every list is tests/reliability/test_comment_intersection.py.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from scoring.comments import comment_lists
from scoring.questionnaire import Survey
from survey.i18n import t
from survey.store import Store
from tests.app.conftest import HR_NAME, YOUTH_NAME
from tests.app.dashboard_fixtures import CLOSED, open_page, seed, signed_in

pytestmark = pytest.mark.app

LATEST = CLOSED[-1]
LIST_LABELS = ["차수 전체", "청년 직원", "그 외 직원"]


@pytest.fixture
def frame(
    app_store: Store, bundled_survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> pd.DataFrame:
    monkeypatch.delenv("CULTURE_COMMENT_MIN", raising=False)
    return seed(app_store, bundled_survey)


@pytest.fixture
def hr_app(app: AppTest, frame: pd.DataFrame) -> AppTest:
    return signed_in(app, HR_NAME, "hr")


def texts(at: AppTest) -> list[str]:
    return [e.value for e in at.text]


def split_threshold(survey: Survey, frame: pd.DataFrame) -> int:
    """A CULTURE_COMMENT_MIN the latest wave's writers meet but one side of the split does not."""
    lists = comment_lists(survey, frame, LATEST, threshold=1)
    wrote = frame[[c.id for c in survey.comments]].apply(
        lambda column: column.map(lambda v: isinstance(v, str) and bool(v.strip()))
    )
    latest = (frame["wave"] == LATEST) & wrote.any(axis=1)
    young = frame[survey.youth.demographic].isin(survey.youth.groups)
    sides = [int((latest & young).sum()), int((latest & ~young).sum())]
    threshold = min(sides) + 1
    assert lists["wave"].shown and sum(sides) >= threshold > survey.min_group_size
    return threshold


# ---------------------------------------------------------------- HR's comments page


def test_the_page_offers_a_wave_and_three_lists_and_no_filter(hr_app: AppTest) -> None:
    at = open_page(hr_app, "hr_comments")
    assert not at.exception
    assert [s.label for s in at.selectbox] == ["차수", "문항"]
    assert at.selectbox[0].options == list(CLOSED) and at.selectbox[0].value == LATEST
    choice = at.radio(key="comments_list")
    assert choice.options == LIST_LABELS and choice.value == "wave"
    assert [i.label for i in at.text_input] == ["의견 검색"]
    assert not at.multiselect and not at.checkbox
    assert any("부서나 직급별 목록은 없습니다" in c.value for c in at.caption)


def test_each_list_is_scorings_in_its_order(
    hr_app: AppTest, frame: pd.DataFrame, bundled_survey: Survey, app_store: Store
) -> None:
    lists = comment_lists(bundled_survey, frame, LATEST, threshold=10)
    at = open_page(hr_app, "hr_comments")
    for name in ("wave", "youth", "rest"):
        at.radio(key="comments_list").set_value(name).run()
        assert not at.exception
        for question in bundled_survey.comments:
            at.selectbox[1].select(question.id).run()
            expected = list(lists[name].texts[question.id])
            assert texts(at) == expected, (name, question.id)
            assert f"의견 {len(expected)}건" in [c.value for c in at.caption]
        # Off by default (CULTURE_COMMENT_EXPORT): comments stay on the audited screen.
        assert not at.get("download_button")
        assert any("화면에서만 읽을 수 있습니다" in c.value for c in at.caption)
    # The young and the rest together are the whole wave, nothing left over.
    for question in bundled_survey.comments:
        both = lists["youth"].texts[question.id] + lists["rest"].texts[question.id]
        assert sorted(both) == sorted(lists["wave"].texts[question.id])
    views = [e.detail for e in app_store.list_audit() if e.action == "comments.view"]
    assert {"page": "comments", "wave": LATEST, "list": "youth"} in views


def test_the_split_is_withheld_together_without_a_count(
    hr_app: AppTest, frame: pd.DataFrame, bundled_survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    threshold = split_threshold(bundled_survey, frame)
    monkeypatch.setenv("CULTURE_COMMENT_MIN", str(threshold))
    at = open_page(hr_app, "hr_comments")
    assert texts(at) and not at.warning
    message = t("dash.comments.hidden.split", "ko", threshold=f"{threshold:,}")
    for name in ("youth", "rest"):
        at.radio(key="comments_list").set_value(name).run()
        assert not at.exception
        assert [w.value for w in at.warning] == [message]
        # Nothing of the withheld list: no text, no count, no download.
        assert not texts(at) and not at.get("download_button")
        assert not [c.value for c in at.caption if c.value.startswith("의견 ")]


def test_the_page_in_english(app: AppTest, frame: pd.DataFrame) -> None:
    app.session_state["i18n.lang"] = "en"
    at = open_page(signed_in(app, HR_NAME, "hr"), "hr_comments")
    assert not at.exception
    assert at.radio(key="comments_list").options == [
        "Whole wave",
        "Young employees",
        "Everyone else",
    ]
    assert any("three lists only" in c.value for c in at.caption)


# ---------------------------------------------------------------- the youth page


def test_youth_page_shows_the_young_or_the_rest(
    app: AppTest, frame: pd.DataFrame, bundled_survey: Survey, app_store: Store
) -> None:
    lists = comment_lists(bundled_survey, frame, LATEST, threshold=10)
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), "youth")
    assert not at.exception
    side = at.radio(key="youth_comments_side")
    assert side.options == ["청년 직원", "그 외 직원"] and side.value == "youth"
    in_order = [t for q in bundled_survey.comments for t in lists["youth"].texts[q.id]]
    assert texts(at) == in_order
    side.set_value("rest").run()
    assert not at.exception
    assert texts(at) == [t for q in bundled_survey.comments for t in lists["rest"].texts[q.id]]
    views = [e.detail for e in app_store.list_audit() if e.action == "comments.view"]
    assert views[0] == {"page": "youth", "wave": LATEST, "list": "rest"}


def test_youth_page_withholds_both_sides_without_a_count(
    app: AppTest, frame: pd.DataFrame, bundled_survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    threshold = split_threshold(bundled_survey, frame)
    monkeypatch.setenv("CULTURE_COMMENT_MIN", str(threshold))
    at = open_page(signed_in(app, YOUTH_NAME, "youth_panel"), "youth")
    message = t("youth.comments_hidden", "ko", threshold=f"{threshold:,}")
    for name in ("youth", "rest"):
        at.radio(key="youth_comments_side").set_value(name).run()
        assert not at.exception
        assert message in [i.value for i in at.info]
        assert not texts(at)
        assert not [e for e in at.expander if "의견" in e.label]


def test_themes_and_keywords_are_scorings_on_the_list_shown(
    hr_app: AppTest, frame: pd.DataFrame, bundled_survey: Survey
) -> None:
    """Issue 15: the theme view reads the published list only (scoring.themes)."""
    from scoring.themes import themes

    lists = comment_lists(bundled_survey, frame, LATEST, threshold=10)
    at = open_page(hr_app, "hr_comments")
    question = bundled_survey.comments[1].id
    at.selectbox[1].select(question).run()
    found = themes(lists["wave"].texts[question], bundled_survey.min_group_size)
    assert any(m.value == "**주제와 핵심어**" for m in at.markdown)
    labels = [e.label for e in at.expander]
    for theme in found.themes:
        label = "기타" if theme.keyword == "" else theme.keyword
        assert f"{label} · 의견 {theme.count}개" in labels
    if found.keywords:
        word, count = found.keywords[0]
        assert any(f"'{word}'" in c.value and f"{count}개" in c.value for c in at.caption)


def test_comments_download_only_for_the_roles_the_setting_allows(
    hr_app: AppTest, frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CULTURE_COMMENT_EXPORT", "hr")
    at = open_page(hr_app, "hr_comments")
    assert [b.proto.label for b in at.get("download_button")] == ["CSV 내려받기"]
    monkeypatch.setenv("CULTURE_COMMENT_EXPORT", "youth_panel")
    at = open_page(hr_app, "hr_comments")
    assert not at.get("download_button")
