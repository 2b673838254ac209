"""The layer rules as import-linter contracts (pyproject.toml, [tool.importlinter]): `lint-imports` must pass
on the code, and must fail on a copy of it with one forbidden import added."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the packages under `root`, with the repository's contracts."""
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [shutil.which("lint-imports") or "lint-imports"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([*command, "--config", str(REPO / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_code_keeps_its_layer_rules():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(("path", "line", "contract"), [
    ("studyapp/store/card_text.py", "import studyapp.quiz.cloze\n", "The store imports no feature package"),
    ("studyapp/srs/widget.py", "from textual.widgets import Static\n", "Only studyapp.tui imports Textual"),
    ("labs/sampling/shortcut.py", "from studyapp.store import stats\n", "The labs import nothing of studyapp"),
    ("studyapp/interview/shortcut.py", "from studyapp.quiz import free\n",
     "The features import each other only through the service layer"),
    ("studyapp/labrunner/shortcut.py", "import studyapp.interview.plan\n",
     "The features import each other only through the service layer"),
    ("studyapp/grading/shortcut.py", "from studyapp.quiz import numeric\n", "The shared core imports no feature"),
])
def test_a_forbidden_import_breaks_its_contract(tmp_path, path, line, contract):
    for package in ("studyapp", "labs"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / path).write_text(f'"""A forbidden import."""\n{line}', encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
    assert "Contracts: 4 kept, 1 broken." in result.stdout
