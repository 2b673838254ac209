"""The precision lab's pieces in process: the holes the issue names fail on the old behaviour."""
from __future__ import annotations

import math

import pytest
import torch

from labs.precision import checks, formats, peaks, training


def _layout_from_resolution(finfo):
    mantissa = round(-math.log2(finfo.resolution))
    return formats.layout_bits(finfo)[0], mantissa


def test_layout_bits_of_every_float_format():
    expected = {torch.float16: (5, 10), torch.bfloat16: (8, 7), torch.float32: (8, 23), torch.float64: (11, 52)}
    assert {d: formats.layout_bits(torch.finfo(d)) for d in expected} == expected


def test_mantissa_from_resolution_is_caught_only_by_fp32_and_fp64():
    assert _layout_from_resolution(torch.finfo(torch.float16)) == (5, 10)  # the old checks' blind spot
    assert _layout_from_resolution(torch.finfo(torch.bfloat16)) == (8, 7)
    assert checks.layout("x", _layout_from_resolution, torch.float32, (8, 23)).status == "fail"
    assert checks.layout("x", _layout_from_resolution, torch.float64, (11, 52)).status == "fail"


@pytest.fixture(scope="module")
def task():
    return training.make_task("cpu", dim=16, width=32, samples=256, steps=60, batch=32, lr=0.01, seed=3)


def test_the_small_loss_underflows_without_a_scaler_and_the_old_task_did_not(task):
    old = training.train(task, "fp16_autocast_no_scaler")
    assert old.zero_grad_fraction < 0.5  # the toy task never underflowed: a missing scaler went unseen
    small = task.scaled_down(training.SMALL_LOSS_FACTOR, 60)
    unscaled = training.train(small, "fp16_autocast_no_scaler")
    assert checks.small_loss_underflows(unscaled).status == "pass"
    scaled = training.train(small, "fp16_autocast_scaler")
    fp32 = training.train(small, "fp32")
    assert checks.scaler_rescues(training.max_relative_gap(scaled.losses, fp32.losses)).status == "pass"
    assert checks.scaler_rescues(training.max_relative_gap(unscaled.losses, fp32.losses)).status == "fail"


def test_autocast_dtypes_are_recorded(task):
    runs = {v: training.train(task, v) for v in ("bf16_autocast", "fp16_autocast_scaler")}
    assert checks.computes_in_half(runs).status == "pass"
    plain = {v: training.train(task, v, step_fn=lambda m, f, x, y, o, s, d: training._plain_step(m, f, x, y, o, False))
             for v in runs}
    assert checks.computes_in_half(plain).status == "fail"


def test_constants_are_demos_never_counted():
    for check in (checks.fp16_max(65504.0), checks.bf16_max(3.39e38), checks.fp16_overflows(float("inf")),
                  checks.bf16_keeps_finite(65536.0), checks.grad_flushes(0.0)):
        assert check.kind == "demo"


@pytest.mark.parametrize("name, card", [
    ("NVIDIA H100 80GB HBM3", "H100 SXM"), ("NVIDIA H100 PCIe", "H100 PCIe"), ("NVIDIA H100 NVL", "H100 NVL"),
    ("NVIDIA H200", "H200 SXM"), ("NVIDIA H200 NVL", "H200 NVL"), ("NVIDIA A100-SXM4-80GB", "A100"),
    ("NVIDIA L4", "L4"), ("NVIDIA GeForce RTX 4090", "GeForce RTX 4090")])
def test_published_peaks_are_found_by_device_name(name, card):
    assert peaks.lookup(name)[0] == card


def test_an_unknown_card_or_a_cpu_skips_the_share_check():
    assert peaks.lookup("NVIDIA L40S") is None
    assert checks.peak_share(None, None, "not in the table").status == "skip"
    assert checks.bf16_speedup(None).status == "skip"
    assert checks.peak_share(0.2, "H100 SXM").status == "fail" and checks.peak_share(0.7, "H100 SXM").status == "pass"
