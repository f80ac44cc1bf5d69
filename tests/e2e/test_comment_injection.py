"""A comment written as markup reaches HR as inert text: no element, no script run, no request.

The comment (`ATTACK`) was stored in the closed wave through the store by the
session fixture; it holds a ``<script>`` element, an ``<img>`` with an
``onerror`` handler, a Markdown image on another host and a ``javascript:``
link. The comments page must show its characters and nothing else: the DOM
is searched for what a renderer would have made of it, the three globals the
scripts would set are read, and every request of the page is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, expect

from survey.i18n import t
from tests.e2e.conftest import ATTACK, ATTACK_HOST, HR, LATEST, App, go_to, settle

pytestmark = pytest.mark.e2e

# Anything the comment could have turned into, anywhere on the page.
MADE_FROM_IT = (
    'img[src="x"], img[src*="127.0.0.2"], img[alt="a"], '
    'a[href^="javascript:"], a[href*="127.0.0.2"], iframe, object, embed'
)
GLOBALS = "() => [typeof window.__x, typeof window.__y, typeof window.__z]"
SCRIPTS_FROM_IT = "() => [...document.scripts].filter(s => s.text.includes('window.__')).length"


def is_inert(page: Page) -> None:
    """The comment is on the page as text, and nothing was made of it."""
    comment = page.get_by_test_id("stText").filter(has_text="<script>")
    expect(comment).to_have_count(1)
    expect(comment).to_have_text(ATTACK)
    expect(comment.locator("script, img, a")).to_have_count(0)
    expect(page.locator(MADE_FROM_IT)).to_have_count(0)
    assert page.evaluate(SCRIPTS_FROM_IT) == 0
    assert page.evaluate(GLOBALS) == ["undefined", "undefined", "undefined"]


def test_comment_markup_is_shown_as_text(
    app: App, desktop: Page, shots: Callable[..., Path]
) -> None:
    question = app.survey.comments[0].id
    assert ATTACK in set(app.store.load_wave(LATEST)[question].dropna())

    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    desktop.on("request", record)
    app.sign_in(desktop, HR)
    expect(desktop.get_by_role("heading", name=t("dash.overview.title", "ko"))).to_be_visible()
    go_to(desktop, "dash.nav.comments", "dash.nav.comments")
    is_inert(desktop)
    desktop.get_by_test_id("stText").filter(has_text="<script>").scroll_into_view_if_needed()
    settle(desktop)
    shots(desktop, "01-comments")

    # Shown again through the search box: a second rendering path of the same text.
    desktop.get_by_label(t("dash.comments.search", "ko"), exact=True).fill("onerror")
    desktop.keyboard.press("Enter")
    written = app.store.load_wave(LATEST)[question].dropna()
    total = sum(bool(str(text).strip()) for text in written)
    found = t("dash.comments.count_search", "ko", shown="1", total=f"{total:,}")
    expect(desktop.get_by_text(found)).to_be_visible()
    expect(desktop.get_by_test_id("stText")).to_have_count(1)
    is_inert(desktop)
    settle(desktop)
    shots(desktop, "02-search")

    assert requests, "the request recorder saw nothing"
    assert not [url for url in requests if ATTACK_HOST in url]
