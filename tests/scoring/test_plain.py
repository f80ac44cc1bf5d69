"""Plain words for comparisons (scoring.plain): untested is not "no difference", and a
large p never reads like certainty."""

from __future__ import annotations

import math

from scoring.compare import Comparison
from scoring.plain import difference, glossary, movement, target


def row(diff: float, p: float, tested: bool = True, id: str = "communication") -> Comparison:
    return Comparison(id, 60.0 + diff, 60.0, diff, 40, 160, p, p, -0.5, tested)


def test_a_significant_difference_says_how_much_and_that_chance_hardly_explains_it():
    assert difference(row(-9.6, 0.004), "소통·참여", "청년 직원", "나머지 직원") == (
        "소통·참여: 청년 직원이 나머지 직원보다 9.6점 낮게 답했고, 우연으로 보기 어려운 차이입니다."
    )
    english = difference(row(2.04, 0.01), "Communication", "young staff", "the rest", "en")
    assert english.startswith("Communication: young staff answered 2.0 points higher than")


def test_a_large_p_never_reads_like_certainty():
    for lang in ("ko", "en"):
        words = difference(row(-0.4, 1.0), "소통·참여", "청년", "그 외", lang)
        assert "1.000" not in words and "p" not in words.split(":")[1].split()[0]
    ko = difference(row(-0.4, 1.0), "소통·참여", "청년", "그 외")
    assert "우연으로도 생길 수 있어" in ko and "차이가 없다고 확인된 것도 아닙니다" in ko


def test_untested_is_not_no_difference():
    words = difference(row(-3.0, math.nan, tested=False), "소통·참여", "청년", "그 외", min_n=10)
    assert "검정하지 않았습니다" in words and "차이가 없다는 뜻은 아닙니다" in words
    english = difference(row(-3.0, math.nan, tested=False), "Voice", "young", "rest", "en")
    assert "not tested" in english and "does not mean there is no difference" in english


def test_particles_fit_the_word():
    assert "나머지가 " in difference(row(5.0, 0.01), "x", "나머지", "청년")
    assert "청년과 " in difference(row(0.0, 0.9), "x", "청년", "그 외")
    assert "그 외와 " in difference(row(0.0, 0.9), "x", "그 외", "청년")


def test_target_and_glossary():
    assert target(71.234, 95) == "조직문화 지수는 71.2점으로 목표 95점보다 23.8점 낮습니다."
    assert target(96.0, 95, "en").endswith("at or above the target of 95.")
    terms = glossary("ko")
    assert [t.split(":")[0] for t in terms] == ["신뢰구간", "유의한 차이", "효과 크기"]
    assert len(glossary("en")) == 3


def test_movement_splits_planned_dimensions_and_keeps_the_rows():
    rows = (row(1.0, 0.5, id="index"), row(2.0, 0.01, id="a"), row(-1.0, 0.6, id="b"))
    moved = movement(rows, {"a"})
    assert moved.planned == (rows[1],) and moved.unplanned == (rows[2],)
    assert moved.significant(rows[1]) and not moved.significant(rows[2])
