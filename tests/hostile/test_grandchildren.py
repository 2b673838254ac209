"""A process a lab starts (a data loader, a compiler) does not outlive the lab's run."""
from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

from studyapp.labrunner.process import supervise

SPAWNER = textwrap.dedent("""
    import subprocess, sys
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    open(sys.argv[1], "w").write(str(child.pid))
    print('{"event": "log", "message": "started a helper"}', flush=True)
""")


def test_a_grandchild_is_ended_with_the_run(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    outcome = supervise([sys.executable, "-c", SPAWNER, str(pid_file)], timeout=60)
    assert outcome.returncode == 0
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while Path(f"/proc/{grandchild}").exists() and time.monotonic() < deadline:
        state = Path(f"/proc/{grandchild}/stat").read_text().split(")")[-1].split()[0]
        if state == "Z":
            break
        time.sleep(0.1)
    alive = Path(f"/proc/{grandchild}").exists() and \
        Path(f"/proc/{grandchild}/stat").read_text().split(")")[-1].split()[0] != "Z"
    if alive:
        os.kill(grandchild, 9)
    assert not alive, "the lab's helper process outlived the run"
