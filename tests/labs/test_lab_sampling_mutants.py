"""The sampling lab run end to end on exercise files (the learner's path): the reference solution passes
with most counted checks graded from it, and each realistic bug fails the check named for it."""
from __future__ import annotations

import pytest
from mutant_suite import mutant_tests
from mutants import sampling as cases

pytestmark = pytest.mark.slow
LAB = "sampling"

(test_the_reference_solution_passes, test_a_wrong_exercise_fails_its_check,
 test_a_correct_solution_in_another_style_passes) = mutant_tests(LAB, cases)


def test_a_file_from_the_old_starter_is_unfinished_and_names_the_new_function(check_exercise):
    old = "from labs.sampling.filters import apply_temperature, top_k_filter, top_p_filter\n"
    result = check_exercise(LAB, old)
    assert result["status"] == "error" and "filtered_probs" in result["message"], result["message"]
