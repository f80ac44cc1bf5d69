"""Korean particles chosen by the word before them (scoring/korean.py)."""

from __future__ import annotations

import pytest

from scoring.korean import final_consonant, particles
from scoring.messages import text


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        # Hangul: the final consonant decides; ㄹ takes 로.
        ("책을(를) 읽습니다", "책을 읽습니다"),
        ("나무을(를) 심습니다", "나무를 심습니다"),
        ("사람이(가) 옵니다", "사람이 옵니다"),
        ("회사이(가) 큽니다", "회사가 큽니다"),
        ("정책은(는) 다릅니다", "정책은 다릅니다"),
        ("부서은(는) 다릅니다", "부서는 다릅니다"),
        ("인사과(와) 청년", "인사와 청년"),
        ("영역과(와) 문항", "영역과 문항"),
        ("서울(으)로 갑니다", "서울로 갑니다"),
        ("부산(으)로 갑니다", "부산으로 갑니다"),
        ("학교(으)로 갑니다", "학교로 갑니다"),
        # Digits as read in Korean: 1 일, 2 이, 3 삼, 6 육, 7 칠, 8 팔, 9 구, 0 영.
        ("차수 2025-H1을(를) 열었습니다", "차수 2025-H1을 열었습니다"),
        ("차수 2025-H2을(를) 열었습니다", "차수 2025-H2를 열었습니다"),
        ("2026-Q3은(는)", "2026-Q3은"),
        ("2026-09이(가)", "2026-09가"),
        ("2026-10이(가)", "2026-10이"),
        ("1(으)로", "1로"),
        ("3(으)로", "3으로"),
        ("9(으)로", "9로"),
        # Latin: l, m, n, r and -ng end in a consonant.
        ("사용자 hr이(가) 없습니다", "사용자 hr이 없습니다"),
        ("사용자 kim이(가) 없습니다", "사용자 kim이 없습니다"),
        ("사용자 lee이(가) 없습니다", "사용자 lee가 없습니다"),
        ("역할 youth_panel은(는)", "역할 youth_panel은"),
        ("youth_panel(으)로", "youth_panel로"),
        ("파일 data.csv을(를)", "파일 data.csv를"),
        ("ranking을(를)", "ranking을"),
        # Closing quotes and brackets are skipped; the pair may be written either way round.
        ("값 '서울'을(를)", "값 '서울'을"),
        ('값 "abc"를(을)', '값 "abc"를'),
        ("사용자 hr(인사)은(는)", "사용자 hr(인사)는"),
        # Several pairs in one text each follow their own word.
        ("차수 2025-H1을(를) 차수 2025-H2(으)로", "차수 2025-H1을 차수 2025-H2로"),
        # Nothing to choose.
        ("괄호 (참고) 안의 말", "괄호 (참고) 안의 말"),
        ("", ""),
    ],
)
def test_particles(template: str, expected: str) -> None:
    assert particles(template) == expected


def test_a_word_that_ends_in_nothing_readable_takes_the_vowel_form() -> None:
    assert final_consonant("") == (False, False)
    assert final_consonant("!!") == (False, False)
    assert particles("을(를)") == "를"


def test_messages_choose_particles_in_korean_only() -> None:
    import survey.cli  # noqa: F401  (registers the admin messages)

    assert text("admin.wave_opened", "ko", name="2025-H1").startswith("차수 2025-H1을 ")
    assert text("admin.wave_opened", "ko", name="2025-H2").startswith("차수 2025-H2를 ")
    assert text("auth.user_unknown", "ko", name="lee") == "사용자 lee가 없습니다"
    assert text("admin.wave_opened", "en", name="2025-H1").startswith("opened the wave 2025-H1;")
