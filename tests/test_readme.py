"""The README keeps its promises: the two commands, and every setting documented."""

from __future__ import annotations

import re
from pathlib import Path

from survey.settings import settings_table

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_two_commands_run_and_test():
    run, test = _commands()
    assert "pip install" in run and "CULTURE_DEMO=on" in run
    # serve.py serves survey_app.py and prints the demo accounts at start-up.
    assert run.endswith("streamlit run serve.py")
    serve = (REPO / "serve.py").read_text(encoding="utf-8")
    assert 'st.App("survey_app.py", lifespan=demo.lifespan)' in serve
    assert "pip install" in test and "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    last = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")][-1]
    assert last.strip() == _commands()[1]


def test_every_setting_is_documented():
    for setting in settings_table():
        assert f"`{setting.env}`" in README, setting.env
