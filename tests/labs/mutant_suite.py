"""The three end-to-end tests every lab with a `mutants/<lab>.py` case file gets, run on exercise files (the
learner's path): the reference solution passes with most counted checks graded from it, each realistic bug
fails the check named for it, and a correct solution in another style passes. A test module takes them with
`test_a, test_b, test_c = mutant_tests(LAB, cases)`."""
from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from lab_results import failed

MIN_EXERCISE_SHARE = 0.6  # of the checks that can fail (demos and skips left out)


def mutant_tests(lab: str, cases: ModuleType):
    def test_the_reference_solution_passes(check_exercise):
        result = check_exercise(lab, cases.REFERENCE)
        assert result["status"] == "pass", (result["message"], failed(result))
        counted = [c for c in result["checks"] if c["kind"] != "demo" and c["status"] != "skip"]
        share = sum(c["kind"] == "exercise" for c in counted) / len(counted)
        assert share >= MIN_EXERCISE_SHARE, [(c["name"], c["kind"]) for c in counted]

    @pytest.mark.parametrize("bug", sorted(cases.MUTANTS))
    def test_a_wrong_exercise_fails_its_check(check_exercise, bug):
        expected_check, source = cases.MUTANTS[bug]
        if bug in getattr(cases, "NEEDS_BITSANDBYTES", ()) and importlib.util.find_spec("bitsandbytes") is None:
            pytest.skip("bitsandbytes is not installed: the NF4 byte checks are skipped")
        result = check_exercise(lab, source)
        assert result["status"] == "fail", result["message"]
        assert expected_check in failed(result), (failed(result), result["message"])

    def test_a_correct_solution_in_another_style_passes(check_exercise):
        result = check_exercise(lab, cases.ALTERNATIVE)
        assert result["status"] == "pass", (result["message"], failed(result))

    return (test_the_reference_solution_passes, test_a_wrong_exercise_fails_its_check,
            test_a_correct_solution_in_another_style_passes)
