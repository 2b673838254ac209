"""Fixtures for the lab tests: an in-process lab context, and the repository on sys.path."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture
def lab_context():
    """make(mode="quick", device="cpu", exercise=False) -> a LabContext whose events go to a buffer."""
    from labs.protocol import Emitter, LabContext

    def make(mode: str = "quick", device: str = "cpu", exercise: bool = False) -> LabContext:
        return LabContext(device=device, mode=mode, emitter=Emitter(io.StringIO()), exercise=exercise)

    return make


@pytest.fixture(scope="session")
def check_home(tmp_path_factory):
    """One collection for the attempts of a test session (of each xdist worker): created once, not per test."""
    return tmp_path_factory.mktemp("check-home")


@pytest.fixture
def check_exercise(tmp_path, check_home):
    """check_exercise(lab_id, source) -> the result document of `studyapp lab check` on that exercise source.

    The learner's path end to end: the source is written to a file and the real command runs in a subprocess,
    `studyapp lab check ID --file PATH --device cpu --mode quick --json --home TMP`, which runs the whole quick
    lab on it; the document it prints is returned, with `exit_code` added (0 pass, 1 a check failed, 2 unfinished
    or could not run).
    """
    import json
    import os
    import subprocess

    home = check_home

    def run(lab_id: str, source: str, timeout: float = 240) -> dict:
        path = tmp_path / f"{lab_id}_exercise.py"
        path.write_text(source, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"}
        proc = subprocess.run([sys.executable, "-m", "studyapp", "lab", "check", lab_id, "--file", str(path),
                               "--device", "cpu", "--mode", "quick", "--json", "--home", str(home)],
                              env=env, capture_output=True, text=True, timeout=timeout, check=False, cwd=REPO)
        try:
            doc = json.loads(proc.stdout)
        except ValueError:
            raise AssertionError(f"`studyapp lab check {lab_id}` printed no result (exit {proc.returncode}):\n"
                                 f"{proc.stderr[-3000:]}") from None
        return {**doc, "exit_code": proc.returncode}

    return run
