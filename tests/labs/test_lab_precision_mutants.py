"""The precision lab run end to end on exercise files (the learner's path): the reference solution passes
with most counted checks graded from it, and each realistic bug fails the check named for it."""
from __future__ import annotations

import pytest
from mutant_suite import mutant_tests
from mutants import precision as cases

pytestmark = pytest.mark.slow
LAB = "precision"

(test_the_reference_solution_passes, test_a_wrong_exercise_fails_its_check,
 test_a_correct_solution_in_another_style_passes) = mutant_tests(LAB, cases)
