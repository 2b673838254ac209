"""The grader meets its targets on the labelled set, on the tuning part and on the held-out part."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "grader_eval.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("grader_eval", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("grader_eval", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_set_is_large_and_varied_enough(bench):
    rows = bench.load_set()
    assert len(rows) >= 200 and len({row.note for row in rows}) >= 25
    for part in bench.PARTS:
        labels = {row.label for row in rows if row.part == part}
        assert labels == set(bench.LABELS), part


@pytest.mark.parametrize("part", ["tune", "heldout", "heldout2", "heldout3"])
def test_targets(bench, part):
    figures = bench.measure([row for row in bench.load_set() if row.part == part])
    assert figures["precision"] >= 0.90
    assert figures["recall"] >= 0.85
    assert figures["wrong_passed"] <= 0.10
    assert figures["offtopic_passed"] == 0.0
