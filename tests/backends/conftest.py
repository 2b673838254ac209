"""Fixtures for the backend tests: a real sshd per test, a backend configured for it, a lab file that hangs."""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest
from backend_servers import SSHD, start_sshd

from studyapp.labrunner.backends.config import BackendConfig

SLOW_EXERCISE = "import time\ntime.sleep(120)  # a learner's file that hangs: the run must still be stoppable\n"


@pytest.fixture
def sshd(tmp_path):
    if SSHD is None:
        pytest.skip("sshd is not installed (apt-get install openssh-server)")
    server = start_sshd(tmp_path / "sshd")
    yield server
    server.stop()


@pytest.fixture
def ssh_config(sshd, tmp_path):
    """A backend for the test's sshd: its key, its known_hosts, this Python (it has torch) as the remote's."""
    return BackendConfig(name="box", kind="ssh", target=f"{sshd.user}@127.0.0.1", port=sshd.port,
                         identity=str(sshd.user_key), known_hosts=str(sshd.known_hosts), python=sys.executable,
                         workdir=str(tmp_path / "remote"))


@pytest.fixture
def slow_exercise(tmp_path) -> Path:
    path = tmp_path / f"slow_{uuid.uuid4().hex[:12]}.py"  # its name marks this test's lab processes
    path.write_text(SLOW_EXERCISE)
    return path


