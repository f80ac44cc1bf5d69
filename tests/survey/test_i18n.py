"""UI strings (survey/i18n.py and survey/text/): both languages, no gaps, no stray keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring import messages
from survey import i18n, navigation
from survey.i18n import register, t

REPO_ROOT = Path(__file__).resolve().parents[2]
# 해요체 endings; the app speaks 합니다체 ("...합니다", "...주십시오").
HAEYO = re.compile(r"(세요|해요|어요|아요|예요|에요|이죠|까요\?)(?=[\s.!?)]|$)")
# Literal keys passed to t(...) anywhere in the app's code.
T_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


@pytest.fixture
def scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test register keys without leaving them behind."""
    monkeypatch.setattr(messages, "MESSAGES", dict(messages.MESSAGES))


def test_every_key_has_korean_and_english_text() -> None:
    entries = i18n.entries()
    assert len(entries) > 50
    for key, texts in entries.items():
        assert set(texts) == {"ko", "en"}, key
        assert texts["ko"].strip() and texts["en"].strip(), key
        # Both sides take the same parameters.
        params = {lang: set(re.findall(r"{(\w+)}", texts[lang])) for lang in ("ko", "en")}
        assert params["ko"] == params["en"], key


def test_korean_is_polite_formal_and_english_is_not_korean() -> None:
    for key, texts in i18n.entries().items():
        assert not HAEYO.search(texts["ko"]), (key, texts["ko"])
        # English may quote a Korean example ("2026년 3분기"), nothing more.
        unquoted = re.sub(r'"[^"]*"', "", texts["en"])
        assert not re.search(r"[가-힣]", unquoted), (key, texts["en"])


def test_every_literal_key_in_the_code_is_registered() -> None:
    sources = [REPO_ROOT / "survey_app.py", *REPO_ROOT.glob("app_pages/*.py")]
    sources += list((REPO_ROOT / "survey").glob("*.py"))
    used = {key for path in sources for key in T_CALL.findall(path.read_text("utf-8"))}
    assert "form.confirm" in used  # the scan finds keys at all
    assert used - set(i18n.entries()) == set()


def test_built_keys_are_registered() -> None:
    entries = i18n.entries()
    for role in ("hr", "youth_panel"):
        assert f"role.{role}" in entries
    for kind in ("outcomes", "demographics", "comments", "review"):
        assert f"form.step.{kind}" in entries
    for entry in navigation.PAGES:
        assert entry.title in entries, entry.path
        if entry.section is not None:
            assert entry.section in entries, entry.path


def test_t_fills_parameters_in_either_language() -> None:
    assert (
        t("form.confirm", "ko", count=3)
        == "응답하지 않은 문항이 3개 있습니다. 그대로 제출하시겠습니까?"
    )
    assert t("form.confirm", "en", count=3) == "3 questions have no answer. Submit anyway?"
    assert t("form.progress", "ko", step=3, total=11) == "3/11 단계"


def test_t_raises_for_a_missing_key_or_parameter() -> None:
    with pytest.raises(KeyError):
        t("form.no_such_key", "ko")
    with pytest.raises(KeyError):
        t("form.confirm", "ko")  # {count} not given


def test_outside_a_page_the_language_is_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CULTURE_LANG", raising=False)
    assert i18n.current_lang() == "ko"
    assert t("app.title") == "조직문화 진단"
    monkeypatch.setenv("CULTURE_LANG", "en")
    assert t("app.title") == "Culture Survey"
    monkeypatch.setenv("CULTURE_LANG", "fr")  # unusable: Korean
    assert i18n.default_lang() == "ko"


@pytest.mark.usefixtures("scratch")
def test_register_refuses_incomplete_or_conflicting_entries() -> None:
    with pytest.raises(ValueError, match="languages"):
        register({"test.only_ko": {"ko": "한국어만 있습니다."}})
    with pytest.raises(ValueError, match="empty"):
        register({"test.empty": {"ko": "내용이 있습니다.", "en": "  "}})
    register({"test.same": {"ko": "같습니다.", "en": "Same."}})
    register({"test.same": {"ko": "같습니다.", "en": "Same."}})  # importing twice is harmless
    with pytest.raises(ValueError, match="other texts"):
        register({"test.same": {"ko": "다릅니다.", "en": "Different."}})
    with pytest.raises(ValueError):
        register({"app.title": {"ko": "다른 제목", "en": "Another title"}})
