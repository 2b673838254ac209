"""The CoT lab's exercise: the reference passes, realistic wrong solutions fail their checks."""
from __future__ import annotations

import importlib
import itertools
from pathlib import Path

import pytest
from lab_results import counted_and_graded, failed, reference_with

LAB = "cot"
REPO = Path(__file__).resolve().parents[2]
MUTANTS = Path(__file__).parent / "mutants" / LAB

# mutant file -> the checks it must fail (and no others)
CAUGHT = {
    "scratchpad_counts_ones": {"scratchpad_steps_are_running_parities"},
    "scratchpad_state_before_the_bit": {"scratchpad_steps_are_running_parities"},
    "vote_takes_the_first_answer": {"majority_vote_matches_counter", "self_consistency_matches_binomial",
                                    "voting_beats_one_sample"},
    "vote_takes_the_largest_answer": {"majority_vote_matches_counter", "self_consistency_matches_binomial",
                                      "voting_beats_one_sample"},
    "vote_formula_ties_win": {"vote_formula_matches_simulation"},  # the lab votes with 9: no ties there
    "vote_formula_without_binomial_coefficient": {"vote_formula_matches_simulation",
                                                  "self_consistency_matches_binomial"},
    "ltm_forgets_the_previous_answer": {"least_to_most_subproblems_chain_answers",
                                        "least_to_most_chain_matches_prediction"},
    "ltm_chunks_overlap_by_one_bit": {"least_to_most_subproblems_chain_answers",
                                      "least_to_most_chain_matches_prediction"},
}


def exercise_source(mutant: str | None = None) -> str:
    return reference_with(LAB, mutant)


def test_every_mutant_file_is_listed():
    assert {p.stem for p in MUTANTS.glob("*.py")} == set(CAUGHT)


@pytest.mark.slow
def test_the_reference_as_an_exercise_passes_every_check(check_exercise):
    result = check_exercise(LAB, exercise_source())
    assert result["status"] == "pass", (result["message"], failed(result))
    assert [c["name"] for c in result["checks"]] == list(importlib.import_module(f"labs.{LAB}.checks").NAMES)
    counted, graded = counted_and_graded(result)
    assert len(counted) >= 5 and len(graded) >= 0.6 * len(counted)


@pytest.mark.slow
@pytest.mark.parametrize("mutant", sorted(CAUGHT))
def test_a_wrong_exercise_fails_the_check_that_catches_it(check_exercise, mutant):
    result = check_exercise(LAB, exercise_source(mutant))
    assert result["status"] == "fail", result["message"]
    assert failed(result) == CAUGHT[mutant]



def test_the_scratchpad_experiment_fails_when_direct_answers_do_as_well_or_the_scratchpad_fails():
    checks = importlib.import_module(f"labs.{LAB}.checks")
    assert checks.scratchpad_beats_direct(0.99, 0.5).status == "pass"
    assert checks.scratchpad_beats_direct(0.99, 0.95).status == "fail"  # parity memorised or leaked
    assert checks.scratchpad_beats_direct(0.6, 0.5).status == "fail"


def test_the_least_to_most_experiment_fails_when_the_whole_input_is_solved_or_the_chain_fails():
    checks = importlib.import_module(f"labs.{LAB}.checks")
    assert checks.least_to_most_beats_whole_input(0.97, 0.5).status == "pass"
    assert checks.least_to_most_beats_whole_input(0.97, 0.9).status == "fail"  # the model generalised in length
    assert checks.least_to_most_beats_whole_input(0.6, 0.5).status == "fail"


def test_the_chain_prediction_is_exact_for_a_perfect_and_a_blind_solver():
    ltm = importlib.import_module(f"labs.{LAB}.ltm")
    k = 4
    perfect = {bits: sum(bits) % 2 for bits in itertools.product((0, 1), repeat=k)}
    blind = {bits: 0 for bits in perfect}
    first_bit_wrong = {bits: (sum(bits) + (bits == (1, 1, 1, 1))) % 2 for bits in perfect}
    assert ltm.predicted_chain_accuracy(perfect, k, ltm.long_length(k)) == pytest.approx(1.0)
    assert ltm.predicted_chain_accuracy(blind, k, ltm.long_length(k)) == pytest.approx(0.5)
    # one wrong sub-problem of 16: by brute force over every 10-bit input
    length = ltm.long_length(k)
    reference = importlib.import_module(f"labs.{LAB}.reference")
    solve = ltm.solver(first_bit_wrong, k)
    right = sum(reference.least_to_most(list(b), k, solve)[-1] == sum(b) % 2
                for b in itertools.product((0, 1), repeat=length))
    assert ltm.predicted_chain_accuracy(first_bit_wrong, k, length) == pytest.approx(right / 2 ** length)
