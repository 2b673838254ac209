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



@pytest.fixture
def check_exercise(tmp_path):
    """check_exercise(lab_id, source) -> the result document of the lab run on that exercise source.

    The learner's path end to end: the source is written to a file and the whole quick lab runs on it
    in a subprocess, on the CPU, exactly as `studyapp lab check ID --file PATH` runs it.
    """
    import json
    import os
    import subprocess

    def run(lab_id: str, source: str, timeout: float = 240) -> dict:
        path = tmp_path / f"{lab_id}_exercise.py"
        path.write_text(source, encoding="utf-8")
        out = tmp_path / f"{lab_id}_result.json"
        env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
        subprocess.run([sys.executable, "-m", "labs", lab_id, "--device", "cpu", "--mode", "quick",
                        "--exercise-file", str(path), "--out", str(out)],
                       env=env, capture_output=True, timeout=timeout, check=False)
        return json.loads(out.read_text(encoding="utf-8"))

    return run
