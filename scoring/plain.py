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
from scoring.messages import text

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
