"""Themes and keywords of a published comment list (scoring/themes.py, issue 15 part 2)."""

from __future__ import annotations

from scoring import sample
from scoring.themes import OTHER, keywords_of, themes


def test_keywords_are_nouns_and_noun_phrases_without_stop_words():
    found = keywords_of("불필요한 보고서를 줄이고 한 장짜리 보고 양식을 도입했으면 합니다.")
    assert {"보고서", "보고 양식", "양식"} <= set(found)
    assert not {"것", "생각", "부분"} & set(keywords_of("그런 부분은 좋은 것 같다는 생각입니다."))
    assert "AI" in keywords_of("AI 교육 기회가 많아졌습니다.")


def test_the_organizations_own_terms_are_kept_whole():
    assert "주니어보드" in keywords_of("주니어보드 제안이 반영되었습니다.", terms=["주니어보드"])


def test_every_comment_is_in_one_theme_of_at_least_k_or_in_other():
    texts = [*sample._COMMENTS_CHANGE, *sample._COMMENTS_IDEA]
    result = themes(texts, 3)
    assert sum(t.count for t in result.themes) == len(texts)
    named = [t for t in result.themes if t.keyword != OTHER]
    assert named and all(t.count >= 3 for t in named)
    keys = [t.keyword for t in result.themes]
    assert keys.count(OTHER) <= 1 and (OTHER not in keys or keys[-1] == OTHER)
    for theme in named:
        assert all(theme.keyword in keywords_of(e) for e in theme.examples)
    # Keyword counts are the number of comments using the keyword, each at least k.
    assert result.keywords
    for word, count in result.keywords:
        assert count >= 3
        assert count == sum(word in keywords_of(text) for text in texts)


def test_fewer_than_k_comments_make_no_named_theme():
    texts = ["보고 양식을 줄여 주십시오.", "보고 양식이 너무 많습니다."]
    result = themes(texts, 5)
    assert [t.keyword for t in result.themes] == [OTHER]
    assert result.themes[0].count == 2 and result.keywords == ()
