"""Which waves each task of the waves page offers, and its conversions (survey/waves.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from scoring.questionnaire import Survey
from survey import waves
from survey.store import SEOUL, Wave


def wave(name: str, status: str, mode: str = "codes", origin: str | None = None) -> Wave:
    return Wave(name, status, mode, None, None, origin=origin)


WAVES = [
    wave("draft", "draft"),
    wave("history", "draft", origin="imported"),
    wave("open", "open", origin="collected"),
    wave("open_link", "open", mode="open", origin="collected"),
    wave("closed", "closed", origin="collected"),
]


def test_each_task_offers_only_the_waves_it_can_act_on() -> None:
    assert [w.name for w in waves.changeable(WAVES)] == ["draft", "history", "open", "open_link"]
    assert [w.name for w in waves.collecting(WAVES)] == ["draft", "open", "open_link"]
    assert waves.coded(WAVES) == ["draft", "open"]
    assert waves.importable(WAVES) == ["draft", "history"]
    assert waves.closed(WAVES) == ["closed"]


def test_the_headcount_belongs_to_the_demographic_with_those_options(
    store_survey: Survey,
) -> None:
    first = store_survey.demographics[0]
    some = {option.id: 5 for option in first.options[:2]}
    assert waves.headcount_owner(store_survey, some) is first
    assert waves.headcount_owner(store_survey, {"nowhere": 3}) is None


def test_the_headcount_form_starts_on_the_recorded_demographic_else_a_department(
    store_survey: Survey,
) -> None:
    ids = [d.id for d in store_survey.demographics]
    assert waves.default_demographic(store_survey, ids[-1]) == ids[-1]
    expected = next((i for i in ids if i in ("dept", "department")), ids[0])
    assert waves.default_demographic(store_survey, None) == expected


def test_the_age_demographic_is_counted_beside_another_only(store_survey: Survey) -> None:
    age = store_survey.youth.demographic if store_survey.youth else None
    other = next(d.id for d in store_survey.demographics if d.id != age)
    assert waves.age_demographic(store_survey, other) == age
    if age is not None:
        assert waves.age_demographic(store_survey, age) is None


def test_blank_counts_are_left_out() -> None:
    assert waves.counts({"a": 3.0, "b": None, "c": 0}) == {"a": 3, "c": 0}
    assert waves.counts({"a": None}) is None


def test_schedule_moments_are_seoul_time() -> None:
    assert waves.moment(None, time(9, 0)) is None
    assert waves.moment(date(2026, 7, 1), None) == datetime(2026, 7, 1, tzinfo=SEOUL)
    stored = datetime(2026, 7, 1, 0, 0, tzinfo=UTC)
    assert waves.local(stored).hour == 9  # Seoul is UTC+9, without summer time
    assert waves.local(None) is None


def test_the_schedule_detail_names_the_moments_or_none() -> None:
    opens = datetime(2026, 7, 1, 9, 0, tzinfo=SEOUL)
    saved = Wave("w", "draft", "codes", None, None, opens_at=opens)
    assert waves.schedule_detail("w", saved) == {
        "wave": "w",
        "opens": opens.isoformat(),
        "closes": None,
    }


def test_an_uploaded_name_is_safe_to_write() -> None:
    assert waves.safe_file_name("../../etc/응답 파일 (1).csv") == "응답_파일_1_.csv"
    assert waves.safe_file_name("") == "responses.csv"


def test_the_app_address_drops_the_page_and_the_query() -> None:
    assert waves.app_base("https://survey.example/hr_waves?lang=en") == "https://survey.example"
    assert waves.app_base(None) == waves.LOCAL_APP
    assert waves.app_base("") == waves.LOCAL_APP
