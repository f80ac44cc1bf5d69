"""The app's one stylesheet, added to every page by survey_app.py."""

from __future__ import annotations

import streamlit as st

__all__ = ["CSS", "apply"]

# Korean breaks lines between words, not inside them ("감사합니다", not
# "감 / 사합니다"); Streamlit's own rule on labels would win without !important.
CSS = (
    "<style>h1, h2, h3, p, li, label "
    "{ word-break: keep-all !important; overflow-wrap: break-word; }</style>"
)


def apply() -> None:
    """Add the stylesheet to the page being built."""
    st.html(CSS)
