"""Every user-facing message of the scoring package, in Korean and English.

A message is a `str.format` template looked up by key. The modules of this
package own their keys here; other scoring modules add theirs with
`register` at import, so that one table holds every message and a test can
check that each one exists in both languages.
"""

from __future__ import annotations

import json
import math

from scoring.korean import particles

__all__ = ["LANGUAGES", "MESSAGES", "quote", "register", "text"]

LANGUAGES: tuple[str, ...] = ("ko", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # ---- the projection to the target (scoring.index.outlook)
    "outlook.needs": {
        "ko": "목표 도달 전망은 지수가 있는 차수가 3개 이상일 때 보여 드립니다.",
        "en": "The outlook needs at least three waves with an index.",
    },
    "outlook.reached": {
        "ko": "추세선이 이미 목표에 닿았습니다.",
        "en": "The trend line already reaches the target.",
    },
    "outlook.reach": {
        "ko": "현재 추세라면 {wave}에 목표에 도달합니다.",
        "en": "On the current trend the target is reached in {wave}.",
    },
    "outlook.far": {
        "ko": "현재 추세라면 {wave}에 목표에 도달합니다. 그래프에는 {shown}까지 그렸습니다.",
        "en": "On the current trend the target is reached in {wave}; the chart shows the "
        "line up to {shown}.",
    },
    "outlook.reach_steps": {
        "ko": "현재 추세라면 {steps}차수 뒤에 목표에 도달합니다.",
        "en": "On the current trend the target is reached {steps} waves from now.",
    },
    "outlook.never": {
        "ko": "현재 추세로는 목표에 도달하지 못합니다.",
        "en": "On the current trend the target is not reached.",
    },
    # errors.py
    "errors.more": {
        "ko": "외 {count}건 더",
        "en": "and {count} more",
    },
    "errors.line": {
        "ko": "{line}행",
        "en": "line {line}",
    },
    # files, whatever they hold
    "file.not_found": {
        "ko": "파일이 없습니다",
        "en": "the file does not exist",
    },
    "file.unreadable": {
        "ko": "파일을 읽을 수 없습니다: {detail}",
        "en": "cannot read the file: {detail}",
    },
    # questionnaire.py: reading the YAML
    "survey.not_utf8": {
        "ko": "UTF-8 텍스트 파일이 아닙니다 ({offset}번째 바이트). UTF-8로 저장해 주십시오",
        "en": "the file is not UTF-8 text (byte {offset}); save it as UTF-8",
    },
    "survey.bad_character": {
        "ko": "YAML에 쓸 수 없는 문자가 있습니다 ({char})",
        "en": "the file holds a character YAML does not allow ({char})",
    },
    "survey.yaml_syntax": {
        "ko": "YAML 문법 오류입니다 ({column}번째 열): {detail}",
        "en": "YAML syntax error (column {column}): {detail}",
    },
    "survey.yaml_invalid": {
        "ko": "YAML 값을 읽을 수 없습니다: {detail}",
        "en": "cannot read a YAML value: {detail}",
    },
    "survey.too_large": {
        "ko": "YAML 별칭(alias)을 펼치면 값이 {limit}개를 넘습니다. 별칭을 줄여 주십시오",
        "en": "with its aliases expanded the YAML holds more than {limit} values;"
        " use fewer aliases",
    },
    "survey.too_deep": {
        "ko": "YAML 구조가 너무 깊게 중첩되어 있습니다",
        "en": "the YAML is nested too deeply",
    },
    "survey.empty": {
        "ko": "설문 파일이 비어 있습니다",
        "en": "the survey file is empty",
    },
    "survey.not_mapping": {
        "ko": "설문 파일의 최상위는 version, survey, dimensions 같은 키를 가진 매핑이어야 합니다 "
        "(현재 값: {value})",
        "en": "the top level of the survey file must be a mapping with keys such as version, "
        "survey and dimensions (got {value})",
    },
    "survey.duplicate_key": {
        "ko": "같은 키가 두 번 나옵니다: {name}",
        "en": "the key {name} appears twice",
    },
    # questionnaire.py: the schema
    "survey.missing_key": {
        "ko": "필수 키가 없습니다: {name}",
        "en": "the required key {name} is missing",
    },
    "survey.unknown_key": {
        "ko": "알 수 없는 키입니다: {name} (쓸 수 있는 키: {allowed})",
        "en": "unknown key {name} (allowed keys: {allowed})",
    },
    "survey.unknown_key_hint": {
        "ko": "알 수 없는 키입니다: {name} (혹시 {hint} 키를 쓰려고 하셨습니까?)",
        "en": "unknown key {name} (did you mean {hint}?)",
    },
    "survey.bad_key": {
        "ko": "키는 문자열이어야 합니다 (현재 값: {value})",
        "en": "a key must be a string (got {value})",
    },
    "survey.empty_value": {
        "ko": "값이 비어 있습니다",
        "en": "the value is empty",
    },
    "survey.expected_mapping": {
        "ko": "키와 값의 매핑이어야 합니다 (현재 값: {value})",
        "en": "must be a mapping of keys and values (got {value})",
    },
    "survey.expected_list": {
        "ko": "목록이어야 합니다 (현재 값: {value})",
        "en": "must be a list (got {value})",
    },
    "survey.expected_string": {
        "ko": "문자열이어야 합니다 (현재 값: {value})",
        "en": "must be a string (got {value})",
    },
    "survey.expected_integer": {
        "ko": "정수여야 합니다 (현재 값: {value})",
        "en": "must be a whole number (got {value})",
    },
    "survey.expected_number": {
        "ko": "숫자여야 합니다 (현재 값: {value})",
        "en": "must be a number (got {value})",
    },
    "survey.expected_bool": {
        "ko": "true 또는 false여야 합니다 (현재 값: {value})",
        "en": "must be true or false (got {value})",
    },
    "survey.expected_text": {
        "ko": "문자열 하나 또는 {{ko: ..., en: ...}} 형태여야 합니다 (현재 값: {value})",
        "en": "must be one string or {{ko: ..., en: ...}} (got {value})",
    },
    "survey.expected_labels": {
        "ko": "라벨 목록 하나 또는 {{ko: [...], en: [...]}} 형태여야 합니다 (현재 값: {value})",
        "en": "must be one list of labels or {{ko: [...], en: [...]}} (got {value})",
    },
    "survey.empty_text": {
        "ko": "문구가 비어 있습니다",
        "en": "the text is empty",
    },
    "survey.invalid": {
        "ko": "값이 올바르지 않습니다: {detail}",
        "en": "invalid value: {detail}",
    },
    "survey.version": {
        "ko": "version은 1이어야 합니다 (현재 값: {value})",
        "en": "version must be 1 (got {value})",
    },
    "survey.bad_id": {
        "ko": "id는 영문자나 밑줄(_)로 시작하고 영문자, 숫자, 밑줄만 63자까지 쓸 수 있습니다. "
        "응답 파일의 열 이름과 값으로 쓰이기 때문입니다 (현재 값: {value})",
        "en": "an id starts with a letter or an underscore and holds only letters, digits and "
        "underscores, at most 63, because it becomes a column name or a value in response "
        "files (got {value})",
    },
    "survey.reserved_id": {
        "ko": "wave는 응답 파일의 차수 열 이름이라 id로 쓸 수 없습니다",
        "en": "wave cannot be an id: it is the name of the wave column in response files",
    },
    "survey.duplicate_id": {
        "ko": "id가 중복됩니다: {id} (처음 나온 곳: {first}, {first_line}행). "
        "문항, 영역, 결과 문항, 응답자 특성, 의견 문항의 id는 모두 달라야 합니다",
        "en": "duplicate id {id} (first used at {first}, line {first_line}); items, dimensions, "
        "outcomes, demographics and comments all need different ids",
    },
    "survey.duplicate_option": {
        "ko": "같은 응답자 특성 안에서 선택지 id가 중복됩니다: {id} (처음 나온 곳: {first}행)",
        "en": "duplicate option id {id} within one demographic (first used on line {first})",
    },
    "survey.weight_positive": {
        "ko": "가중치는 0보다 커야 합니다 (현재 값: {value})",
        "en": "a weight must be greater than 0 (got {value})",
    },
    "survey.weights_sum": {
        "ko": "영역 가중치의 합은 1이어야 합니다 (현재 합계: {total})",
        "en": "the dimension weights must add up to 1 (they add up to {total})",
    },
    "survey.points_range": {
        "ko": "척도의 점수 개수는 2에서 11 사이여야 합니다 (현재 값: {value})",
        "en": "a scale has from 2 to 11 points (got {value})",
    },
    "survey.label_count": {
        "ko": "척도 라벨은 점수마다 하나씩 {points}개여야 합니다 (현재 {count}개)",
        "en": "a {points}-point scale needs {points} labels, one per point (got {count})",
    },
    "survey.empty_dimension": {
        "ko": "영역에 문항이 하나도 없습니다",
        "en": "the dimension has no items",
    },
    "survey.no_dimensions": {
        "ko": "영역이 하나 이상 있어야 합니다",
        "en": "the survey needs at least one dimension",
    },
    "survey.empty_options": {
        "ko": "응답자 특성에 선택지가 하나 이상 있어야 합니다",
        "en": "a demographic needs at least one option",
    },
    "survey.empty_groups": {
        "ko": "청년 기준에 선택지가 하나 이상 있어야 합니다",
        "en": "the youth rule needs at least one option",
    },
    "survey.empty_list": {
        "ko": "목록이 비어 있습니다",
        "en": "the list is empty",
    },
    "survey.youth_demographic": {
        "ko": "청년 기준이 설문에 없는 응답자 특성을 가리킵니다: {value} (있는 특성: {known})",
        "en": "the youth rule names a demographic the survey does not have: {value} "
        "(demographics: {known})",
    },
    "survey.youth_option": {
        "ko": "청년 기준의 선택지가 {demographic} 특성에 없습니다: {value} (있는 선택지: {known})",
        "en": "the youth rule names an option that demographic {demographic} does not have: "
        "{value} (options: {known})",
    },
    "survey.target_range": {
        "ko": "목표 점수는 0에서 100 사이여야 합니다 (현재 값: {value})",
        "en": "the target must be between 0 and 100 (got {value})",
    },
    "survey.min_group_size": {
        "ko": "최소 집단 크기는 익명성을 위해 3 이상이어야 합니다 (현재 값: {value})",
        "en": "the minimum group size must be at least 3 to keep answers anonymous (got {value})",
    },
    "survey.max_length": {
        "ko": "의견의 최대 글자 수는 1 이상이어야 합니다 (현재 값: {value})",
        "en": "a comment's maximum length must be at least 1 (got {value})",
    },
    # responses.py: response files
    "responses.unknown_format": {
        "ko": "응답 파일은 CSV(.csv), 엑셀(.xlsx) 또는 Parquet(.parquet) 파일이어야 합니다",
        "en": "a response file must be CSV (.csv), Excel (.xlsx) or Parquet (.parquet)",
    },
    "responses.not_utf8": {
        "ko": "UTF-8 CSV 파일이 아닙니다. "
        "엑셀에서는 'CSV UTF-8(쉼표로 분리)' 형식으로 저장해 주십시오",
        "en": "the file is not UTF-8 CSV; in Excel, save it as 'CSV UTF-8 (Comma delimited)'",
    },
    "responses.csv_error": {
        "ko": "CSV 형식이 올바르지 않습니다: {detail}",
        "en": "the CSV is malformed: {detail}",
    },
    "responses.ragged_row": {
        "ko": "머리글의 열은 {expected}개인데 이 행에는 값이 {found}개 있습니다",
        "en": "the header has {expected} columns but this row holds {found} values",
    },
    "responses.xlsx_error": {
        "ko": "엑셀 파일을 읽을 수 없습니다: {detail}",
        "en": "cannot read the Excel file: {detail}",
    },
    "responses.empty": {
        "ko": "응답 파일이 비어 있습니다 (머리글 행이 없습니다)",
        "en": "the response file is empty (no header row)",
    },
    "responses.no_rows": {
        "ko": "응답 행이 하나도 없습니다",
        "en": "the file holds no responses",
    },
    "responses.unknown_column": {
        "ko": "설문에 없는 열입니다: {column}",
        "en": "the survey has no column {column}",
    },
    "responses.blank_header": {
        "ko": "값이 있는 열의 이름이 비어 있습니다",
        "en": "a column with values has no name",
    },
    "responses.duplicate_column": {
        "ko": "같은 이름의 열이 두 번 나옵니다: {column}",
        "en": "the column {column} appears twice",
    },
    "responses.missing_column": {
        "ko": "필수 열이 없습니다 ({count}개): {columns}",
        "en": "{count} required column(s) missing: {columns}",
    },
    "responses.blank_wave": {
        "ko": "차수(wave)가 비어 있습니다",
        "en": "the wave is blank",
    },
    "responses.bad_answer": {
        "ko": "응답은 {low}에서 {high} 사이의 정수여야 합니다 (현재 값: {value})",
        "en": "an answer must be a whole number from {low} to {high} (got {value})",
    },
    "responses.bad_option": {
        "ko": "설문에 없는 선택지입니다: {value} (있는 선택지: {known})",
        "en": "not an option of the survey: {value} (options: {known})",
    },
    "responses.comment_too_long": {
        "ko": "의견이 너무 깁니다 ({length}자, 최대 {max_length}자)",
        "en": "the comment is too long ({length} characters, at most {max_length})",
    },
    "responses.bad_character": {
        "ko": "저장할 수 없는 문자(NUL)가 들어 있습니다",
        "en": "the text holds a character that cannot be stored (NUL)",
    },
    "responses.not_text": {
        "ko": "텍스트여야 합니다 (현재 값: {value})",
        "en": "must be text (got {value})",
    },
    "responses.unknown_answer": {
        "ko": "설문에 없는 항목입니다: {name}",
        "en": "the survey has no question {name}",
    },
}


def register(entries: dict[str, dict[str, str]]) -> None:
    """Add message templates for another module of the package.

    Parameters
    ----------
    entries
        Key -> {"ko": template, "en": template}. Every key must be new and
        carry a template for every language in `LANGUAGES`.

    Raises
    ------
    ValueError
        On a key that already exists or a missing or empty language; nothing
        is added then.
    """
    for key, templates in entries.items():
        if key in MESSAGES:
            raise ValueError(f"message key already registered: {key}")
        missing = [lang for lang in LANGUAGES if not templates.get(lang)]
        if missing:
            raise ValueError(f"message {key} lacks language(s): {', '.join(missing)}")
    MESSAGES.update({key: dict(templates) for key, templates in entries.items()})


def text(key: str, /, lang: str = "ko", **params: object) -> str:
    """The message `key` in `lang` ("ko" for a language we do not have), filled with `params`."""
    templates = MESSAGES[key]
    filled = templates.get(lang, templates["ko"]).format(**params)
    return filled if lang == "en" else particles(filled)


def quote(value: object, limit: int = 40) -> str:
    """A value as a message shows it: strings in double quotes, long ones cut.

    Only about ``limit`` characters are ever built, whatever the value: a
    message must not cost more than the value is worth showing (a YAML alias
    bomb expands to hundreds of millions of leaves; a 5,000-digit integer
    cannot even be turned into text).
    """
    shown = _shown(value, limit + 1)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _shown(value: object, budget: int) -> str:
    """Text for ``value``, stopping once ``budget`` characters are written."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        shown = format(value, ".10g") if math.isfinite(value) else str(value)
        if value.is_integer() and "e" not in shown:
            shown += ".0"  # 5.0 is not the whole number 5 to a strict schema
        return shown
    if isinstance(value, int):
        if value.bit_length() > 3 * budget:  # more digits than could be shown
            digits = int(value.bit_length() * math.log10(2))
            return f"{'-' if value < 0 else ''}1e{digits}"
        return str(value)
    if isinstance(value, str):
        return json.dumps(value[:budget], ensure_ascii=False)
    if isinstance(value, dict):
        items, close = iter(value.items()), "}"
        parts, used, opening = [], 1, "{"
        for key, item in items:
            part = f"{_shown(str(key), budget - used)}: {_shown(item, budget - used)}"
            parts.append(part)
            used += len(part) + 2
            if used >= budget:
                break
        return opening + ", ".join(parts) + close
    if isinstance(value, list | tuple):
        parts, used = [], 1
        for item in value:
            part = _shown(item, budget - used)
            parts.append(part)
            used += len(part) + 2
            if used >= budget:
                break
        return "[" + ", ".join(parts) + "]"
    return str(value)[:budget]
