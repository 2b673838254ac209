"""The long-context lab's exercise: the reference passes, realistic wrong solutions fail their checks."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lab_results import counted_and_graded, failed, reference_with

LAB = "long-context"
REPO = Path(__file__).resolve().parents[2]
MUTANTS = Path(__file__).parent / "mutants" / LAB

# mutant file -> the checks it must fail (and no others)
CAUGHT = {
    "attention_bytes_forget_heads": {"attention_bytes_match_eager_attention_weights"},
    "kv_cache_keys_only": {"kv_cache_bytes_match_gqa_cache", "kv_cache_bytes_match_bf16_mha_cache"},
    "kv_cache_assumes_fp16": {"kv_cache_bytes_match_gqa_cache"},  # right for the bfloat16 cache only
    "rope_ignores_scale": {"rope_angles_match_linear_scaling", "interpolated_angles_stay_in_trained_range"},
    "rope_stretches_positions": {"rope_angles_match_linear_scaling", "interpolated_angles_stay_in_trained_range"},
    "rope_frequencies_per_dimension": {"rope_angles_match_transformers", "rope_angles_match_linear_scaling",
                                       "interpolated_angles_stay_in_trained_range"},
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


def test_the_memory_experiments_fail_on_the_wrong_growth():
    checks = importlib.import_module(f"labs.{LAB}.checks")
    sizes = (256, 512, 1024)
    math_peaks = [checks.sdpa_peak_bytes(checks.SDPBackend.MATH, 1, 2, n, 16, "cpu")[0] for n in sizes]
    fused_peaks = [checks.sdpa_peak_bytes(checks.fused_backend("cpu"), 1, 2, n, 16, "cpu")[0] for n in sizes]
    assert checks.math_attention_memory_grows_quadratically(sizes, math_peaks).status == "pass"
    assert checks.fused_attention_memory_grows_linearly(sizes, fused_peaks, "flash").status == "pass"
    assert checks.math_attention_memory_grows_quadratically(sizes, fused_peaks).status == "fail"
    assert checks.fused_attention_memory_grows_linearly(sizes, math_peaks, "flash").status == "fail"
    assert checks.fused_and_math_attention_agree(1e-2).status == "fail"


def test_the_gqa_experiment_fails_when_the_cache_stores_every_query_head():
    import dataclasses

    import torch

    checks = importlib.import_module(f"labs.{LAB}.checks")
    mha = checks.measure_cache(checks.tiny_llama(8, 8, torch.float32, "cpu"), 2, 10)
    gqa = checks.measure_cache(checks.tiny_llama(8, 2, torch.float32, "cpu"), 2, 10)
    assert checks.gqa_cache_shrinks_by_the_head_ratio(mha, gqa, 8).status == "pass"
    repeated = dataclasses.replace(gqa, measured=mha.measured)  # keys stored after repeat_kv, as if GQA saved nothing
    assert checks.gqa_cache_shrinks_by_the_head_ratio(mha, repeated, 8).status == "fail"
