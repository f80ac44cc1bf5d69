"""AppTest suites: the Streamlit pages driven as a browser would (marker: app)."""
