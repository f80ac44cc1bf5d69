"""The page-wide stylesheet and script of survey/style.py (issue 13)."""

from __future__ import annotations

import pandas as pd
import pytest

from survey import style
from survey.i18n import LANGUAGES, t


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_settings_carry_the_language_and_our_labels(lang: str) -> None:
    assert style.page_settings(lang) == {
        "lang": lang,
        "css": style.RULES,
        "more": t("a11y.nav.more", lang, n="{n}"),
        "less": t("a11y.nav.less", lang),
        "drop": t("a11y.upload.drop", lang),
        "limit": t("a11y.upload.limit", lang),
        "browse": t("a11y.upload.browse", lang),
        "words": {english: t(key, lang) for english, key in style.STREAMLIT_WORDS.items()},
    }
    if lang == "en":
        # The English words are Streamlit's own: nothing changes on an English page.
        assert all(english == t(key, "en") for english, key in style.STREAMLIT_WORDS.items())


def test_page_script_mends_what_streamlit_leaves_out() -> None:
    for part in (
        "stSidebarNavItems",
        "stSidebarNavViewButton",
        "img:not([alt])",
        '"lang"',
        "culture-css",
    ):
        assert part in style.PAGE_JS
    # Our texts replace Streamlit's English through the variables the script sets.
    for name in ("drop", "limit", "browse"):
        assert f"var(--culture-upload-{name})" in style.CSS


def test_print_hides_chrome_and_sets_a4() -> None:
    css = style.print_css()
    assert css.startswith("@media print {") and "size: A4" in css
    hidden = css.split("{ display: none !important; }")[0]
    for part in ("stSidebar", "stButton", "stDownloadButton", "stFileUploader", "stButtonGroup"):
        assert f'[data-testid="{part}"]' in hidden


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_caption_and_focus_colours_meet_wcag_contrast() -> None:
    # White page and the sidebar's background (.streamlit/config.toml).
    for background in ("#FFFFFF", "#EEF4F5"):
        assert contrast(style.CAPTION, background) >= 4.5
        assert contrast(style.FOCUS, background) >= 3.0


def test_hidden_cells_are_grey_enough_for_their_white_marker() -> None:
    from survey.charts import PALETTE

    assert contrast(PALETTE["muted"], "#FFFFFF") >= 4.5


def test_a_chart_summary_names_its_ends_and_never_a_hidden_figure() -> None:
    rows = pd.DataFrame(
        {
            "label": ["혁신", "소통", "작은 부서"],
            "score": [81.26, 70.04, None],
            "text": ["81.3", "70.0", "응답자 5명 미만"],
        }
    )
    assert style.chart_summary("영역별 점수", rows) == (
        "영역별 점수: 가장 높은 값은 혁신(81.3), 가장 낮은 값은 소통(70.0)입니다."
    )
    assert "작은 부서" not in style.chart_summary("x", rows, over="ends")
    hidden = rows.assign(score=None)
    assert (
        style.chart_summary("영역별 점수", hidden) == "영역별 점수: 보여 줄 수 있는 값이 없습니다."
    )
    assert (
        style.chart_summary("빈 차트", pd.DataFrame()) == "빈 차트: 보여 줄 수 있는 값이 없습니다."
    )
    table = style.chart_table(rows, {"label": "영역", "text": "점수"})
    assert list(table.columns) == ["영역", "점수"] and list(table["점수"])[-1] == "응답자 5명 미만"
