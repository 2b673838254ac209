"""The architecture lab's exercise: the reference passes, realistic wrong solutions fail their checks."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lab_results import counted_and_graded, failed, reference_with

LAB = "architecture"
REPO = Path(__file__).resolve().parents[2]
MUTANTS = Path(__file__).parent / "mutants" / LAB

# mutant file -> the checks it must fail (and no others)
CAUGHT = {
    "layer_norm_instead_of_rms": {"rms_norm_matches_llama"},
    "rope_interleaved_pairs": {"rope_matches_transformers"},  # still relative: the offset check passes
    "rope_absolute_sinusoid": {"rope_matches_transformers", "rope_scores_depend_on_offset_only"},
    "alibi_power_of_two_only": {"alibi_slopes_match_bloom"},
    "norm_after_the_sum": {"llama_layer_rebuilt_with_pre_norm", "bert_layer_rebuilt_with_post_norm"},
    "params_ignore_gqa": {"gqa_tied_params_match_meta_model"},
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


def test_the_alibi_experiment_fails_on_a_bias_that_is_not_translation_invariant():
    import torch

    checks = importlib.import_module(f"labs.{LAB}.checks")
    from transformers.models.bloom.modeling_bloom import build_alibi_tensor

    def squared_positions(mask, heads, dtype):  # slope * j^2: no longer a per-row constant away from -slope*(i-j)
        return build_alibi_tensor(mask, heads, dtype) * torch.arange(mask.shape[1])

    gen = torch.Generator().manual_seed(0)
    assert checks.bloom_alibi_is_a_relative_bias_after_softmax(32, gen).status == "pass"
    assert checks.bloom_alibi_is_a_relative_bias_after_softmax(32, gen, squared_positions).status == "fail"
