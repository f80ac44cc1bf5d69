"""The layers hold: pure analysis, application, thin pages (docs/architecture.md).

Read from the source with `ast`, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = REPO_ROOT / "docs" / "architecture.md"
# The command-line front ends of the pure package: the only places for argparse.
SCORING_CLI = {"scoring/cli.py", "scoring/cli_i18n.py", "scoring/__main__.py"}
# What each layer may not import (top-level package names).
FORBIDDEN = {
    "scoring": {"streamlit", "sqlalchemy", "altair", "alembic", "argparse", "survey", "app_pages"},
    "app_pages": {"numpy", "scipy", "sqlalchemy", "alembic"},
    "survey": {"app_pages"},
}


def _modules(package: str) -> list[Path]:
    return sorted(
        path
        for path in (REPO_ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(REPO_ROOT).parts
    )


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layer_imports(package: str) -> None:
    breaches = []
    for path in _modules(package):
        place = path.relative_to(REPO_ROOT).as_posix()
        forbidden = FORBIDDEN[package] - ({"argparse"} if place in SCORING_CLI else set())
        breaches += [f"{place} imports {name}" for name in sorted(_imports(path) & forbidden)]
    assert not breaches, breaches


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    import scipy.stats\n    from numpy import nan\n")
    assert _imports(source) == {"scipy", "numpy"}


def test_architecture_lists_every_module() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    missing = []
    for package in ("scoring", "survey", "app_pages", "bench"):
        for path in _modules(package):
            if path.name == "__init__.py" and path.parent.name != package:
                continue
            if path.name in ("__init__.py",):
                continue
            relative = path.relative_to(REPO_ROOT / package).as_posix()
            if f"`{relative}`" not in text and f"{package}/{relative}" not in text:
                missing.append(f"{package}/{relative}")
    assert not missing, f"docs/architecture.md does not describe {missing}"


# Test files at the top of tests/ that test the repository as a whole, not one module.
WHOLE_REPOSITORY_TESTS = {"test_bench.py", "test_layering.py", "test_readme.py", "test_terms.py"}


def test_unit_tests_mirror_the_modules() -> None:
    """A unit test of ``scoring/x.py`` lives in ``tests/scoring/test_x.py``
    (or ``test_x_<aspect>.py``), and so for ``survey``; nothing else sits at the top of tests/."""
    stray = [
        path.name
        for path in (REPO_ROOT / "tests").glob("test_*.py")
        if path.name not in WHOLE_REPOSITORY_TESTS
    ]
    assert not stray, f"move {stray} to tests/scoring/ or tests/survey/, named after the module"
    orphans = []
    for package in ("scoring", "survey"):
        modules = {path.stem for path in (REPO_ROOT / package).glob("*.py")}
        for test in (REPO_ROOT / "tests" / package).glob("test_*.py"):
            name = test.stem.removeprefix("test_")
            if not any(name == module or name.startswith(module + "_") for module in modules):
                orphans.append(f"tests/{package}/{test.name}")
    assert not orphans, f"{orphans} name no module of their package"


def test_the_module_map_lists_no_module_that_is_gone() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8").split("## Module map", 1)[1]
    gone = []
    package = None
    for line in text.splitlines():
        if line.startswith("### "):
            package = line.removeprefix("### ").strip().rstrip("/")
            continue
        listed = re.match(r"- `([\w/]+\.py)`", line)
        if package and listed and not (REPO_ROOT / package / listed.group(1)).is_file():
            gone.append(f"{package}/{listed.group(1)}")
    assert not gone, f"docs/architecture.md's module map lists {gone}, which do not exist"
