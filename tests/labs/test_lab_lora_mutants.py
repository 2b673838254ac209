"""The lora lab run end to end on wrong exercise files: each bug fails the check named for it."""
from __future__ import annotations

import pytest

from mutants import lora

pytestmark = pytest.mark.slow


def _failed(result: dict) -> list[str]:
    return [c["name"] for c in result["checks"] if c["status"] == "fail"]


def test_the_reference_solution_passes(check_exercise):
    result = check_exercise("lora", lora.REFERENCE)
    assert result["status"] == "pass", (result["message"], _failed(result))


@pytest.mark.parametrize("bug", sorted(lora.MUTANTS))
def test_a_wrong_exercise_fails_its_check(check_exercise, bug):
    expected_check, source = lora.MUTANTS[bug]
    result = check_exercise("lora", source)
    assert result["status"] == "fail", result["message"]
    assert expected_check in _failed(result), (_failed(result), result["message"])
