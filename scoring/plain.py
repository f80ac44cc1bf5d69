"""Plain words for comparisons: one sentence per measure, and a short glossary.

A reader who does not know what a p-value is should still read the result
right. Three rules hold every sentence here:

- "untested" (too few people on a side to test, `compare.verdict`) never
  reads like "no difference": it says the difference was not tested;
- a difference that is not significant never reads like certainty of no
  difference, however large its p: it says chance alone could explain it;
- a significant difference says it is hard to explain by chance alone, and
  its size, in points; the effect size stays with the statistics.

The numbers come through `scoring.display`, as everywhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from scoring import display
from scoring.compare import MIN_TESTED, SIGNIFICANT, UNTESTED, Comparison, verdict
from scoring.messages import register, text

__all__ = [
    "GLOSSARY",
    "Movement",
    "difference",
    "glossary",
    "movement",
    "target",
    "verdict_words",
]

GLOSSARY = ("ci", "significant", "effect")

register(
    {
        "plain.higher": {
            "ko": "{label}: {a_subject} {b}보다 {points}점 높게 답했고, {verdict}",
            "en": "{label}: {a_subject} answered {points} points higher than {b}; {verdict}",
        },
        "plain.lower": {
            "ko": "{label}: {a_subject} {b}보다 {points}점 낮게 답했고, {verdict}",
            "en": "{label}: {a_subject} answered {points} points lower than {b}; {verdict}",
        },
        "plain.same": {
            "ko": "{label}: {a_and} {b}의 점수가 같고, {verdict}",
            "en": "{label}: {a_and} and {b} scored the same; {verdict}",
        },
        "plain.untested": {
            "ko": "{label}: {a_and} {b}의 차이는 {points}점이지만, 한쪽 응답자가 {min_n}명보다 "
            "적어 검정하지 않았습니다. 차이가 없다는 뜻은 아닙니다.",
            "en": "{label}: {a_and} and {b} differ by {points} points, but one side has fewer than "
            "{min_n} respondents, so the difference was not tested; this does not mean there "
            "is no difference.",
        },
        "plain.verdict.significant": {
            "ko": "우연으로 보기 어려운 차이입니다.",
            "en": "a difference that is hard to explain by chance.",
        },
        "plain.verdict.not_significant": {
            "ko": "이 정도 차이는 우연으로도 생길 수 있어 차이가 있다고 말하기 어렵습니다. "
            "차이가 없다고 확인된 것도 아닙니다.",
            "en": "a difference this size could come from chance alone, so it is not clear "
            "there is one; nor is it shown that there is none.",
        },
        "plain.verdict.untested": {
            "ko": "한쪽 응답자가 {min_n}명보다 적어 검정하지 않았습니다. 차이가 없다는 뜻은 "
            "아닙니다.",
            "en": "not tested, since one side has fewer than {min_n} respondents; this does "
            "not mean there is no difference.",
        },
        "plain.target.below": {
            "ko": "조직문화 지수는 {score}점으로 목표 {target}점보다 {gap}점 낮습니다.",
            "en": "The culture index is {score}, {gap} points below the target of {target}.",
        },
        "plain.target.reached": {
            "ko": "조직문화 지수는 {score}점으로 목표 {target}점에 이르렀습니다.",
            "en": "The culture index is {score}, at or above the target of {target}.",
        },
        "plain.glossary.ci": {
            "ko": "신뢰구간: 응답한 사람들로 추정한 점수가 실제로 있을 만한 범위입니다. "
            "범위가 좁을수록 점수를 믿을 만합니다. 95% 신뢰구간은 같은 방식으로 여러 번 "
            "조사하면 100번 중 95번쯤 참값을 담는 범위입니다.",
            "en": "Confidence interval: the range in which the true score likely lies, "
            "estimated from the people who answered. The narrower, the more precise. A 95% "
            "interval made this way holds the true value about 95 times out of 100.",
        },
        "plain.glossary.significant": {
            "ko": "유의한 차이: 두 집단의 차이가 우연만으로는 생기기 어려울 만큼 크다는 "
            "뜻입니다(p < 0.05). 유의하지 않다고 해서 차이가 없다는 뜻은 아니며, 응답자가 "
            "적으면 검정하지 않습니다.",
            "en": "Significant difference: a difference too large to come from chance alone "
            "(p < 0.05). Not significant does not mean no difference, and with too few "
            "respondents nothing is tested.",
        },
        "plain.glossary.effect": {
            "ko": "효과 크기: 차이가 점수의 퍼진 정도에 비해 얼마나 큰지 나타냅니다(Hedges g). "
            "0.2 안팎이면 작은 차이, 0.5면 중간, 0.8 이상이면 큰 차이로 봅니다. 유의한 "
            "차이도 효과 크기는 작을 수 있습니다.",
            "en": "Effect size: how large a difference is against the spread of scores "
            "(Hedges' g). About 0.2 is small, 0.5 medium, 0.8 or more large. A significant "
            "difference can still be small.",
        },
    }
)


def difference(
    row: Comparison,
    label: str,
    side_a: str,
    side_b: str,
    lang: str = "ko",
    *,
    min_n: int = MIN_TESTED,
) -> str:
    """One sentence on ``row``: side a against side b, in points, with its verdict.

    The verdict is `compare.verdict` of the row's family-adjusted p.
    """
    found = verdict(row.p_holm, row.tested)
    korean = lang == "ko"
    names = {
        "label": label,
        "b": side_b,
        "a_subject": side_a + (_particle(side_a, "이", "가") if korean else ""),
        "a_and": side_a + (_particle(side_a, "과", "와") if korean else ""),
    }
    if found == UNTESTED:
        return text(
            "plain.untested",
            lang,
            points=display.number(abs(row.diff)),
            min_n=display.whole(min_n),
            **names,
        )
    words = text(f"plain.verdict.{found}", lang)
    points = display.number(abs(row.diff))
    if points == display.number(0.0):
        return text("plain.same", lang, verdict=words, **names)
    key = "plain.higher" if row.diff > 0 else "plain.lower"
    return text(key, lang, points=points, verdict=words, **names)


def verdict_words(row: Comparison, lang: str = "ko", *, min_n: int = MIN_TESTED) -> str:
    """The verdict alone, for a line that gives the figures itself (a report's table line).

    The same three readings as `difference`: significant, not significant
    (never "no difference"), untested (never "no difference" either), with the
    statistics in parentheses when there was a test.
    """
    found = verdict(row.p_holm, row.tested)
    if found == UNTESTED:
        return text("plain.verdict.untested", lang, min_n=display.whole(min_n))
    words = text(f"plain.verdict.{found}", lang).rstrip(".")
    return f"{words} ({display.p_value(row.p_holm)})."


def _particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean particle that fits the word's last syllable (이/가, 과/와)."""
    last = word.rstrip()[-1:] or " "
    if "가" <= last <= "힣":
        return after_consonant if (ord(last) - 0xAC00) % 28 else after_vowel
    # Digits and Latin letters are read aloud; most end in a consonant sound.
    return after_consonant


def target(score: float, goal: float, lang: str = "ko") -> str:
    """The index against the target in one sentence."""
    values = {"score": display.number(score), "target": display.number(goal, 0)}
    if score >= goal:
        return text("plain.target.reached", lang, **values)
    return text("plain.target.below", lang, gap=display.number(goal - score), **values)


def glossary(lang: str = "ko") -> tuple[str, ...]:
    """The glossary: confidence interval, significant difference, effect size."""
    return tuple(text(f"plain.glossary.{key}", lang) for key in GLOSSARY)


@dataclass(frozen=True)
class Movement:
    """A wave-to-wave comparison split into the dimensions with plans and those without.

    ``rows`` are the comparison's own rows (`scoring.report.compare_waves`),
    unchanged: the figures on screen are those of the comparison.
    """

    planned: tuple[Comparison, ...]
    unplanned: tuple[Comparison, ...]

    @staticmethod
    def significant(row: Comparison) -> bool:
        return verdict(row.p_holm, row.tested) == SIGNIFICANT


def movement(rows: tuple[Comparison, ...], planned: Collection[str]) -> Movement:
    """Split a wave comparison's dimension rows by whether a plan was made for them.

    The index row is left out; ``planned`` holds dimension ids.
    """
    dims = [r for r in rows if r.id != "index"]
    return Movement(
        tuple(r for r in dims if r.id in planned), tuple(r for r in dims if r.id not in planned)
    )
