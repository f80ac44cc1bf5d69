"""Broken survey files: one clear line each, and nothing stored changes.

What it attacks: `scoring.questionnaire.load_survey` and everything that loads
the survey through it (``python -m scoring validate``, `survey.store.Store` with
``CULTURE_SURVEY``, ``python -m survey``). Each file in
tests/data/broken_surveys/ is the valid survey `TEMPLATE` below with exactly one
mistake, named in its first line: bad encoding, YAML syntax, wrong types, ids,
weights, scale, youth rule, unknown keys, a control character, an alias bomb.

For every file:

- ``python -m scoring validate FILE`` exits 1 and prints exactly one line, in
  Korean and in English, naming the file, the line, the YAML path and what is
  wrong (the whole line is asserted);
- with ``CULTURE_SURVEY`` pointing at it, the store refuses to read the survey,
  create a wave, take a response or import a frame, each with that same line;
  ``python -m survey wave create`` prints it too; the database's SQL dump is
  byte for byte what it was.

The alias bomb (nine levels of YAML aliases, about 400 million values from a
one-kilobyte file) runs in a subprocess with 1 GB of address space: it must be
refused in seconds, not expanded.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from scoring import cli as scoring_cli
from scoring.errors import SurveyError
from scoring.questionnaire import parse_survey
from survey import cli as survey_cli
from survey.store import Store, dispose
from tests.reliability.dumps import sql_dump
from tests.scoring_helpers import survey_text

pytestmark = pytest.mark.reliability

REPO = Path(__file__).resolve().parents[2]
BROKEN = REPO / "tests" / "data" / "broken_surveys"
WAVE = "2025-H1"
ALIAS_BOMB = "alias_bomb.yaml"
ALIAS_BOMB_MEMORY = 1 << 30
ALIAS_BOMB_SECONDS = 30

# Every broken file is this survey with one mistake.
TEMPLATE = survey_text("broken_base.yaml")

# File (without .yaml) -> (the Korean line, the English line).
EXPECTED: dict[str, tuple[str, str]] = {
    "bad_id_hangul": (
        "bad_id_hangul.yaml:21 dimensions[1].id: id는 영문자나 밑줄(_)로 시작하고 영문자, 숫자, "
        "밑줄만 63자까지 쓸 수 있습니다. 응답 파일의 열 이름과 값으로 쓰이기 때문입니다 (현재 "
        '값: "소통")',
        "bad_id_hangul.yaml:21 dimensions[1].id: an id starts with a letter or an underscore and "
        "holds only letters, digits and underscores, at most 63, because it becomes a column "
        'name or a value in response files (got "소통")',
    ),
    "bad_id_hyphen": (
        "bad_id_hyphen.yaml:19 dimensions[0].items[0].id: id는 영문자나 밑줄(_)로 시작하고 "
        "영문자, 숫자, 밑줄만 63자까지 쓸 수 있습니다. 응답 파일의 열 이름과 값으로 쓰이기 "
        '때문입니다 (현재 값: "inn-1")',
        "bad_id_hyphen.yaml:19 dimensions[0].items[0].id: an id starts with a letter or an "
        "underscore and holds only letters, digits and underscores, at most 63, because it "
        'becomes a column name or a value in response files (got "inn-1")',
    ),
    "comment_id_clash": (
        "comment_id_clash.yaml:40 comments[0].id: id가 중복됩니다: dept (처음 나온 곳: "
        "demographics[0].id, 29행). 문항, 영역, 결과 문항, 응답자 특성, 의견 문항의 id는 모두 "
        "달라야 합니다",
        "comment_id_clash.yaml:40 comments[0].id: duplicate id dept (first used at "
        "demographics[0].id, line 29); items, dimensions, outcomes, demographics and comments "
        "all need different ids",
    ),
    "control_character": (
        "control_character.yaml:5: YAML에 쓸 수 없는 문자가 있습니다 (U+0007)",
        "control_character.yaml:5: the file holds a character YAML does not allow (U+0007)",
    ),
    "dimensions_mapping": (
        'dimensions_mapping.yaml:14 dimensions: 목록이어야 합니다 (현재 값: {"innovation": '
        '{"label": "혁신", "weight"…)',
        'dimensions_mapping.yaml:14 dimensions: must be a list (got {"innovation": {"label": '
        '"혁신", "weight"…)',
    ),
    "duplicate_item_id": (
        "duplicate_item_id.yaml:25 dimensions[1].items[0].id: id가 중복됩니다: inn1 (처음 나온 "
        "곳: dimensions[0].items[0].id, 19행). 문항, 영역, 결과 문항, 응답자 특성, 의견 문항의 "
        "id는 모두 달라야 합니다",
        "duplicate_item_id.yaml:25 dimensions[1].items[0].id: duplicate id inn1 (first used at "
        "dimensions[0].items[0].id, line 19); items, dimensions, outcomes, demographics and "
        "comments all need different ids",
    ),
    "duplicate_key": (
        "duplicate_key.yaml:7 survey.target: 같은 키가 두 번 나옵니다: target",
        "duplicate_key.yaml:7 survey.target: the key target appears twice",
    ),
    "duplicate_option_id": (
        "duplicate_option_id.yaml:33 demographics[0].options[1].id: 같은 응답자 특성 안에서 "
        "선택지 id가 중복됩니다: planning (처음 나온 곳: 32행)",
        "duplicate_option_id.yaml:33 demographics[0].options[1].id: duplicate option id planning "
        "within one demographic (first used on line 32)",
    ),
    "empty": (
        "empty.yaml: 설문 파일이 비어 있습니다",
        "empty.yaml: the survey file is empty",
    ),
    "empty_items": (
        "empty_items.yaml:24 dimensions[1].items: 영역에 문항이 하나도 없습니다",
        "empty_items.yaml:24 dimensions[1].items: the dimension has no items",
    ),
    "empty_options": (
        "empty_options.yaml:31 demographics[0].options: 응답자 특성에 선택지가 하나 이상 있어야 "
        "합니다",
        "empty_options.yaml:31 demographics[0].options: a demographic needs at least one option",
    ),
    "empty_text": (
        "empty_text.yaml:25 dimensions[1].items[0].text.en: 문구가 비어 있습니다",
        "empty_text.yaml:25 dimensions[1].items[0].text.en: the text is empty",
    ),
    "id_is_list": (
        'id_is_list.yaml:21 dimensions[1].id: 문자열이어야 합니다 (현재 값: ["voice"])',
        'id_is_list.yaml:21 dimensions[1].id: must be a string (got ["voice"])',
    ),
    "label_count": (
        "label_count.yaml:11 survey.scale.labels.ko: 척도 라벨은 점수마다 하나씩 5개여야 합니다 "
        "(현재 4개)",
        "label_count.yaml:11 survey.scale.labels.ko: a 5-point scale needs 5 labels, one per "
        "point (got 4)",
    ),
    "labels_not_list": (
        "labels_not_list.yaml:10 survey.scale.labels: 라벨 목록 하나 또는 {ko: [...], en: [...]} "
        "형태여야 합니다 (현재 값: 5)",
        "labels_not_list.yaml:10 survey.scale.labels: must be one list of labels or {ko: [...], "
        "en: [...]} (got 5)",
    ),
    "max_length_zero": (
        "max_length_zero.yaml:40 comments[0].max_length: 의견의 최대 글자 수는 1 이상이어야 "
        "합니다 (현재 값: 0)",
        "max_length_zero.yaml:40 comments[0].max_length: a comment's maximum length must be at "
        "least 1 (got 0)",
    ),
    "min_group_2": (
        "min_group_2.yaml:7 survey.min_group_size: 최소 집단 크기는 익명성을 위해 3 이상이어야 "
        "합니다 (현재 값: 2)",
        "min_group_2.yaml:7 survey.min_group_size: the minimum group size must be at least 3 to "
        "keep answers anonymous (got 2)",
    ),
    "min_group_float": (
        "min_group_float.yaml:7 survey.min_group_size: 정수여야 합니다 (현재 값: 4.5)",
        "min_group_float.yaml:7 survey.min_group_size: must be a whole number (got 4.5)",
    ),
    "missing_en": (
        "missing_en.yaml:5 survey.title.en: 필수 키가 없습니다: en",
        "missing_en.yaml:5 survey.title.en: the required key en is missing",
    ),
    "missing_survey_id": (
        "missing_survey_id.yaml:3 survey.id: 필수 키가 없습니다: id",
        "missing_survey_id.yaml:3 survey.id: the required key id is missing",
    ),
    "missing_version": (
        "missing_version.yaml:2 version: 필수 키가 없습니다: version",
        "missing_version.yaml:2 version: the required key version is missing",
    ),
    "no_dimensions": (
        "no_dimensions.yaml:14 dimensions: 영역이 하나 이상 있어야 합니다",
        "no_dimensions.yaml:14 dimensions: the survey needs at least one dimension",
    ),
    "non_string_key": (
        "non_string_key.yaml:3 7: 키는 문자열이어야 합니다 (현재 값: 7)",
        "non_string_key.yaml:3 7: a key must be a string (got 7)",
    ),
    "not_utf8": (
        "not_utf8.yaml:1: UTF-8 텍스트 파일이 아닙니다 (3번째 바이트). UTF-8로 저장해 주십시오",
        "not_utf8.yaml:1: the file is not UTF-8 text (byte 3); save it as UTF-8",
    ),
    "null_text": (
        "null_text.yaml:25 dimensions[1].items[0].text: 값이 비어 있습니다",
        "null_text.yaml:25 dimensions[1].items[0].text: the value is empty",
    ),
    "points_1": (
        "points_1.yaml:9 survey.scale.points: 척도의 점수 개수는 2에서 11 사이여야 합니다 (현재 "
        "값: 1)",
        "points_1.yaml:9 survey.scale.points: a scale has from 2 to 11 points (got 1)",
    ),
    "points_12": (
        "points_12.yaml:9 survey.scale.points: 척도의 점수 개수는 2에서 11 사이여야 합니다 (현재 "
        "값: 12)",
        "points_12.yaml:9 survey.scale.points: a scale has from 2 to 11 points (got 12)",
    ),
    "reserved_id": (
        "reserved_id.yaml:25 dimensions[1].items[0].id: wave는 응답 파일의 차수 열 이름이라 id로 "
        "쓸 수 없습니다",
        "reserved_id.yaml:25 dimensions[1].items[0].id: wave cannot be an id: it is the name of "
        "the wave column in response files",
    ),
    "reverse_number": (
        "reverse_number.yaml:20 dimensions[0].items[1].reverse: true 또는 false여야 합니다 (현재 "
        "값: 1)",
        "reverse_number.yaml:20 dimensions[0].items[1].reverse: must be true or false (got 1)",
    ),
    "tab_indent": (
        "tab_indent.yaml:6: YAML 문법 오류입니다 (1번째 열): while scanning for the next token; "
        "found character '\\t' that cannot start any token",
        "tab_indent.yaml:6: YAML syntax error (column 1): while scanning for the next token; "
        "found character '\\t' that cannot start any token",
    ),
    "target_120": (
        "target_120.yaml:6 survey.target: 목표 점수는 0에서 100 사이여야 합니다 (현재 값: 120)",
        "target_120.yaml:6 survey.target: the target must be between 0 and 100 (got 120)",
    ),
    "target_bad_date": (
        "target_bad_date.yaml:6: YAML 값을 읽을 수 없습니다: month must be in 1..12",
        "target_bad_date.yaml:6: cannot read a YAML value: month must be in 1..12",
    ),
    "target_nan": (
        "target_nan.yaml:6 survey.target: 숫자여야 합니다 (현재 값: nan)",
        "target_nan.yaml:6 survey.target: must be a number (got nan)",
    ),
    "top_level_list": (
        "top_level_list.yaml:2: 설문 파일의 최상위는 version, survey, dimensions 같은 키를 가진 "
        '매핑이어야 합니다 (현재 값: [{"version": 1}, {"survey": {"id": "x"}…)',
        "top_level_list.yaml:2: the top level of the survey file must be a mapping with keys "
        'such as version, survey and dimensions (got [{"version": 1}, {"survey": {"id": "x"}…)',
    ),
    "unclosed_bracket": (
        "unclosed_bracket.yaml:13: YAML 문법 오류입니다 (47번째 열): while parsing a flow "
        "sequence; expected ',' or ']', but got '}'",
        "unclosed_bracket.yaml:13: YAML syntax error (column 47): while parsing a flow sequence; "
        "expected ',' or ']', but got '}'",
    ),
    "unknown_key": (
        "unknown_key.yaml:7 survey.colour: 알 수 없는 키입니다: colour (쓸 수 있는 키: id, "
        "title, target, min_group_size, scale, youth)",
        "unknown_key.yaml:7 survey.colour: unknown key colour (allowed keys: id, title, target, "
        "min_group_size, scale, youth)",
    ),
    "unknown_key_hint": (
        "unknown_key_hint.yaml:20 dimensions[0].items[1].revers: 알 수 없는 키입니다: revers "
        "(혹시 reverse 키를 쓰려고 하셨습니까?)",
        "unknown_key_hint.yaml:20 dimensions[0].items[1].revers: unknown key revers (did you "
        "mean reverse?)",
    ),
    "unknown_outcome": (
        "unknown_outcome.yaml:27 outcomes.nps: 알 수 없는 키입니다: nps (쓸 수 있는 키: "
        "satisfaction, recommend)",
        "unknown_outcome.yaml:27 outcomes.nps: unknown key nps (allowed keys: satisfaction, "
        "recommend)",
    ),
    "version_2": (
        "version_2.yaml:2 version: version은 1이어야 합니다 (현재 값: 2)",
        "version_2.yaml:2 version: version must be 1 (got 2)",
    ),
    "weight_negative": (
        "weight_negative.yaml:23 dimensions[1].weight: 가중치는 0보다 커야 합니다 (현재 값: -0.2)",
        "weight_negative.yaml:23 dimensions[1].weight: a weight must be greater than 0 (got -0.2)",
    ),
    "weight_text": (
        'weight_text.yaml:23 dimensions[1].weight: 숫자여야 합니다 (현재 값: "0.4")',
        'weight_text.yaml:23 dimensions[1].weight: must be a number (got "0.4")',
    ),
    "weight_zero": (
        "weight_zero.yaml:23 dimensions[1].weight: 가중치는 0보다 커야 합니다 (현재 값: 0)",
        "weight_zero.yaml:23 dimensions[1].weight: a weight must be greater than 0 (got 0)",
    ),
    "weights_sum": (
        "weights_sum.yaml:14 dimensions: 영역 가중치의 합은 1이어야 합니다 (현재 합계: 0.9)",
        "weights_sum.yaml:14 dimensions: the dimension weights must add up to 1 (they add up to "
        "0.9)",
    ),
    "youth_empty_groups": (
        "youth_empty_groups.yaml:13 survey.youth.groups: 청년 기준에 선택지가 하나 이상 있어야 "
        "합니다",
        "youth_empty_groups.yaml:13 survey.youth.groups: the youth rule needs at least one option",
    ),
    "youth_unknown_demographic": (
        "youth_unknown_demographic.yaml:13 survey.youth.demographic: 청년 기준이 설문에 없는 "
        "응답자 특성을 가리킵니다: age_band (있는 특성: dept, age)",
        "youth_unknown_demographic.yaml:13 survey.youth.demographic: the youth rule names a "
        "demographic the survey does not have: age_band (demographics: dept, age)",
    ),
    "youth_unknown_option": (
        "youth_unknown_option.yaml:13 survey.youth.groups[0]: 청년 기준의 선택지가 age 특성에 "
        "없습니다: age_under_30 (있는 선택지: age_young, age_older)",
        "youth_unknown_option.yaml:13 survey.youth.groups[0]: the youth rule names an option "
        "that demographic age does not have: age_under_30 (options: age_young, age_older)",
    ),
}

ANSWERS = {"inn1": 4, "inn2": 2, "voi1": 5, "sat": 4, "dept": "data", "good": "좋습니다"}


def test_every_file_is_listed_and_the_template_is_valid() -> None:
    on_disk = {path.stem for path in BROKEN.glob("*.yaml")}
    assert on_disk == set(EXPECTED) | {Path(ALIAS_BOMB).stem}
    assert len(on_disk) >= 30
    survey = parse_survey(TEMPLATE, "template.yaml")
    assert [item.id for item in survey.items] == ["inn1", "inn2", "voi1"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_validate_prints_one_line(
    name: str, lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BROKEN)
    code = scoring_cli.main(["validate", f"{name}.yaml", "--lang", lang])
    out, err = capsys.readouterr()
    assert (code, out) == (scoring_cli.EXIT_DATA, "")
    assert err == EXPECTED[name][lang == "en"] + "\n"


@dataclass(frozen=True)
class Seeded:
    """A database holding a wave with responses, a user and an audit entry, and its dump."""

    url: str
    path: Path
    dump: str
    frame: pd.DataFrame


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    path = tmp_path_factory.mktemp("broken_surveys") / "culture.db"
    url = f"sqlite:///{path}"
    store = Store(url, parse_survey(TEMPLATE, "template.yaml"))
    store.create_wave(WAVE, "open")
    store.open_wave(WAVE)
    for answer in (2, 4, 5):
        store.submit(WAVE, {**ANSWERS, "inn1": answer})
    store.add_user("hr_park", "hr", "correct-horse-battery")
    store.audit("hr_park", "report.view", {"wave": WAVE})
    frame = store.load_wave(WAVE)
    dispose(url)
    yield Seeded(url, path, sql_dump(path), frame)
    dispose(url)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_app_refuses_the_survey_and_stores_nothing(
    name: str,
    seeded: Seeded,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(BROKEN)
    monkeypatch.setenv("CULTURE_SURVEY", f"{name}.yaml")
    monkeypatch.setenv("CULTURE_DB_URL", seeded.url)
    monkeypatch.delenv("CULTURE_LANG", raising=False)
    korean, english = EXPECTED[name]
    store = Store()
    attempts: list[Callable[[], object]] = [
        lambda: store.survey,
        lambda: store.create_wave("2026-H1"),
        lambda: store.submit(WAVE, ANSWERS),
        lambda: store.import_responses(WAVE, seeded.frame),
    ]
    for attempt in attempts:
        with pytest.raises(SurveyError) as caught:
            attempt()
        assert caught.value.message("ko") == korean
        assert caught.value.message("en") == english
    code = survey_cli.main(["wave", "create", "2026-H1"])
    out, err = capsys.readouterr()
    assert (code, out, err) == (survey_cli.EXIT_DATA, "", korean + "\n")
    assert sql_dump(seeded.path) == seeded.dump


def _limited() -> None:
    # Runs in the child before exec: an expanded bomb fails fast instead of
    # taking the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (ALIAS_BOMB_MEMORY, ALIAS_BOMB_MEMORY))


def _run_limited(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", *args],
            cwd=BROKEN,
            env=env,
            capture_output=True,
            text=True,
            timeout=ALIAS_BOMB_SECONDS,
            preexec_fn=_limited,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(args)} still ran after {ALIAS_BOMB_SECONDS} s")


def test_the_alias_bomb_is_refused_without_expanding_it(seeded: Seeded) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CULTURE_")}
    env |= {
        "PYTHONPATH": str(REPO),
        "CULTURE_DB_URL": seeded.url,
        "CULTURE_SURVEY": ALIAS_BOMB,
    }
    checks = [
        (["scoring", "validate", ALIAS_BOMB, "--lang", "en"], "with its aliases expanded the YAML"),
        (
            ["survey", "wave", "create", "2026-H1"],
            "YAML 별칭(alias)을 펼치면 값이 100,000개를 넘습니다",
        ),
    ]
    for args, words in checks:
        done = _run_limited(args, env)
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        assert (done.returncode, done.stdout) == (1, "")
        lines = done.stderr.splitlines()
        assert len(lines) == 1
        # Refused before anything is expanded, so the message names the file, not a path.
        assert lines[0].startswith(f"{ALIAS_BOMB}: {words}")
    assert sql_dump(seeded.path) == seeded.dump


@pytest.mark.parametrize("kind", ["200 MB", "endless"])
def test_an_oversized_survey_file_is_refused_without_reading_it(
    kind: str, seeded: Seeded, tmp_path: Path
) -> None:
    # The 200 MB file is sparse (a valid survey, then zeros): writing it costs nothing,
    # reading it whole would. /dev/zero never ends: only a bounded read returns.
    if kind == "endless":
        survey_file = "/dev/zero"
    else:
        path = tmp_path / "questions.yaml"
        with path.open("wb") as file:
            file.write(TEMPLATE.encode("utf-8"))
            file.truncate(200 * 1024 * 1024)
        survey_file = str(path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CULTURE_")}
    env |= {"PYTHONPATH": str(REPO), "CULTURE_DB_URL": seeded.url, "CULTURE_SURVEY": survey_file}
    checks = [
        (
            ["scoring", "validate", survey_file, "--lang", "en"],
            "the survey file is too large: survey files are read up to 1,000,000 bytes;"
            " check that this is the right file",
        ),
        (
            ["survey", "wave", "create", "2026-H1"],
            "설문 파일이 너무 큽니다. 설문 파일은 1,000,000바이트까지 읽습니다."
            " 올바른 파일인지 확인해 주십시오",
        ),
    ]
    for args, words in checks:
        done = _run_limited(args, env)
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr.splitlines() == [f"{survey_file}: {words}"]
    assert sql_dump(seeded.path) == seeded.dump
