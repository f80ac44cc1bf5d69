"""End-to-end tests: the app served by ``streamlit run`` and driven in a real Chromium."""
