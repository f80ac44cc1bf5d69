"""survey/masking.py: personal data in comments found per kind, masked, and nothing else.

The quality figures come from two hand-written Korean test sets (see
bench/masking_quality.py for how a hit is counted): tests/data/masking_sentences.yaml
(over 400 sentences, over 200 without personal data, with hard cases: dates, amounts,
room numbers, nationwide numbers, words that look like names) and
tests/data/masking_heldout.yaml (121 sentences written after the rules were
set). ``pytest -s`` prints the figures.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import masking_quality
from scoring.errors import SurveyError
from scoring.messages import LANGUAGES
from survey import masking

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = ["masking_sentences.yaml", "masking_heldout.yaml"]

# Floors per kind: numbers follow fixed formats, names need the analyser and context.
RECALL_FLOOR = {
    "email": 0.95,
    "rrn": 0.95,
    "frn": 0.95,
    "card_account": 0.95,
    "phone": 0.95,
    "employee_id": 0.95,
    "name": 0.85,
}
PRECISION_FLOOR = 0.90
CLEAN_FLAGGED_CEILING = 0.01  # sentences without personal data where anything is masked


@pytest.fixture(scope="module", params=SETS)
def quality(request: pytest.FixtureRequest) -> masking_quality.Quality:
    data = masking_quality.load_test_set(DATA / request.param)
    result = masking_quality.evaluate(data)
    print(f"\n{request.param}\n{masking_quality.report(result)}")
    return result


def test_the_main_test_set_has_at_least_300_sentences_with_and_without_personal_data():
    data = masking_quality.load_test_set(DATA / SETS[0])
    sentences = data["sentences"]
    with_pii = [s for s in sentences if s.get("pii")]
    assert len(sentences) >= 300
    assert len(with_pii) >= 150 and len(sentences) - len(with_pii) >= 150
    assert {kind for s in with_pii for kind, _ in s["pii"]} == set(masking.KINDS)


def test_ordinary_words_are_masked_in_at_most_one_percent_of_clean_sentences(quality):
    assert quality.clean_flagged_share <= CLEAN_FLAGGED_CEILING, quality.clean_flagged


@pytest.mark.parametrize("kind", masking.KINDS)
def test_recall_and_precision_per_kind(quality, kind):
    counts = quality.kinds[kind]
    assert counts.expected > 0
    assert counts.recall >= RECALL_FLOOR[kind], [m for m in quality.misses if m.startswith(kind)]
    assert counts.precision >= PRECISION_FLOOR, [
        f for f in quality.false_hits if f.startswith(kind)
    ]


# ---------------------------------------------------------------- behaviour


def test_mask_replaces_each_part_with_its_placeholder_and_lists_it():
    value = "김민수 과장(010-1111-2222, minsu@df.or.kr)에게 900101-1234567을 보냈습니다."
    masked = masking.mask(value, masking.rules())
    assert masked.text == "[이름] 과장([전화번호], [이메일])에게 [주민등록번호]을 보냈습니다."
    assert [(value[s.start : s.end], s.kind) for s in masked.spans] == [
        ("김민수", "name"),
        ("010-1111-2222", "phone"),
        ("minsu@df.or.kr", "email"),
        ("900101-1234567", "rrn"),
    ]
    english = masking.mask(value, masking.rules(), lang="en")
    assert english.text == (
        "[name] 과장([phone no.], [email])에게 [resident registration no.]을 보냈습니다."
    )
    assert english.spans == masked.spans


def test_every_kind_has_a_placeholder_and_a_reason_in_both_languages():
    for kind in masking.KINDS:
        for lang in LANGUAGES:
            assert masking.placeholder(kind, lang).startswith("[")
            assert masking.reason(kind, lang)
        assert masking.placeholder(kind, "ko") != masking.placeholder(kind, "en")
    assert masking.placeholder("card_account") == "[카드·계좌번호]"
    assert masking.placeholder("employee_id") == "[사번]"


def test_text_without_personal_data_comes_back_unchanged():
    value = "2024.03.15 회의에서 1,200,000원 예산을 301호에서 정말 한결같이 논의했습니다."
    assert masking.mask(value) == masking.Masked(value, ())
    assert masking.mask("") == masking.Masked("", ())


def test_staff_names_and_their_given_names_with_an_honorific():
    rule = masking.rules(["정말숙", " 김한결 ", "", "이"], detect_names=False)
    masked = masking.mask("정말숙 차장님은 정말 좋고, 한결씨는 한결같이 성실합니다.", rule)
    assert masked.text == "[이름] 차장님은 정말 좋고, [이름]씨는 한결같이 성실합니다."


def test_short_and_latin_staff_names_match_whole_words_only():
    rule = masking.rules(["김현", "John Smith"], detect_names=False)
    assert masking.mask(
        "김현이 John Smith와 왔고, 김현장은 John Smithson이 맡습니다.", rule
    ).text == ("[이름]이 [이름]와 왔고, 김현장은 John Smithson이 맡습니다.")


def test_without_name_detection_only_the_lists_and_patterns_apply():
    value = "홍길동 과장님께 010-2222-3333으로 연락했습니다."
    assert [s.kind for s in masking.find(value, masking.rules(detect_names=False))] == ["phone"]
    assert [s.kind for s in masking.find(value, masking.rules())] == ["name", "phone"]


def test_the_employee_pattern_is_matched_as_a_whole_word():
    rule = masking.rules(employee_pattern=r"DF\d{4}")
    assert masking.mask("DF1234 님과 XDF12345 코드", rule).text == "[사번] 님과 XDF12345 코드"


@pytest.mark.parametrize(("pattern", "detail"), [("DF(\\d", "missing )"), ("\\d*", "empty")])
def test_a_broken_employee_pattern_is_one_clear_error(pattern, detail):
    with pytest.raises(SurveyError) as caught:
        masking.rules(employee_pattern=pattern)
    assert [p.key for p in caught.value.problems] == ["masking.bad_pattern"]
    assert pattern in caught.value.message("ko") and detail in caught.value.message("en")


def test_masked_text_is_masked_again_to_itself():
    data = masking_quality.load_test_set(DATA / SETS[0])
    rule = masking.rules(data["staff_names"], data["employee_pattern"])
    for sentence in data["sentences"]:
        once = masking.mask(sentence["text"], rule).text
        assert masking.mask(once, rule).text == once


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("김이박민수지 0123456789-.@()+내선과장님씨ab가"), max_size=60)
)
def test_any_text_gives_ordered_spans_that_do_not_overlap(value):
    spans = masking.find(value)
    assert all(0 <= s.start < s.end <= len(value) for s in spans)
    assert all(a.end <= b.start for a, b in pairwise(spans))
    assert {s.kind for s in spans} <= set(masking.KINDS)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_text_is_masked_and_stays_masked(value):
    masked = masking.mask(value)
    assert masking.mask(masked.text).text == masked.text
    for span in masked.spans:
        assert masking.placeholder(span.kind) in masked.text


# ---------------------------------------------------------------- the staff-name list file


def test_a_staff_name_list_is_read_one_name_a_line(tmp_path):
    path = tmp_path / "staff.txt"
    path.write_text("\ufeff# 인사팀 명단\n김민수\n\n  박지영  \nJohn Smith\n", encoding="utf-8")
    assert masking.load_staff_names(path) == ["김민수", "박지영", "John Smith"]


def test_a_staff_name_list_not_in_utf8_names_the_file_and_line(tmp_path):
    path = tmp_path / "staff.txt"
    path.write_bytes("김민수\n박지영\n".encode() + "이수진\n".encode("cp949"))
    with pytest.raises(SurveyError) as caught:
        masking.load_staff_names(path)
    assert caught.value.message("ko") == (
        f"{path}:3: UTF-8 텍스트 파일이 아닙니다. UTF-8로 저장해 주십시오"
    )
    assert caught.value.message("en") == f"{path}:3: the file is not UTF-8 text; save it as UTF-8"


def test_a_huge_or_endless_staff_name_list_is_refused(tmp_path):
    path = tmp_path / "staff.txt"
    with path.open("wb") as file:
        file.write("김민수\n".encode())
        file.truncate(200 * 1024 * 1024)  # sparse: nothing like 200 MB is written
    for source in (path, "/dev/zero"):
        with pytest.raises(SurveyError) as caught:
            masking.load_staff_names(source)
        assert caught.value.message("en") == (
            f"{source}: the staff-name list is too large: it is read up to 2,000,000 bytes"
        )


def test_a_line_too_long_for_a_name_is_named(tmp_path):
    path = tmp_path / "staff.txt"
    path.write_text("김민수\n" + "가" * 41 + "\n", encoding="utf-8")
    with pytest.raises(SurveyError) as caught:
        masking.load_staff_names(path)
    assert [(p.key, p.line) for p in caught.value.problems] == [("masking.staff_name_too_long", 2)]
    with pytest.raises(SurveyError) as caught:
        masking.load_staff_names(tmp_path / "missing.txt")
    assert caught.value.problems[0].key == "file.not_found"
