"""The memory lab run end to end on exercise files (the learner's path): the reference solution passes
with most counted checks graded from it, and each realistic bug fails the check named for it."""
from __future__ import annotations

import importlib.util

import pytest
from mutants import memory as cases

pytestmark = pytest.mark.slow
LAB = "memory"
MIN_EXERCISE_SHARE = 0.6  # of the checks that can fail (demos and skips left out)


def _failed(result: dict) -> list[str]:
    return [c["name"] for c in result["checks"] if c["status"] == "fail"]


def test_the_reference_solution_passes(check_exercise):
    result = check_exercise(LAB, cases.REFERENCE)
    assert result["status"] == "pass", (result["message"], _failed(result))
    counted = [c for c in result["checks"] if c["kind"] != "demo" and c["status"] != "skip"]
    share = sum(c["kind"] == "exercise" for c in counted) / len(counted)
    assert share >= MIN_EXERCISE_SHARE, [(c["name"], c["kind"]) for c in counted]


@pytest.mark.parametrize("bug", sorted(cases.MUTANTS))
def test_a_wrong_exercise_fails_its_check(check_exercise, bug):
    expected_check, source = cases.MUTANTS[bug]
    if bug in getattr(cases, "NEEDS_BITSANDBYTES", ()) and importlib.util.find_spec("bitsandbytes") is None:
        pytest.skip("bitsandbytes is not installed: the NF4 byte checks are skipped")
    result = check_exercise(LAB, source)
    assert result["status"] == "fail", result["message"]
    assert expected_check in _failed(result), (_failed(result), result["message"])


def test_a_correct_solution_in_another_style_passes(check_exercise):
    result = check_exercise(LAB, cases.ALTERNATIVE)
    assert result["status"] == "pass", (result["message"], _failed(result))
