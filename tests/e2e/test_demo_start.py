"""The README's run command: demo accounts printed at start-up, before anyone visits.

The server is started exactly as the README's first command starts it (the
part after ``pip install``), on a fresh database and a free port. Its output
is read until the accounts appear, before any HTTP request reaches it; then
a browser signs in with the printed passwords. Each account line appears
once, never again after visits, and never on a page; Streamlit's "Did not
auto detect external IP" notice does not appear. A database the demo did
not create is refused at start-up, with the same message on the page.
"""

from __future__ import annotations

import os
import queue
import re
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from survey.i18n import t
from survey.store import Store, dispose
from tests.e2e.conftest import REPO_ROOT, SURVEY_FILE, _free_port, settle, stop

pytestmark = pytest.mark.e2e

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
START_SECONDS = 180
ACCOUNT = re.compile(r"^\s*계정 (\S+) \((\S+)\) 비밀번호: (\S+)\s*$")
REFUSAL = "데모가 만든 데이터베이스에만"


def readme_server_command() -> tuple[dict[str, str], list[str]]:
    """The README's run command after ``pip install``: its environment and its argv."""
    section = README.split("## Two commands", 1)[1]
    run = re.findall(r"```bash\n(.+?)\n```", section)[0]
    words = shlex.split(run.split("&&")[-1])
    environment = {}
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        environment[name] = value
    assert words[:4] == ["python3", "-m", "streamlit", "run"], words
    return environment, [sys.executable, *words[1:]]


@dataclass
class Server:
    """A started server and the lines it printed (stdout and stderr together)."""

    process: subprocess.Popen
    lines: queue.Queue
    seen: list[str]
    base: str

    def read_until(self, done, seconds: float = START_SECONDS) -> list[str]:
        """Lines printed until ``done(seen)`` holds; fails if the server exits or is slow."""
        deadline = time.monotonic() + seconds
        while not done(self.seen):
            if time.monotonic() > deadline:
                pytest.fail("no expected output in time:\n" + "".join(self.seen)[-3000:])
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    pytest.fail(
                        f"the server exited ({self.process.returncode}):\n" + "".join(self.seen)
                    )
                continue
            self.seen.append(line)
        return self.seen

    def drain(self, seconds: float = 2.0) -> list[str]:
        """Whatever else arrives within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                continue
        return self.seen


def accounts(lines: list[str]) -> list[tuple[str, str, str]]:
    return [match.groups() for line in lines if (match := ACCOUNT.match(line))]


@pytest.fixture
def start(tmp_path: Path) -> Iterator:
    """``start(url)`` runs the README's server command on that database."""
    started: list[tuple[subprocess.Popen, str]] = []

    def run(url: str) -> Server:
        extra, command = readme_server_command()
        port = _free_port()
        environment = {
            **os.environ,
            **extra,
            "CULTURE_DB_URL": url,
            "CULTURE_SURVEY": str(SURVEY_FILE),
            "CULTURE_LANG": "ko",
            "PYTHONUNBUFFERED": "1",
        }
        command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
        started.append((process, url))
        lines: queue.Queue = queue.Queue()

        def pump() -> None:
            for line in process.stdout:
                lines.put(line)

        threading.Thread(target=pump, daemon=True).start()
        return Server(process, lines, [], f"http://127.0.0.1:{port}")

    yield run
    for process, url in started:
        stop(process)
        dispose(url)


def test_the_readme_command_prints_the_accounts_before_any_visit_and_they_sign_in(
    start, tmp_path: Path, desktop: Page
) -> None:
    extra, _ = readme_server_command()
    assert extra.get("CULTURE_DEMO") == "on"
    server = start(f"sqlite:///{tmp_path / 'culture.db'}")
    # No request has reached the server yet: the accounts come from its start-up.
    lines = server.read_until(lambda seen: len(accounts(seen)) == 2)
    printed = {name: (role, password) for name, role, password in accounts(lines)}
    assert set(printed) == {"hr", "youth"}
    assert printed["hr"][0] == "hr" and printed["youth"][0] == "youth_panel"

    desktop.goto(f"{server.base}/signin?lang=ko")
    desktop.get_by_label(t("users.name", "ko"), exact=True).fill("hr")
    desktop.get_by_label(t("signin.password", "ko"), exact=True).fill(printed["hr"][1])
    desktop.get_by_role("button", name=t("signin.submit", "ko"), exact=True).click()
    title = t("dash.overview.title", "ko")
    expect(desktop.get_by_role("heading", name=title, exact=True)).to_be_visible()
    settle(desktop)
    main = desktop.get_by_test_id("stApp").inner_text()
    assert printed["hr"][1] not in main and printed["youth"][1] not in main

    # Visits print nothing more: each account once, no external-IP notice.
    lines = server.drain()
    assert len(accounts(lines)) == 2
    assert not any("Did not auto detect external IP" in line for line in lines)
    assert not any("Traceback" in line for line in lines)
    store = Store(f"sqlite:///{tmp_path / 'culture.db'}")
    assert store.verify("youth", printed["youth"][1]).role == "youth_panel"


def test_the_readme_command_refuses_a_database_the_demo_did_not_create(
    start, tmp_path: Path, desktop: Page
) -> None:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    real = Store(url)
    real.add_user("hr_kim", "hr", "correct-horse-battery")
    real.create_wave("2025-H1", "codes")
    server = start(url)
    lines = server.read_until(lambda seen: any(REFUSAL in line for line in seen))
    assert accounts(lines) == []

    desktop.goto(f"{server.base}/")
    expect(desktop.get_by_test_id("stAlertContentError")).to_contain_text(REFUSAL)
    settle(desktop)
    lines = server.drain()
    # Printed once at start-up, not again for the visit; nothing was changed.
    assert sum(REFUSAL in line for line in lines) == 1
    assert accounts(lines) == []
    assert [(w.name, w.status) for w in real.list_waves()] == [("2025-H1", "draft")]
    assert real.verify("hr_kim", "correct-horse-battery").role == "hr"
