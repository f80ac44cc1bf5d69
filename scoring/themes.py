"""Themes and keywords of one published comment list, in Korean.

HR reads 500 comments by what they are about: this module counts the nouns
of each comment (Korean morphological analysis with kiwipiepy: common and
proper nouns, and runs of nouns as noun phrases such as "보고 양식"), leaves
out a stop-word list of words every comment uses ("생각", "부분"), and groups
the comments into themes: each comment joins the theme of its most widely
used keyword. A theme fewer than k writers share goes into "기타" (other),
so no theme stands for one or two people's words.

Privacy. The input is a list that `scoring.comments` already publishes (the
whole wave, the young or the rest; METHOD.md, Privacy), and everything here
is a function of its texts alone: a count of comments mentioning a word is
what any reader of the list could count. Themes add no population and no
demographic, so they open no intersection. Example comments are shown in
the list's own publication order, the first ones of each theme.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["OTHER", "STOP_WORDS", "Theme", "Themes", "keywords_of", "themes"]

OTHER = ""
"""The keyword of the "기타" (other) theme."""

_STOP_TEXT = (
    "것 수 등 때 곳 중 점 분 번 개 명 거 이 그 저 좀 더 안 못 내 제 저희 우리 너무 정말 "
    "생각 부분 경우 정도 사람 사람들 자체 관련 가지 이번 지금 요즘 앞 뒤 위 아래 하나 "
    "문제 필요 의견 내용 사항 방법 상황 측면 부서 직원 기관 조직 조직문화 문화 업무"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())
"""Nouns that say nothing of a theme in an organization's comments."""

_NOUNS = ("NNG", "NNP", "SL")
_kiwi = None
_kiwi_lock = threading.Lock()


def _analyzer():
    global _kiwi
    with _kiwi_lock:
        if _kiwi is None:
            from kiwipiepy import Kiwi  # loads its model once (about a second)

            _kiwi = Kiwi(num_workers=-1)  # -1: a thread per core for batches
        return _kiwi


def keywords_of(text: str, terms: Iterable[str] = ()) -> list[str]:
    """The keywords of one comment: its nouns and noun phrases, each once, in text order.

    A noun phrase is a run of adjacent nouns ("보고 양식", "성과 평가"). ``terms``
    are the organization's own words (project names, "주니어보드"), found as
    they are written, before the analysis splits them.
    """
    return _keywords(text, _analyzer().tokenize(text), tuple(terms))


def _keywords(text: str, tokens: Sequence, terms: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for term in terms:
        if term and term in text and term not in found:
            found.append(term)
    run: list = []

    def close_run() -> None:
        if len(run) > 1:
            phrase = " ".join(t.form for t in run)
            if phrase not in found:
                found.append(phrase)
        run.clear()

    for token in tokens:
        is_noun = token.tag in _NOUNS
        if is_noun and run and run[-1].end != token.start and run[-1].end + 1 != token.start:
            close_run()
        if not is_noun:
            close_run()
            continue
        word = token.form if token.tag != "SL" else token.form.upper()
        if len(word) < 2 or word in STOP_WORDS:
            close_run()
            continue
        run.append(token)
        if word not in found and not any(word in t.split() for t in terms):
            found.append(word)
    close_run()
    return found


@dataclass(frozen=True)
class Theme:
    """Comments that share a keyword: how many, and the first few to read.

    ``keyword`` is `OTHER` for the theme of comments no shown theme takes.
    """

    keyword: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Themes:
    """The themes of one question's published comments, largest first, "기타" last,
    and the keyword counts (comments mentioning each keyword, at least k)."""

    themes: tuple[Theme, ...]
    keywords: tuple[tuple[str, int], ...]


def themes(
    texts: Sequence[str],
    k: int,
    *,
    terms: Iterable[str] = (),
    examples: int = 3,
    top: int = 15,
) -> Themes:
    """Themes and keywords of one question's comments (a published list, in its order).

    Each comment counts once for each keyword it uses. A comment joins the
    theme of its keyword used by the most comments (ties: the earlier in
    the comment); themes of fewer than ``k`` comments merge into "기타".
    Keyword counts list the ``top`` keywords used by at least ``k`` comments.
    """
    terms = tuple(t.strip() for t in terms if t and t.strip())
    # One batch for the analyser: it spreads the texts over its worker threads.
    tokenized = _analyzer().tokenize(list(texts)) if texts else []
    words = [_keywords(text, tokens, terms) for text, tokens in zip(texts, tokenized, strict=True)]
    counts = Counter(word for found in words for word in found)
    members: dict[str, list[str]] = {}
    for text, found in zip(texts, words, strict=True):
        best = max(found, key=lambda w: counts[w], default=OTHER)
        members.setdefault(best if counts.get(best, 0) >= k else OTHER, []).append(text)
    other = members.pop(OTHER, [])
    small = [key for key, group in members.items() if len(group) < k]
    for key in small:
        other.extend(members.pop(key))
    order = {text: i for i, text in enumerate(texts)}
    ranked = sorted(members.items(), key=lambda item: (-len(item[1]), item[0]))
    out = [Theme(key, len(group), tuple(group[:examples])) for key, group in ranked]
    if other:
        other.sort(key=order.__getitem__)
        out.append(Theme(OTHER, len(other), tuple(other[:examples])))
    shown = sorted(
        ((word, n) for word, n in counts.items() if n >= k), key=lambda item: (-item[1], item[0])
    )
    return Themes(tuple(out), tuple(shown[:top]))
