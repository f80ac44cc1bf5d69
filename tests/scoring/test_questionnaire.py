"""Tests for scoring/questionnaire.py: the bundled survey, the model, and every validation case."""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pytest

from scoring.errors import SurveyError
from scoring.messages import MESSAGES
from scoring.questionnaire import (
    ID_PATTERN,
    MAX_SURVEY_BYTES,
    Panel,
    Survey,
    Text,
    load_survey,
    parse_survey,
)
from tests.scoring_helpers import BASE_COLUMNS, SURVEYS, survey_text

ROOT = Path(__file__).resolve().parents[2]
BASE = survey_text("base.yaml")
BALANCE_ITEMS = (
    "    items:\n      - {id: bal1, text: {ko: 휴가를 쓸 수 있습니다., en: I can take leave.}}\n"
)


def line_of(text: str, snippet: str) -> int:
    """The 1-based line where `snippet` first appears in `text`."""
    position = text.index(snippet)
    return text.count("\n", 0, position) + 1


def edit(old: str, new: str) -> str:
    assert BASE.count(old) == 1, f"the edit must hit exactly one place: {old!r}"
    return BASE.replace(old, new)


def problems_of(text: str, source: str = "base.yaml") -> SurveyError:
    with pytest.raises(SurveyError) as caught:
        parse_survey(text, source)
    return caught.value


# ---------------------------------------------------------------- the bundled survey


@pytest.fixture(scope="module")
def bundled() -> Survey:
    return load_survey(ROOT / "questions.yaml")


def test_bundled_survey_has_seven_weighted_dimensions(bundled: Survey) -> None:
    assert [d.id for d in bundled.dimensions] == [
        "innovation",
        "communication",
        "fairness",
        "inclusion",
        "balance",
        "growth",
        "sustainability",
    ]
    assert sum(d.weight for d in bundled.dimensions) == pytest.approx(1.0, abs=1e-9)
    assert all(4 <= len(d.items) <= 6 for d in bundled.dimensions)
    assert 30 <= len(bundled.items) <= 36
    assert sum(item.reverse for item in bundled.items) >= 4


def test_bundled_survey_scale_target_and_privacy(bundled: Survey) -> None:
    assert bundled.points == 5
    assert [label.ko for label in bundled.scale_labels] == [
        "전혀 그렇지 않다",
        "그렇지 않다",
        "보통이다",
        "그렇다",
        "매우 그렇다",
    ]
    assert bundled.scale_labels[-1].en == "Strongly agree"
    assert bundled.target == 95
    assert bundled.min_group_size == 5


def test_bundled_survey_outcomes_demographics_comments(bundled: Survey) -> None:
    satisfaction, recommend = bundled.outcome("satisfaction"), bundled.outcome("recommend")
    assert (satisfaction.low, satisfaction.high) == (1, 5)
    assert (recommend.low, recommend.high) == (0, 10)
    assert [d.id for d in bundled.demographics] == [
        "dept",
        "age_band",
        "grade",
        "tenure",
        "junior_board",
    ]
    assert 7 <= len(bundled.demographic("dept").options) <= 9
    ages = [o.label.ko for o in bundled.demographic("age_band").options]
    assert ages == ["20대 이하", "30~34세", "35~39세", "40대", "50대 이상"]
    assert [o.id for o in bundled.demographic("junior_board").options] == ["yes", "no"]
    assert bundled.youth.demographic == "age_band"
    assert bundled.youth.groups == ("age_under_30", "age_30_34")
    assert 2 <= len(bundled.comments) <= 3
    assert all(c.max_length == 1000 for c in bundled.comments)
    # The form adds "prefer not to say" itself; the file must not list it.
    labels = [o.label.ko for d in bundled.demographics for o in d.options]
    assert "응답하지 않음" not in labels


def test_bundled_survey_texts_are_translated_statements(bundled: Survey) -> None:
    for item in bundled.items:
        assert item.text.ko.endswith("니다."), item.id  # 합니다체 statements
        assert item.text.en and item.text.en != item.text.ko, item.id
    ids = [item.id for item in bundled.items] + [d.id for d in bundled.dimensions]
    ids += [o.id for d in bundled.demographics for o in d.options]
    assert all(re.match(ID_PATTERN, i) for i in ids)


# ---------------------------------------------------------------- the model


@pytest.fixture(scope="module")
def base() -> Survey:
    return parse_survey(BASE, "base.yaml")


def test_model_lookups_and_columns(base: Survey) -> None:
    assert [i.id for i in base.items] == ["inn1", "inn2", "voi1", "voi2", "bal1"]
    assert base.item("inn2").reverse is True
    assert base.item("inn2").dimension == "innovation"
    assert base.item("voi1").reverse is False  # reverse defaults to false
    assert base.item("nope") is None
    assert base.dimension("voice").weight == 0.3
    assert base.dimension("nope") is None
    assert base.demographic("age").options[1].id == "age_30_34"
    assert base.demographic("nope") is None
    assert base.outcome("recommend").id == "rec"
    assert base.outcome("other") is None
    assert base.columns == BASE_COLUMNS
    assert base.comments[1].max_length == 1000  # the default


def test_text_plain_string_and_languages(base: Survey) -> None:
    assert base.item("voi2").text == Text("같은 문구", "같은 문구")
    assert base.dimension("balance").label.get("en") == "균형"
    assert base.title.get("en") == "Base survey"
    assert base.title.get("ko") == "기본 설문"
    assert base.title.get("fr") == "기본 설문"


def test_model_is_frozen_and_hashable(base: Survey) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.target = 90  # type: ignore[misc]
    assert hash(base) == hash(parse_survey(BASE, "base.yaml"))


def test_one_list_of_labels_serves_both_languages() -> None:
    text = edit(
        "    labels:\n      ko: [전혀 그렇지 않다, 그렇지 않다, 보통이다, 그렇다, 매우 그렇다]\n"
        "      en: [Strongly disagree, Disagree, Neutral, Agree, Strongly agree]\n",
        "    labels: [1, 2, 3, 4, 5]\n",
    )
    survey = parse_survey(text)
    assert survey.scale_labels[0] == Text("1", "1")


def test_the_panel_is_declared_with_the_youth_rule(bundled: Survey) -> None:
    assert bundled.youth.panel == Panel("junior_board", "yes")
    text = edit(
        "groups: [age_young, age_30_34]}",
        "groups: [age_young, age_30_34], panel: {demographic: dept, option: data}}",
    )
    assert parse_survey(text, "base.yaml").youth.panel == Panel("dept", "data")
    assert parse_survey(BASE, "base.yaml").youth.panel is None


def test_outcomes_demographics_comments_and_youth_are_optional() -> None:
    text = BASE[: BASE.index("outcomes:")].replace(
        "  youth: {demographic: age, groups: [age_young, age_30_34]}\n", ""
    )
    survey = parse_survey(text)
    assert survey.outcomes == survey.demographics == survey.comments == ()
    assert survey.youth is None


def test_bom_file_loads() -> None:
    assert load_survey(SURVEYS / "with_bom.yaml").id == "base"


# ---------------------------------------------------------------- every validation case

# (case, old text, new text, message key, YAML path, text on the expected line)
CASES = [
    (
        "unknown key typo",
        "    weight: 0.5\n",
        "    wieght: 0.5\n",
        "survey.unknown_key_hint",
        "dimensions[0].wieght",
        "wieght",
    ),
    (
        "missing key",
        "    weight: 0.3\n",
        "",
        "survey.missing_key",
        "dimensions[1].weight",
        "- id: voice",
    ),
    (
        "text without en",
        "title: {ko: 기본 설문, en: Base survey}",
        "title: {ko: 기본 설문}",
        "survey.missing_key",
        "survey.title.en",
        "title:",
    ),
    (
        "unknown top-level key",
        "comments:\n",
        "comment:\n",
        "survey.unknown_key_hint",
        "comment",
        "comment:",
    ),
    (
        "unknown item key",
        "reverse: true}",
        "revers: true}",
        "survey.unknown_key_hint",
        "dimensions[0].items[1].revers",
        "revers:",
    ),
    (
        "unknown outcome",
        "  recommend:",
        "  recomend:",
        "survey.unknown_key_hint",
        "outcomes.recomend",
        "recomend:",
    ),
    (
        "duplicate item id",
        "{id: voi2,",
        "{id: inn1,",
        "survey.duplicate_id",
        "dimensions[1].items[1].id",
        "{id: inn1, text: 같은",
    ),
    (
        "dimension id used by an item",
        "- id: balance",
        "- id: inn1",
        "survey.duplicate_id",
        "dimensions[2].id",
        "- id: inn1",
    ),
    (
        "outcome id used by an item",
        "{id: sat,",
        "{id: bal1,",
        "survey.duplicate_id",
        "outcomes.satisfaction.id",
        "{id: bal1, text: {ko: 만족",
    ),
    (
        "comment id used by a demographic",
        "{id: change,",
        "{id: dept,",
        "survey.duplicate_id",
        "comments[1].id",
        "{id: dept, text",
    ),
    (
        "duplicate option id",
        "{id: data, label",
        "{id: planning, label",
        "survey.duplicate_option",
        "demographics[0].options[1].id",
        "{id: planning, label: {ko: 데이터",
    ),
    (
        "negative weight",
        "weight: 0.2",
        "weight: -0.2",
        "survey.weight_positive",
        "dimensions[2].weight",
        "weight: -0.2",
    ),
    (
        "zero weight",
        "weight: 0.2",
        "weight: 0",
        "survey.weight_positive",
        "dimensions[2].weight",
        "weight: 0\n",
    ),
    (
        "weights not adding up to 1",
        "weight: 0.2",
        "weight: 0.25",
        "survey.weights_sum",
        "dimensions",
        "dimensions:",
    ),
    (
        "weight not a number",
        "weight: 0.2",
        "weight: heavy",
        "survey.expected_number",
        "dimensions[2].weight",
        "weight: heavy",
    ),
    (
        "empty weight",
        "weight: 0.2",
        "weight:",
        "survey.empty_value",
        "dimensions[2].weight",
        "weight:\n",
    ),
    (
        "too many scale points",
        "points: 5",
        "points: 12",
        "survey.points_range",
        "survey.scale.points",
        "points:",
    ),
    (
        "too few scale points",
        "points: 5",
        "points: 1",
        "survey.points_range",
        "survey.scale.points",
        "points:",
    ),
    (
        "scale points not whole",
        "points: 5",
        "points: 5.5",
        "cli.not_integer",
        "survey.scale.points",
        "points:",
    ),
    (
        "label count",
        "      ko: [전혀 그렇지 않다, 그렇지 않다, 보통이다, 그렇다, 매우 그렇다]",
        "      ko: [전혀 그렇지 않다, 그렇지 않다, 그렇다, 매우 그렇다]",
        "survey.label_count",
        "survey.scale.labels.ko",
        "      ko: [전혀",
    ),
    (
        "empty dimension",
        BALANCE_ITEMS,
        "    items: []\n",
        "survey.empty_dimension",
        "dimensions[2].items",
        "items: []",
    ),
    (
        "items not a list",
        BALANCE_ITEMS,
        "    items: bal1\n",
        "survey.expected_list",
        "dimensions[2].items",
        "items: bal1",
    ),
    (
        "demographic without options",
        "    options:\n      - {id: planning, label: {ko: 기획, en: Planning}}\n"
        "      - {id: data, label: {ko: 데이터, en: Data}}\n",
        "    options: []\n",
        "survey.empty_options",
        "demographics[0].options",
        "options: []",
    ),
    (
        "youth names an unknown demographic",
        "youth: {demographic: age,",
        "youth: {demographic: ages,",
        "survey.youth_demographic",
        "survey.youth.demographic",
        "youth:",
    ),
    (
        "youth names an unknown option",
        "groups: [age_young, age_30_34]",
        "groups: [age_young, age_30_35]",
        "survey.youth_option",
        "survey.youth.groups[1]",
        "youth:",
    ),
    (
        "panel names an unknown demographic",
        "groups: [age_young, age_30_34]}",
        "groups: [age_young, age_30_34], panel: {demographic: board, option: member}}",
        "survey.panel_demographic",
        "survey.youth.panel.demographic",
        "youth:",
    ),
    (
        "panel on the youth rule's own demographic",
        "groups: [age_young, age_30_34]}",
        "groups: [age_young, age_30_34], panel: {demographic: age, option: age_young}}",
        "survey.panel_same",
        "survey.youth.panel.demographic",
        "youth:",
    ),
    (
        "panel names an unknown option",
        "groups: [age_young, age_30_34]}",
        "groups: [age_young, age_30_34], panel: {demographic: dept, option: board}}",
        "survey.panel_option",
        "survey.youth.panel.option",
        "youth:",
    ),
    (
        "target above 100",
        "target: 95",
        "target: 101",
        "survey.target_range",
        "survey.target",
        "target:",
    ),
    (
        "target below 0",
        "target: 95",
        "target: -5",
        "survey.target_range",
        "survey.target",
        "target:",
    ),
    (
        "min_group_size below 3",
        "min_group_size: 5",
        "min_group_size: 2",
        "survey.min_group_size",
        "survey.min_group_size",
        "min_group_size:",
    ),
    (
        "id starting with a digit",
        "{id: voi1,",
        "{id: 1voi,",
        "survey.bad_id",
        "dimensions[1].items[0].id",
        "{id: 1voi",
    ),
    (
        "id with Korean letters",
        "- id: voice",
        "- id: 소통",
        "survey.bad_id",
        "dimensions[1].id",
        "- id: 소통",
    ),
    (
        "option id with a hyphen",
        "{id: age_30_34, label",
        "{id: age-30-34, label",
        "survey.bad_id",
        "demographics[1].options[1].id",
        "{id: age-30-34",
    ),
    (
        "id wave is reserved",
        "{id: good,",
        "{id: wave,",
        "survey.reserved_id",
        "comments[0].id",
        "{id: wave",
    ),
    ("version not 1", "version: 1", "version: 2", "survey.version", "version", "version:"),
    (
        "max_length below 1",
        "max_length: 20",
        "max_length: 0",
        "survey.max_length",
        "comments[0].max_length",
        "max_length: 0",
    ),
    (
        "reverse not a boolean",
        "reverse: true}",
        "reverse: maybe}",
        "survey.expected_bool",
        "dimensions[0].items[1].reverse",
        "reverse: maybe",
    ),
    (
        "text not a string",
        "label: 균형",
        "label: [균형]",
        "survey.expected_text",
        "dimensions[2].label",
        "label: [균형]",
    ),
    (
        "empty text",
        "label: 균형",
        'label: ""',
        "survey.empty_text",
        "dimensions[2].label.ko",
        'label: ""',
    ),
    (
        "key given twice",
        "    weight: 0.3\n",
        "    weight: 0.3\n    weight: 0.30\n",
        "survey.duplicate_key",
        "dimensions[1].weight",
        "weight: 0.30",
    ),
    (
        "section not a mapping",
        "survey:\n  id: base",
        "survey: base\nx:\n  id: base",
        "survey.expected_mapping",
        "survey",
        "survey: base",
    ),
]
CASES = [pytest.param(*case[1:], id=case[0]) for case in CASES]


@pytest.mark.parametrize(("old", "new", "key", "place", "on_line"), CASES)
def test_broken_survey_names_the_place(
    old: str, new: str, key: str, place: str, on_line: str
) -> None:
    text = edit(old, new)
    error = problems_of(text)
    line = line_of(text, on_line)
    found = [(p.key, p.place, p.line) for p in error.problems]
    assert (key, place, line) in found
    assert f"base.yaml:{line} {place}: " in error.message("ko")
    assert f"base.yaml:{line} {place}: " in error.message("en")


# (case, old, new, message key, text on the expected line): problems of the YAML itself
SYNTAX_CASES = [
    (
        "mapping value in a value",
        "  target: 95",
        "  target: 95: 96",
        "survey.yaml_syntax",
        "target: 95: 96",
    ),
    ("tab indentation", "  target: 95", "\ttarget: 95", "survey.yaml_syntax", "\ttarget"),
    ("unclosed quote", "label: 균형", 'label: "균형', "survey.yaml_syntax", None),
    ("impossible date", "target: 95", "target: 2025-13-45", "survey.yaml_invalid", "target:"),
    (
        "python object tag",
        "target: 95",
        "target: !!python/object/apply:os.system [ls]",
        "survey.yaml_invalid",
        "target:",
    ),
    ("control character", "label: 균형", "label: 균\x07형", "survey.bad_character", "label: 균"),
    ("two documents", "comments:\n", "---\ncomments:\n", "survey.yaml_syntax", "---"),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "on_line"), [pytest.param(*c[1:], id=c[0]) for c in SYNTAX_CASES]
)
def test_yaml_errors_name_the_line(old: str, new: str, key: str, on_line: str | None) -> None:
    text = edit(old, new)
    error = problems_of(text)
    assert [p.key for p in error.problems] == [key]
    problem = error.problems[0]
    assert problem.line is not None
    if on_line is not None:
        assert problem.line == line_of(text, on_line)
    assert error.message("ko").startswith(f"base.yaml:{problem.line}: ")
    if key == "survey.yaml_syntax":
        assert "번째 열" in error.message("ko")
        assert "(column " in error.message("en")


def test_unknown_key_suggests_the_close_match() -> None:
    error = problems_of(edit("    weight: 0.5\n", "    wieght: 0.5\n"))
    assert "(did you mean weight?)" in error.message("en")
    assert "혹시 weight 키를" in error.message("ko")


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    error = problems_of(edit("    weight: 0.5\n", "    weight: 0.5\n    colour: red\n"))
    assert "(allowed keys: id, label, weight, items)" in error.message("en")


def test_weights_sum_shows_the_sum() -> None:
    error = problems_of(edit("weight: 0.2", "weight: 0.25"))
    assert "1.05" in error.message("ko")
    assert "(they add up to 1.05)" in error.message("en")


def test_weights_within_tolerance_pass() -> None:
    text = edit("weight: 0.2", "weight: 0.2000000001")
    assert parse_survey(text).dimension("balance").weight == pytest.approx(0.2)


def test_duplicate_id_points_to_the_first_use() -> None:
    text = edit("{id: voi2,", "{id: inn1,")
    error = problems_of(text)
    first = line_of(text, "{id: inn1, text: {ko: 새로운")
    assert f"(first used at dimensions[0].items[0].id, line {first})" in error.message("en")


def test_several_problems_are_reported_together() -> None:
    error = problems_of((SURVEYS / "several_problems.yaml").read_text(encoding="utf-8"))
    keys = {p.key for p in error.problems}
    assert {
        "survey.unknown_key_hint",
        "survey.missing_key",
        "survey.duplicate_id",
        "survey.points_range",
        "survey.youth_option",
        "survey.min_group_size",
    } <= keys
    assert error.total == len(error.problems) == 6
    lines = [p.line for p in error.problems]
    assert lines == sorted(lines)  # in file order


def test_problems_beyond_twenty_are_counted() -> None:
    extra = "".join(f"      - {{id: inn1, text: T{i}}}\n" for i in range(25))
    error = problems_of(
        edit("    items:\n      - {id: bal1", "    items:\n" + extra + "      - {id: bal1")
    )
    assert error.total == 25
    assert len(error.problems) == 20
    assert error.message("ko").splitlines()[-1] == "외 5건 더"
    assert error.message("en").splitlines()[-1] == "and 5 more"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("", "survey.empty", id="empty"),
        pytest.param("# only a comment\n", "survey.empty", id="only a comment"),
        pytest.param("- version: 1\n", "survey.not_mapping", id="top-level list"),
        pytest.param("just words\n", "survey.not_mapping", id="top-level string"),
    ],
)
def test_empty_or_shapeless_files(text: str, key: str) -> None:
    error = problems_of(text)
    assert [p.key for p in error.problems] == [key]
    assert error.message("ko").startswith("base.yaml")


def test_file_not_utf8_names_the_line() -> None:
    with pytest.raises(SurveyError) as caught:
        load_survey(SURVEYS / "not_utf8.yaml")
    problem = caught.value.problems[0]
    assert problem.key == "survey.not_utf8"
    assert problem.line == 1  # the Korean comment on the first line
    assert "not_utf8.yaml:1: " in caught.value.message("en")
    assert "UTF-8" in caught.value.message("ko")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SurveyError) as caught:
        load_survey(tmp_path / "nope.yaml")
    assert caught.value.problems[0].key == "file.not_found"
    with pytest.raises(SurveyError) as caught:
        load_survey(tmp_path)
    assert caught.value.problems[0].key == "file.unreadable"


def test_a_file_at_the_size_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "padded.yaml"
    head = BASE.encode("utf-8")
    path.write_bytes(head + b"#" * (MAX_SURVEY_BYTES - len(head) - 1) + b"\n")
    assert path.stat().st_size == MAX_SURVEY_BYTES
    assert load_survey(path).id == "base"


@pytest.mark.parametrize("size", [MAX_SURVEY_BYTES + 1, 200 * 1024 * 1024])
def test_a_file_past_the_size_limit_is_refused_naming_file_and_limit(
    tmp_path: Path, size: int
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.write(BASE.encode("utf-8"))
        file.truncate(size)  # sparse: the test writes a few bytes, not 200 MB
    with pytest.raises(SurveyError) as caught:
        load_survey(path)
    assert [p.key for p in caught.value.problems] == ["survey.file_too_big"]
    assert caught.value.message("ko") == (
        f"{path}: 설문 파일이 너무 큽니다. 설문 파일은 1,000,000바이트까지 읽습니다."
        " 올바른 파일인지 확인해 주십시오"
    )
    assert caught.value.message("en") == (
        f"{path}: the survey file is too large: survey files are read up to 1,000,000 bytes;"
        " check that this is the right file"
    )


def test_messages_of_every_problem_exist_in_both_languages() -> None:
    error = problems_of((SURVEYS / "several_problems.yaml").read_text(encoding="utf-8"))
    for problem in error.problems:
        assert problem.key in MESSAGES
        assert problem.message("ko") != problem.message("en")


def test_random_damage_never_escapes_as_another_exception() -> None:
    """Lines deleted, doubled, shifted or cut: a SurveyError or a survey, never a traceback."""
    original = (ROOT / "questions.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    rng = random.Random(20250101)
    for _ in range(150):
        lines = list(original)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            action = rng.choice(["delete", "double", "indent", "dedent", "cut", "char"])
            if action == "delete":
                del lines[i]
            elif action == "double":
                lines.insert(i, lines[i])
            elif action == "indent":
                lines[i] = "  " + lines[i]
            elif action == "dedent":
                lines[i] = lines[i][2:]
            elif action == "cut":
                lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)] + "\n"
            else:
                lines[i] = rng.choice(":-[]{}&*!|>'\"%@`#,?") + lines[i]
        try:
            parse_survey("".join(lines))
        except SurveyError as error:
            assert error.problems
            for problem in error.problems:
                problem.message("ko")
                problem.message("en")
