"""Shared pieces of the dashboard's AppTest suites: seeded waves, signing in, reading a page.

The seeded data are scoring's synthetic responses (`scoring.sample.generate`)
for the bundled survey: three closed waves of 150 respondents, small enough
that a breakdown by department hides some groups, and an open wave with a
couple of responses that no report may include.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from scoring.questionnaire import Survey
from scoring.sample import generate
from survey import session
from survey.store import Store, User

CLOSED = ("2025-H2", "2026-H1", "2026-H2")
OPEN = "2027-H1"
PER_WAVE = 150
HEADCOUNT = {
    "planning": 20,
    "policy": 60,
    "ai_data": 40,
    "smart_city": 20,
    "inclusion": 10,
    "it_ops": 25,
    "citizen_service": 5,
    "audit": 5,
}
HOSTILE = (
    "<script>alert('x')</script> 정말 좋습니다",
    "![x](http://evil.example/x.png) 사진",
    "[눌러 보세요](javascript:alert(1))",
    "**굵게** <b>태그</b>",
)
DASHBOARD_PAGES = (
    "hr_overview",
    "hr_trends",
    "hr_breakdowns",
    "hr_items",
    "hr_reliability",
    "hr_comments",
    "hr_waves",
    "hr_audit",
)


def seed(store: Store, survey: Survey) -> pd.DataFrame:
    """Three closed waves with headcounts, an open wave with two responses; returns the
    closed waves' response frame exactly as the store reads it back."""
    frame = generate(survey, PER_WAVE, waves=len(CLOSED), seed=3, last_wave=CLOSED[-1])
    comment = survey.comments[0].id
    last = frame.index[frame["wave"] == CLOSED[-1]]
    # The hostile comments go to the last wave, which the comments page opens first.
    frame[comment] = frame[comment].astype(object)
    for position, text in zip(last[: len(HOSTILE)], HOSTILE, strict=True):
        frame.loc[position, comment] = text
    for wave in CLOSED:
        store.create_wave(wave, "codes", HEADCOUNT)
        store.import_responses(wave, frame[frame["wave"] == wave].reset_index(drop=True))
        store.close_wave(wave)
    store.create_wave(OPEN, "open")
    store.open_wave(OPEN)
    answers = {item.id: survey.points for item in survey.items}
    store.submit(OPEN, answers)
    store.submit(OPEN, answers)
    return pd.concat([store.load_wave(w) for w in CLOSED], ignore_index=True)


def signed_in(app: AppTest, name: str, role: str) -> AppTest:
    """The app with a signed-in user in its session, the way `survey.session` keeps one.

    The user exists in the store too: the session checks that on every run.
    """
    store = Store()
    if all(u.name != name for u in store.list_users()):
        store.add_user(name, role, "fixture-password-123")
    app.session_state[session.USER_KEY] = User(name, role)
    app.session_state[session.SEEN_KEY] = session.clock()
    return app


def open_page(app: AppTest, page: str) -> AppTest:
    """Run the app once, then switch to ``app_pages/<page>.py``."""
    app.run()
    return app.switch_page(f"app_pages/{page}.py").run()


def _elements(app: AppTest) -> Iterator[object]:
    stack = [app._tree]
    while stack:
        node = stack.pop()
        yield node
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())


def charts(app: AppTest) -> list:
    """Every chart element of the page."""
    return list(app.get("vega_lite_chart"))


def specs(app: AppTest) -> list[dict]:
    """The Vega-Lite specs of every chart on the page."""
    return [json.loads(chart.proto.spec) for chart in charts(app)]


def _arrow(data: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(data).read_pandas()


def chart_rows(chart: object) -> list[dict]:
    """Every data row of a chart: Streamlit sends a chart's datasets apart from its spec."""
    proto = chart.proto
    frames = [_arrow(d.data.data) for d in proto.datasets]
    if proto.data.data:
        frames.append(_arrow(proto.data.data))
    rows: list[dict] = []
    for frame in frames:
        rows.extend(
            {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")
        )
    return rows


def page_dump(app: AppTest) -> str:
    """Everything a page shows as text: every element's proto, every table and chart spec."""
    parts = [str(getattr(node, "proto", "")) for node in _elements(app)]
    parts += [df.value.to_csv() for df in app.dataframe]
    parts += [json.dumps(spec, ensure_ascii=False) for spec in specs(app)]
    parts += [
        json.dumps(chart_rows(chart), ensure_ascii=False, default=str) for chart in charts(app)
    ]
    return "\n".join(parts)


def shows_nothing(app: AppTest) -> bool:
    """No figure of the dashboard: no metric, chart, table or download on the page."""
    return not (
        app.metric or app.dataframe or app.get("vega_lite_chart") or app.get("download_button")
    )
