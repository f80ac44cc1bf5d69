"""The server's entry point: the app (survey_app.py) and what happens at start-up.

Run with ``streamlit run serve.py``. Streamlit finds `app` below and serves
``survey_app.py`` through it (``st.App``), the same pages as ``streamlit run
survey_app.py``; its lifespan runs once, when the server starts and before it
answers anyone: in demo mode (``CULTURE_DEMO=on``) it loads the demo and
prints the demo accounts then, not at the first page visit.
"""

from __future__ import annotations

import streamlit as st

from survey import demo

app = st.App("survey_app.py", lifespan=demo.lifespan)
