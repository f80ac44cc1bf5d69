"""One word per concept: no retired term in any registered string or the README (docs/terms.md)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import scoring
import survey
from scoring.messages import MESSAGES
from survey import i18n

REPO_ROOT = Path(__file__).resolve().parent.parent
TERMS = REPO_ROOT / "docs" / "terms.md"


def _retired() -> dict[str, str]:
    """Retired word -> the term to use, from the table in docs/terms.md.

    A retired entry with a note in brackets ("참여자 (for respondents)") is
    guidance for writers, not checked: the word is right in other senses.
    """
    retired: dict[str, str] = {}
    for line in TERMS.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("Concept", "") or set(cells[0]) <= {"-"}:
            continue
        _concept, korean, english, old = cells
        for entry in old.split(", "):
            for word in entry.split("; "):
                word = word.strip()
                if word and "(" not in word:
                    retired[word] = f"{korean} / {english}"
    return retired


def _strings() -> dict[str, str]:
    """Every registered text, app and library, Korean and English, by a readable place."""
    for package in (scoring, survey):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)
    found = {}
    for source, table in (("ui", i18n.entries()), ("messages", MESSAGES)):
        for key, texts in table.items():
            for lang, value in texts.items():
                found[f"{source} {key} [{lang}]"] = value
    found["README.md"] = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return found


def _pattern(word: str) -> re.Pattern[str]:
    # English words match whole words only ("round" is not in "background").
    if word.isascii():
        return re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    return re.compile(re.escape(word))


def test_the_terms_table_lists_retired_words() -> None:
    retired = _retired()
    assert {"차원", "공유 링크", "응답 받는 중", "회차"} <= set(retired)
    assert "참여자" not in retired  # a note in brackets: guidance only


@pytest.mark.parametrize(("word", "instead"), sorted(_retired().items()))
def test_no_retired_term(word: str, instead: str) -> None:
    pattern = _pattern(word)
    uses = [place for place, value in _strings().items() if pattern.search(value)]
    assert not uses, f"{word!r} is retired (docs/terms.md): use {instead} in {uses}"


def test_korean_requests_are_polite_hamnida() -> None:
    """Requests end in 합니다체 (…주십시오), never 해요체 (…주세요) beside it."""
    casual = {k: v for k, v in _strings().items() if re.search(r"주세요(?![가-힣])", v)}
    assert not casual, casual
