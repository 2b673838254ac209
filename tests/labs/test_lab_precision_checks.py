"""Every precision check fails when handed a wrong implementation or a wrong measurement."""
from __future__ import annotations

import math

import pytest
import torch

from labs.precision import checks, formats, training
from labs.precision.training import TrainRun


def assert_fails(check):
    assert check.status == "fail", f"{check.name} should fail: expected {check.expected}, measured {check.measured}"


@pytest.fixture(scope="module")
def runs():
    task = training.make_task("cpu", dim=16, width=32, samples=256, steps=60, batch=32, lr=0.01, seed=3)
    return {v: training.train(task, v) for v in ("fp32", "bf16_autocast", "fp16_pure")}


def _sloppy_layout(finfo):
    e, m = formats.layout_bits(finfo)
    return e, m + 1  # counts the implicit leading 1 as a stored bit


def _unscale_in_fp16(grad, scale):
    return grad / scale  # divides in fp16: 1e-8 flushes to zero again


def _gap_of_a_10_percent_worse_curve(runs):
    reference = runs["fp32"].losses
    return training.max_relative_gap([x * 1.1 for x in reference], reference)


WRONG = {
    "fp16_layout_5_exponent_10_mantissa":
        lambda runs: checks.layout("fp16_layout_5_exponent_10_mantissa", _sloppy_layout, torch.float16, (5, 10)),
    "bf16_layout_8_exponent_7_mantissa":
        lambda runs: checks.layout("bf16_layout_8_exponent_7_mantissa", lambda fi: (5, 10), torch.bfloat16, (8, 7)),
    "fp16_max_is_65504": lambda runs: checks.fp16_max(65505.0),
    "bf16_max_is_3.39e38": lambda runs: checks.bf16_max(float(torch.finfo(torch.float32).max)),
    "fp16_overflows_at_65520": lambda runs: checks.fp16_overflows(formats.cast(65520.0, torch.bfloat16)),
    "bf16_keeps_65520_finite": lambda runs: checks.bf16_keeps_finite(formats.cast(65520.0, torch.float16)),
    "grad_1e-8_flushes_to_zero_in_fp16":
        lambda runs: checks.grad_flushes(formats.weight_gradient(1e-8, torch.float32, 1.0)),
    "loss_scaling_keeps_grad_1e-8":
        lambda runs: checks.loss_scaling_keeps(formats.weight_gradient(1e-8, torch.float16, 65536.0, _unscale_in_fp16),
                                               65536.0),
    "fp32_training_learns": lambda runs: checks.fp32_learns(TrainRun("fp32", [1.0] * 60, 0, 1, 0)),
    "bf16_autocast_follows_fp32": lambda runs: checks.follows("bf16_autocast_follows_fp32", 0.05, "bf16"),
    "fp16_autocast_with_scaler_follows_fp32":
        lambda runs: checks.follows("fp16_autocast_with_scaler_follows_fp32", _gap_of_a_10_percent_worse_curve(runs),
                                    "fp16"),
    "fp32_master_weights_lose_no_updates": lambda runs: checks.master_weights_keep_updates(runs["fp16_pure"]),
    "pure_fp16_loses_updates": lambda runs: checks.pure_fp16_loses(runs["bf16_autocast"]),
    "bf16_matmul_faster_than_fp32": lambda runs: checks.bf16_speedup(1.2),
}


def test_every_check_has_a_wrong_case():
    assert set(WRONG) == set(checks.NAMES)


@pytest.mark.parametrize("name", checks.NAMES)
def test_check_fails_on_a_wrong_implementation(name, runs):
    check = WRONG[name](runs)
    assert check.name == name
    assert_fails(check)


def test_reference_values():
    assert formats.layout_bits(torch.finfo(torch.float16)) == (5, 10)
    assert formats.layout_bits(torch.finfo(torch.bfloat16)) == (8, 7)
    assert formats.layout_bits(torch.finfo(torch.float32)) == (8, 23)
    assert math.isinf(formats.cast(65520.0, torch.float16)) and formats.cast(65520.0, torch.bfloat16) == 65536.0
    assert formats.weight_gradient(1e-8, torch.float16, 1.0) == 0.0
    assert formats.weight_gradient(1e-8, torch.float16, 65536.0) == pytest.approx(1e-8, rel=1e-3)


def test_the_real_runs_show_what_the_checks_claim(runs):
    assert checks.master_weights_keep_updates(runs["bf16_autocast"]).status == "pass"
    assert checks.pure_fp16_loses(runs["fp16_pure"]).status == "pass"


def test_throughput_is_skipped_not_failed_without_a_gpu():
    assert checks.bf16_speedup(None).status == "skip"
