"""The prompt-tuning lab's exercise: the reference passes, realistic wrong solutions fail their checks."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lab_results import counted_and_graded, failed, reference_with

LAB = "prompt-tuning"
REPO = Path(__file__).resolve().parents[2]
MUTANTS = Path(__file__).parent / "mutants" / LAB

# mutant file -> the checks it must fail (and no others)
CAUGHT = {
    "p_tuning_without_biases": {"p_tuning_params_match_peft"},
    "prefix_keys_only": {"prefix_tuning_params_match_peft", "prefix_projection_params_match_peft"},
    "prefix_projection_without_embedding": {"prefix_projection_params_match_peft"},
    "lora_counts_a_only": {"lora_params_match_peft"},
    "soft_prompt_after_input": {"soft_prompt_logits_match_peft"},
    "soft_prompt_not_batched": {"soft_prompt_logits_match_peft"},  # raises: the check fails, the run goes on
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


def test_the_bit_identity_experiment_fails_when_a_prompt_method_moved_a_base_weight():
    checks = importlib.import_module(f"labs.{LAB}.checks")
    good = {"prompt tuning": True, "lora": True, "full fine-tuning": False}
    assert checks.base_weights_bit_identical(good).status == "pass"
    assert checks.base_weights_bit_identical({**good, "lora": False}).status == "fail"
    assert checks.base_weights_bit_identical({**good, "full fine-tuning": True}).status == "fail"  # nothing trained


def test_the_skill_experiment_fails_when_the_prompt_did_not_learn_it_or_the_start_already_knew():
    checks = importlib.import_module(f"labs.{LAB}.checks")
    assert checks.prompt_tuning_selects_the_skill(0.99, 0.2, 0.2).status == "pass"
    assert checks.prompt_tuning_selects_the_skill(0.3, 0.2, 0.2).status == "fail"
    assert checks.prompt_tuning_selects_the_skill(0.99, 0.95, 0.2).status == "fail"
