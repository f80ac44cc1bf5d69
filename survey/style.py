"""The app's one stylesheet and page-wide fixes, added to every page by survey_app.py.

Besides the look, this is where accessibility is mended from our side where
Streamlit's own markup falls short (KWCAG 2.2 / WCAG 2.1 AA, issue 13):

- the page language: ``<html lang>`` follows the visitor's language (3.1.1);
- contrast: captions darker than Streamlit's faded grey (1.4.3), a focus ring
  on every control, the hidden radio of a scale point included (2.4.7);
- the answer scale: on a narrow screen it is a vertical list in scale order,
  never a row that wraps in the middle (1.3.2, 1.4.10);
- the sidebar navigation: Streamlit puts section headers inside its ``<ul>``,
  so the list semantics are dropped and the links kept (1.3.1);
- images: ``st.image`` writes no ``alt``, so its caption becomes one (1.1.1);
- the file uploader's English instructions and the navigation's "View N
  more" button are replaced by ours, and so are the other English words
  Streamlit writes on a page (`STREAMLIT_WORDS`: the skip link, tooltips and
  names of the chart and table toolbars, select placeholders, input hints);
- print: any page prints on clean A4 pages without the sidebar, widgets or
  buttons;
- charts: `chart` gives every chart its text alternative (1.1.1): a sentence
  under it, which is also the chart's accessible name, and its figures as a
  table one click away.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd
import streamlit as st

from survey.i18n import current_lang, t

__all__ = [
    "CSS",
    "FOCUS",
    "PAGE_JS",
    "STREAMLIT_WORDS",
    "apply",
    "chart",
    "chart_summary",
    "chart_table",
    "page_settings",
    "print_css",
    "uploader_css",
]

FOCUS = "#0F5E6E"
"""The focus ring: the theme's primary colour, 7.4:1 on white, 6.6:1 on the sidebar."""

CAPTION = "#4B5B63"
"""Captions and secondary text: 7.1:1 on white, 6.3:1 on the sidebar's background."""

# Korean breaks lines between words, not inside them ("감사합니다", not
# "감 / 사합니다"); Streamlit's own rule on labels would win without !important.
_WORDS = "h1, h2, h3, p, li, label { word-break: keep-all !important; overflow-wrap: break-word; }"

# A code block (the survey link to hand out) wraps instead of scrolling
# sideways: at 375 px a long address would make a scrolling region that the
# keyboard cannot reach (WCAG 2.1.1, axe's scrollable-region-focusable).
_CODE = (
    '[data-testid="stCode"] pre, [data-testid="stCode"] code '
    "{ white-space: pre-wrap !important; overflow-wrap: anywhere; }"
)

_CONTRAST = (
    '[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, '
    '[data-testid="stMetricDelta"], [data-testid="stWidgetLabel"] small '
    f"{{ color: {CAPTION} !important; opacity: 1 !important; }}"
)

_FOCUS_CSS = (
    f"a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, "
    f'[role="button"]:focus-visible, [tabindex]:focus-visible, summary:focus-visible '
    f"{{ outline: 3px solid {FOCUS} !important; outline-offset: 2px !important; }}"
    # The radio's <input> is visually hidden: the ring goes on its visible label.
    f'[data-testid="stRadio"] label:has(input:focus-visible) '
    f"{{ outline: 3px solid {FOCUS}; outline-offset: 2px; border-radius: 4px; }}"
)

# Below 640 px a horizontal scale becomes one option a line, in scale order,
# each a full-width target of at least 44 px (2.5.5), so "1 2 3 / 4 5" never happens.
_SCALE = (
    "@media (max-width: 640px) {"
    '[data-testid="stRadio"] [role="radiogroup"] '
    "{ flex-direction: column !important; flex-wrap: nowrap !important; "
    "align-items: stretch !important; gap: 0.25rem !important; }"
    '[data-testid="stRadio"] [role="radiogroup"] > label '
    "{ min-height: 44px; width: 100%; margin: 0 !important; align-items: center; "
    "justify-content: flex-start !important; text-align: left; }"
    "}"
    # Wider screens keep a scale on one row: options shrink before they wrap.
    "@media (min-width: 641px) {"
    '[data-testid="stRadio"] [role="radiogroup"] '
    "{ flex-wrap: nowrap !important; column-gap: 0.5rem !important; }"
    '[data-testid="stRadio"] [role="radiogroup"] > label { margin-right: 0 !important; }'
    "}"
)


def print_css() -> str:
    """Print rules: A4 pages of content only, charts and table rows never cut in half."""
    hide = ", ".join(
        [
            '[data-testid="stSidebar"]',
            '[data-testid="stSidebarCollapsedControl"]',
            '[data-testid="stHeader"]',
            '[data-testid="stToolbar"]',
            '[data-testid="stDecoration"]',
            '[data-testid="stButton"]',
            '[data-testid="stDownloadButton"]',
            '[data-testid="stFormSubmitButton"]',
            '[data-testid="stButtonGroup"]',
            '[data-testid="stFileUploader"]',
            '[data-testid="stSelectbox"]',
            '[data-testid="stMultiSelect"]',
            '[data-testid="stTextInput"]',
            '[data-testid="stNumberInput"]',
            '[data-testid="stDateInput"]',
            '[data-testid="stSegmentedControl"]',
            '[data-testid="stElementToolbar"]',
            '[data-testid="stPageLink"]',
            ".stVegaLiteChart details",
        ]
    )
    return (
        "@media print {"
        "@page { size: A4; margin: 15mm 14mm; }"
        f"{hide} {{ display: none !important; }}"
        "html, body, .stApp, [data-testid='stAppViewContainer'], [data-testid='stMain'] "
        "{ background: white !important; overflow: visible !important; height: auto !important; }"
        "[data-testid='stMainBlockContainer'] "
        "{ max-width: none !important; padding: 0 !important; }"
        "[data-testid='stVegaLiteChart'], [data-testid='stMetric'], tr, img, svg "
        "{ break-inside: avoid; }"
        "h1, h2, h3 { break-after: avoid; }"
        "* { color-adjust: exact; -webkit-print-color-adjust: exact; }"
        "}"
    )


def uploader_css() -> str:
    """The file uploader's instructions and button, and the navigation's button, in our words.

    Streamlit writes "Drag and drop file here", "Limit 200MB per file",
    "Browse files" and "View N more" in English only; their text is not
    shown and ours, which the page script puts in CSS variables in the
    visitor's language, is drawn in its place.
    """
    zone = '[data-testid="stFileUploaderDropzoneInstructions"]'
    button = '[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]'
    view = '[data-testid="stSidebarNavViewButton"][data-label]'
    return (
        f"{view} {{ font-size: 0 !important; }}"
        f"{view}::after {{ content: attr(data-label); font-size: 0.875rem; }}"
        f"{zone} > div > span, {zone} > div > small {{ font-size: 0 !important; }}"
        f"{zone} > div > span::after {{ content: var(--culture-upload-drop); font-size: 1rem; }}"
        f"{zone} > div > small::after {{ content: var(--culture-upload-limit); "
        f"font-size: 0.875rem; color: {CAPTION}; }}"
        f"{button} {{ font-size: 0 !important; }}"
        f"{button}::after {{ content: var(--culture-upload-browse); font-size: 1rem; }}"
    )


RULES = f"{_WORDS}{_CODE}{_CONTRAST}{_FOCUS_CSS}{_SCALE}{uploader_css()}{print_css()}"
"""The rules of the stylesheet, without the ``<style>`` element."""

CSS = f"<style>{RULES}</style>"
"""The stylesheet that does not depend on the language."""


STREAMLIT_WORDS: dict[str, str] = {
    "Skip to main content": "a11y.st.skip",
    "Sidebar": "a11y.st.sidebar",
    "Collapse sidebar": "a11y.st.collapse",
    "Expand sidebar": "a11y.st.expand",
    "App pages": "a11y.st.pages",
    "Main menu": "a11y.st.menu",
    "Link to heading": "a11y.st.heading_link",
    "Open": "a11y.st.open",
    "Close": "a11y.st.close",
    "Choose an option": "a11y.st.choose",
    "Choose options": "a11y.st.choose_many",
    "No results": "a11y.st.no_results",
    "Clear all": "a11y.st.clear_all",
    "Show data": "a11y.st.show_data",
    "Download as PNG": "a11y.st.png",
    "Download as SVG": "a11y.st.svg",
    "Copy Vega-Lite spec": "a11y.st.spec",
    "Fullscreen": "a11y.st.fullscreen",
    "Close fullscreen": "a11y.st.fullscreen_close",
    "Show/hide columns": "a11y.st.columns",
    "Download as CSV": "a11y.st.csv",
    "Search": "a11y.st.search",
    "Choose date": "a11y.st.date",
    "Copy to clipboard": "a11y.st.copy",
    "Show password": "a11y.st.show_password",
    "Hide password": "a11y.st.hide_password",
    "Running...": "a11y.st.running",
    "Stop": "a11y.st.stop",
    "Press Enter to apply": "a11y.st.enter_apply",
    "Press Enter to submit form": "a11y.st.enter_submit",
    "Press Ctrl+Enter to apply": "a11y.st.ctrl_apply",
    "Press Ctrl+Enter to submit form": "a11y.st.ctrl_submit",
    "Press ⌘+Enter to apply": "a11y.st.cmd_apply",
    "Press ⌘+Enter to submit form": "a11y.st.cmd_submit",
}
"""Streamlit 1.67's English words on our pages (text, ``aria-label``, ``title``,
``placeholder``) and the keys of ours; the page script swaps them wherever they appear."""


def page_settings(lang: str) -> dict[str, object]:
    """What the page script needs of the visitor's language: the code and our labels."""
    return {
        "lang": lang,
        "css": RULES,
        "words": {english: t(key, lang) for english, key in STREAMLIT_WORDS.items()},
        "more": t("a11y.nav.more", lang, n="{n}"),
        "less": t("a11y.nav.less", lang),
        "drop": t("a11y.upload.drop", lang),
        "limit": t("a11y.upload.limit", lang),
        "browse": t("a11y.upload.browse", lang),
    }


# Runs in the page (components v2, not sandboxed) with `page_settings` as its
# data, on every run whose data changed. A MutationObserver, installed once,
# keeps the fixes in place as Streamlit re-renders, reading the latest data:
# - <html lang> follows the visitor's language;
# - the sidebar's <ul> mixes section headers with its items, which no list may
#   hold, so the list and its items are presented as plain groups of links;
# - Streamlit's "View N more" / "View less" and the uploader's texts are ours;
# - st.image writes no alt: the image's caption becomes it;
# - the stylesheet is kept in <head> too, so no rerun drops it for a moment.
PAGE_JS = """
export default function (component) {
  window.__culture = component.data;
  const mend = () => {
    const c = window.__culture;
    if (!c) return;
    // The stylesheet also lives in <head>: the st.html copy is an element of
    // the page that a rerun may replace, and for that moment Streamlit's own
    // faded captions would show.
    let sheet = document.getElementById("culture-css");
    if (!sheet) {
      sheet = document.createElement("style");
      sheet.id = "culture-css";
      document.head.appendChild(sheet);
    }
    if (sheet.textContent !== c.css) sheet.textContent = c.css;
    const root = document.documentElement;
    if (root.getAttribute("lang") !== c.lang) root.setAttribute("lang", c.lang);
    for (const [name, key] of [["drop", "drop"], ["limit", "limit"], ["browse", "browse"]]) {
      const value = JSON.stringify(c[key]);
      if (root.style.getPropertyValue(`--culture-upload-${name}`) !== value) {
        root.style.setProperty(`--culture-upload-${name}`, value);
      }
    }
    document.querySelectorAll('[data-testid="stSidebarNavItems"]').forEach((ul) => {
      if (ul.getAttribute("role") !== "none") ul.setAttribute("role", "none");
      ul.querySelectorAll("li").forEach((li) => {
        if (li.getAttribute("role") !== "none") li.setAttribute("role", "none");
      });
    });
    document.querySelectorAll('[data-testid="stSidebarNavViewButton"]').forEach((b) => {
      const m = /(\\d+)/.exec(b.textContent);
      const label = m ? c.more.replace("{n}", m[1]) : c.less;
      if (b.getAttribute("data-label") !== label) {
        b.setAttribute("data-label", label);
        b.setAttribute("aria-label", label);
      }
    });
    const words = c.words || {};
    document.querySelectorAll("[aria-label], [title], [placeholder]").forEach((el) => {
      for (const name of ["aria-label", "title", "placeholder"]) {
        const ours = words[el.getAttribute(name)];
        if (ours !== undefined && el.getAttribute(name) !== ours) el.setAttribute(name, ours);
      }
    });
    // Visible words: the skip link, tooltips, select placeholders, input hints.
    const places = 'a[href^="#"], [data-baseweb="tooltip"], [role="tooltip"], '
      + '[data-baseweb="select"], [data-baseweb="popover"], [data-testid="InputInstructions"], '
      + '[data-testid="stStatusWidget"]';
    document.querySelectorAll(places).forEach((box) => {
      const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      while (walk.nextNode()) {
        const node = walk.currentNode;
        const ours = words[node.nodeValue.trim()];
        if (ours !== undefined && node.nodeValue !== ours) node.nodeValue = ours;
      }
    });
    document.querySelectorAll('[data-testid="stMain"] img:not([alt])').forEach((img) => {
      const box = img.closest('[data-testid="stElementContainer"]');
      const cap = box && box.querySelector('[data-testid="stImageCaption"]');
      img.setAttribute("alt", cap ? cap.textContent.trim() : "");
    });
  };
  mend();
  if (!window.__cultureMend) {
    window.__cultureMend = new MutationObserver(mend);
    window.__cultureMend.observe(document.body, {
      childList: true, subtree: true, characterData: true,
    });
  }
}
"""

_page_script = st.components.v2.component("culture_page", js=PAGE_JS, isolate_styles=False)


def apply(lang: str | None = None) -> None:
    """Add the stylesheet and the page-wide fixes to the page being built."""
    st.html(CSS)
    _page_script(key="style.page", data=page_settings(lang or current_lang()))


# ---------------------------------------------------------------- charts


def chart_summary(
    name: str,
    rows: pd.DataFrame,
    label: str = "label",
    value: str = "score",
    text: str = "text",
    over: str = "extremes",
) -> str:
    """One sentence for a chart: its highest and lowest figure, or (``over="ends"``) first and last.

    Only figures that may be shown count: a hidden row reaches a chart with
    no value, so the sentence can never name what the chart hides.
    """
    shown = rows[rows[value].notna()] if value in rows else rows.iloc[0:0]
    if shown.empty:
        return t("a11y.chart.empty", name=name)
    if over == "ends":
        key, one, other = "a11y.chart.ends", "first", "last"
        rows = shown.iloc[0], shown.iloc[-1]
    else:
        key, one, other = "a11y.chart.extremes", "top", "low"
        values = pd.to_numeric(shown[value])
        rows = shown.loc[values.idxmax()], shown.loc[values.idxmin()]
    return t(
        key,
        name=name,
        **{one: rows[0][label], f"{one}_value": rows[0][text]},
        **{other: rows[1][label], f"{other}_value": rows[1][text]},
    )


def chart_table(rows: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """The chart's own rows as a table: `columns` maps its column names to the headers shown."""
    return rows[list(columns)].rename(columns=dict(columns)).reset_index(drop=True)


def chart(figure: alt.TopLevelMixin, summary: str, table: pd.DataFrame | None = None) -> None:
    """Show a chart with its text alternative (WCAG 1.1.1).

    `summary` is written under the chart and is its accessible name; `table`
    (the chart's figures as displayed, hidden ones as the marker) is one
    click away. A chart whose figures the page already shows as a table next
    to it passes None.
    """
    st.altair_chart(figure.properties(description=summary), width="stretch")
    st.caption(summary)
    if table is not None:
        with st.expander(t("a11y.chart.table")):
            st.dataframe(table, hide_index=True)
