"""Shared fixtures: a real collection in a temporary folder, and the real CLI in a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a fixed "now" for scheduling tests
# A string key with no entry raises under the tests (in use the app shows the key): studyapp/tui/i18n.py
os.environ["STUDYAPP_STRICT_STRINGS"] = "1"


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def collection(home):
    from studyapp.service.collection import open_collection

    col = open_collection(home)
    yield col
    col.close()


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(home):
    """Run `studyapp ARGS` in a subprocess against the test's collection."""

    def run(*args: str, home_dir: Path | None = home, timeout: float = 120, env: dict | None = None) -> CliResult:
        cmd = [sys.executable, "-m", "studyapp"]
        if home_dir is not None:
            cmd += ["--home", str(home_dir)]
        full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
        proc = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout, env=full_env)
        return CliResult(proc)

    return run
