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

