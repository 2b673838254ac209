"""A lab run never outlives the studyapp that started it, and how it ended is recorded truthfully."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
LAB = "memory"  # long enough to be caught mid-run


def lab_processes(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if "-m labs" in cmdline and marker in cmdline:
                found.append(int(entry.name))
    return found


def start_run(home: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "studyapp", "--home", str(home), "lab", "run", LAB,
                             "--device", "cpu", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_lab(parent: subprocess.Popen, timeout: float = 90) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = lab_processes(f"studyapp-lab-{parent.pid}-")
        if found:
            time.sleep(2)  # let it get into its work
            return found
        time.sleep(0.2)
    raise AssertionError("the lab never started")


def gone(pids: list[int], timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def scratch_folders(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"studyapp-lab-{pid}-*"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_run_kills_the_lab_and_is_recorded_as_cancelled(tmp_path, sig):
    parent = start_run(tmp_path / "home")
    lab = wait_for_lab(parent)
    parent.send_signal(sig)
    out, err = parent.communicate(timeout=60)
    assert "Traceback" not in err
    assert gone(lab), "the lab outlived the run"
    assert scratch_folders(parent.pid) == []
    result = json.loads(out)
    assert result["status"] == "error" and result["message"] == "cancelled" and result["id"]


def test_a_killed_studyapp_takes_its_lab_with_it(tmp_path):
    parent = start_run(tmp_path / "home")
    lab = wait_for_lab(parent)
    parent.kill()
    parent.wait(timeout=30)
    assert gone(lab), "the lab kept running after studyapp was killed"
    leftover = scratch_folders(parent.pid)
    assert leftover  # nobody could clean up after SIGKILL ...
    from studyapp.labrunner.runner import sweep_stale_folders

    sweep_stale_folders()  # ... so the next run does
    assert scratch_folders(parent.pid) == []


@pytest.mark.parametrize("target", ["dir", "/dev/full"])
def test_the_result_path_must_be_a_file(tmp_path, target):
    out = tmp_path if target == "dir" else Path(target)
    proc = subprocess.run([sys.executable, "-m", "labs", "sampling", "--device", "cpu", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "--out" in proc.stderr
    assert Path("/dev/full").is_char_device()  # never replaced by a file
    assert not list(tmp_path.glob("*.partial"))


def test_a_failed_start_does_not_hide_the_last_real_result(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "studyapp", "--home", str(home), *args], capture_output=True,
                              text=True, timeout=300, env=env)

    assert cli("lab", "run", "precision", "--device", "cpu").returncode == 0
    if cli("doctor", "--json").stdout.count('"cuda": true'):
        pytest.skip("CUDA is here: --device cuda would not fail to start")
    assert cli("lab", "run", "precision", "--device", "cuda").returncode == 2
    listed = {lab["id"]: lab for lab in json.loads(cli("lab", "list", "--json").stdout)}
    assert listed["precision"]["last_status"] == "pass"
