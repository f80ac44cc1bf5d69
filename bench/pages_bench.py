"""Benchmark 5: every HR page in Streamlit's AppTest, cold and warm.

The app runs on a SQLite store holding 100,000 synthetic responses to the
bundled survey over four closed waves. Each page that `survey.navigation`
lists for the ``hr`` role is opened once with every Streamlit cache cleared
(cold: the store is read and every report computed), then, after all pages
have been opened, switched to again (warm: what a user feels moving between
pages). A page that raises is reported as failed, not timed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench import QUESTIONS, Row, count, met, seconds
from bench.store_bench import database
from scoring.questionnaire import load_survey
from scoring.sample import generate, wave_names
from survey import navigation, session
from survey.store import Store, User

__all__ = ["run"]

APP = Path(__file__).resolve().parent.parent / "survey_app.py"
WAVES = 4
PER_WAVE, QUICK_PER_WAVE = 25_000, 500
COLD_TARGET, WARM_TARGET = 2.0, 0.3
# Each page's cold and warm times are the best of this many rounds.
ROUNDS = 3
HR_USER = "bench_hr"


@contextmanager
def _bare_mode() -> Iterator[None]:
    """Outside a script run Streamlit warns, on every call, that it has no
    script context; here that is expected."""
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def _clear_caches() -> None:
    """Empty every Streamlit cache: the next page opens cold."""
    with _bare_mode():
        st.cache_data.clear()
        st.cache_resource.clear()


def _seed(store: Store, per_wave: int) -> None:
    survey = store.survey
    frame = generate(survey, per_wave, waves=WAVES, seed=5, last_wave="2026-H2")
    for wave in wave_names("2026-H2", WAVES):
        store.create_wave(wave, "codes")
        store.import_responses(wave, frame[frame["wave"] == wave].reset_index(drop=True))
        store.close_wave(wave)
    store.add_user(HR_USER, "hr", "bench-password-not-secret")


def _switch(app: AppTest, page: str) -> float | None:
    """Seconds to switch to ``page`` and render it; None when it raised."""
    start = time.perf_counter()
    app.switch_page(page).run()
    took = time.perf_counter() - start
    return None if app.exception else took


def run(quick: bool = False) -> list[Row]:
    """One row per HR page."""
    per_wave = QUICK_PER_WAVE if quick else PER_WAVE
    pages = [p.path for p in navigation.PAGES if p.roles is not None and "hr" in p.roles]
    saved = {key: os.environ.get(key) for key in ("CULTURE_DB_URL", "CULTURE_SURVEY")}
    with database("SQLite") as url:
        os.environ["CULTURE_DB_URL"] = url
        os.environ["CULTURE_SURVEY"] = str(QUESTIONS)
        try:
            _seed(Store(url, load_survey(QUESTIONS)), per_wave)
            with _bare_mode():
                app = AppTest.from_file(str(APP), default_timeout=300)
                app.session_state[session.USER_KEY] = User(HR_USER, "hr")
                app.session_state[session.SEEN_KEY] = session.clock()
            app.run()
            cold: dict[str, list[float | None]] = {page: [] for page in pages}
            warm: dict[str, list[float | None]] = {page: [] for page in pages}
            for _ in range(ROUNDS):
                for page in pages:
                    _clear_caches()
                    cold[page].append(_switch(app, page))
            for _ in range(ROUNDS):
                for page in pages:
                    warm[page].append(_switch(app, page))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    rows = []
    size = f"{count(per_wave * WAVES)} responses, {WAVES} waves"
    at_target = per_wave == PER_WAVE
    for page in pages:
        name = Path(page).stem
        if None in cold[page] or None in warm[page]:
            rows.append(Row(f"5 page {name}", size, "failed (exception)", met=met(False)))
            continue
        best_cold, best_warm = min(cold[page]), min(warm[page])
        rows.append(
            Row(
                f"5 page {name}",
                size,
                f"warm {seconds(best_warm)}, cold {seconds(best_cold)}",
                target=f"warm < {seconds(WARM_TARGET)}, cold < {seconds(COLD_TARGET)}"
                if at_target
                else "-",
                met=met(best_warm < WARM_TARGET and best_cold < COLD_TARGET) if at_target else "-",
            )
        )
    return rows
