"""The layer rules as import-linter contracts (pyproject.toml, [tool.importlinter]): `lint-imports` must pass
on the code, and must fail on a copy of it with one forbidden import added."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def contract_names() -> list[str]:
    with open(REPO / "pyproject.toml", "rb") as f:
        return [c["name"] for c in tomllib.load(f)["tool"]["importlinter"]["contracts"]]


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
    assert f"Contracts: {len(contract_names())} kept, 0 broken." in result.stdout
    for name in contract_names():
        assert f"{name} KEPT" in result.stdout


def test_the_contracts_this_suite_breaks_are_in_pyproject():
    """Each case below names a contract; renaming one in pyproject must not leave a case testing nothing."""
    assert {contract for _, _, contract in FORBIDDEN} <= set(contract_names())


SERVICE_ONLY = "The CLI and the TUI reach the core only through studyapp.service"
FORBIDDEN = [
    ("studyapp/store/card_text.py", "import studyapp.quiz.cloze\n", "The store imports no feature package"),
    ("studyapp/srs/widget.py", "from textual.widgets import Static\n", "Only studyapp.tui imports Textual"),
    ("labs/sampling/shortcut.py", "from studyapp.store import stats\n", "The labs import nothing of studyapp"),
    ("studyapp/interview/shortcut.py", "from studyapp.quiz import free\n",
     "The features import each other only through the service layer"),
    ("studyapp/labrunner/shortcut.py", "import studyapp.interview.plan\n",
     "The features import each other only through the service layer"),
    ("studyapp/grading/shortcut.py", "from studyapp.quiz import numeric\n", "The shared core imports no feature"),
    ("studyapp/tui/screens/shortcut.py", "from studyapp.store import browse\n", SERVICE_ONLY),
    ("studyapp/commands/shortcut.py", "def run():\n    from studyapp.labrunner import run_lab\n", SERVICE_ONLY),
    ("studyapp/tui/widgets/shortcut.py", "from studyapp.quiz import grade\n", SERVICE_ONLY),
]


@pytest.mark.parametrize(("path", "line", "contract"), FORBIDDEN)
def test_a_forbidden_import_breaks_its_contract(tmp_path, path, line, contract):
    for package in ("studyapp", "labs"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / path).write_text(f'"""A forbidden import."""\n{line}', encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
    assert f"Contracts: {len(contract_names()) - 1} kept, 1 broken." in result.stdout
