"""The `check_exercise` fixture runs the real `studyapp lab check` (the mutation tests of every lab use it)."""
from __future__ import annotations

import pytest

from studyapp.labrunner import workspace


def test_a_syntax_error_is_reported_with_file_and_line(check_exercise):
    result = check_exercise("sampling", "import torch\n\ndef apply_temperature(logits, t)\n")
    assert result["exit_code"] == 2 and result["status"] == "error" and result["exercise"] is True
    assert result["message"].endswith("_exercise.py:3: syntax error: expected ':'")


@pytest.mark.slow
def test_the_starter_is_unfinished_and_names_its_first_stub(check_exercise):
    result = check_exercise("precision", workspace.starter_file("precision").read_text(encoding="utf-8"))
    assert result["exit_code"] == 2 and result["unfinished"] == ["layout_bits", "unscale", "amp_train_step"]
    assert result["message"].startswith("unfinished: layout_bits still raises NotImplementedError")
