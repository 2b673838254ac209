"""The note→lab index the service hands to the store: read from the installed labs on the first card that asks,
never before (a screen without cards does not pay for it), and fixed indexes for tests and tools."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from studyapp.service.card_labs import NO_LABS, CardLabs

REPO = Path(__file__).resolve().parents[2]


def test_a_fixed_index_and_no_labs():
    labs = CardLabs.of({"lora": "lora-rank"})
    assert labs.lab_for("lora") == "lora-rank" and labs.lab_for("bpe") is None
    assert NO_LABS.lab_for("lora") is None


def test_the_catalogue_is_read_on_the_first_question_only():
    probe = (
        "import sys\n"
        "from studyapp.service.card_labs import CardLabs\n"
        "labs = CardLabs.catalogue()\n"
        "before = 'studyapp.labrunner' in sys.modules\n"
        "lab = labs.lab_for('fda38b')\n"
        "print(before, lab, 'studyapp.labrunner' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "memory", "True"]
