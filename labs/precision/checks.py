"""The precision lab's checks; each takes the implementation or measured value under test."""
from __future__ import annotations

import math

import torch

from labs.precision.training import TrainRun
from labs.protocol import Check, check_at_least, check_at_most, check_close, check_equal, check_skipped, check_true

NAMES = (
    "fp16_layout_5_exponent_10_mantissa",
    "bf16_layout_8_exponent_7_mantissa",
    "fp16_max_is_65504",
    "bf16_max_is_3.39e38",
    "fp16_overflows_at_65520",
    "bf16_keeps_65520_finite",
    "grad_1e-8_flushes_to_zero_in_fp16",
    "loss_scaling_keeps_grad_1e-8",
    "fp32_training_learns",
    "bf16_autocast_follows_fp32",
    "fp16_autocast_with_scaler_follows_fp32",
    "fp32_master_weights_lose_no_updates",
    "pure_fp16_loses_updates",
    "bf16_matmul_faster_than_fp32",
)

CURVE_TOL = 0.02  # relative gap between loss curves (20-step windows) that still counts as "follows"
BF16_MAX = 3.3895313892515355e38
TINY_GRAD = 1e-8


def layout(name: str, layout_fn, dtype: torch.dtype, expected: tuple[int, int]) -> Check:
    measured = list(layout_fn(torch.finfo(dtype)))
    return check_equal(name, measured, list(expected),
                       why=f"{dtype}: [exponent, mantissa] bits derived from torch.finfo (eps and max)")


def fp16_max(measured: float) -> Check:
    return check_equal("fp16_max_is_65504", measured, 65504.0, why="largest finite fp16: (2 - 2^-10) * 2^15")


def bf16_max(measured: float) -> Check:
    return check_close("bf16_max_is_3.39e38", measured, BF16_MAX, rel=1e-3,
                       why="bf16 keeps fp32's 8 exponent bits, so its range is about fp32's")


def fp16_overflows(measured: float) -> Check:
    return check_true("fp16_overflows_at_65520", math.isinf(measured) and measured > 0, expected="inf",
                      measured=measured, why="65520 rounds up past 65504 and fp16 has no larger finite value")


def bf16_keeps_finite(measured: float) -> Check:
    return check_close("bf16_keeps_65520_finite", measured, 65536.0, rel=2 ** -8,
                       why="bf16 rounds 65520 to 65536 (7 mantissa bits) but stays finite")


def grad_flushes(measured: float) -> Check:
    return check_equal("grad_1e-8_flushes_to_zero_in_fp16", measured, 0.0,
                       why="1e-8 is below half of fp16's smallest subnormal (6e-8): the gradient becomes 0")


def loss_scaling_keeps(measured: float, scale: float) -> Check:
    return check_close("loss_scaling_keeps_grad_1e-8", measured, TINY_GRAD, rel=1e-3,
                       why=f"scaling the loss by {scale:g} lifts the fp16 gradient into range; unscaled in fp32")


def fp32_learns(run: TrainRun, min_drop: float = 0.5) -> Check:
    first, last = sum(run.losses[:20]) / 20, sum(run.losses[-20:]) / 20
    return check_at_least("fp32_training_learns", round(1 - last / first, 4), min_drop,
                          why=f"the fp32 reference loss falls from {first:.3f} to {last:.3f}, so curves are comparable")


def follows(name: str, gap: float, what: str) -> Check:
    return check_at_most(name, gap, CURVE_TOL,
                         why=f"{what} tracks the fp32 loss curve (max relative gap of 20-step means)")


def master_weights_keep_updates(run: TrainRun) -> Check:
    return check_at_most("fp32_master_weights_lose_no_updates", run.lost_fraction, 0.05,
                         why=f"{run.variant}: weights stay fp32, so small steps still change them "
                             f"({run.lost_updates:,} of {run.intended_updates:,} lost)")


def pure_fp16_loses(run: TrainRun, min_fraction: float = 0.1) -> Check:
    return check_at_least("pure_fp16_loses_updates", round(run.lost_fraction, 4), min_fraction,
                          why=f"fp16 weights swallow steps below half an ulp: {run.lost_updates:,} of "
                              f"{run.intended_updates:,} element updates lost")


def bf16_speedup(ratio: float | None, min_ratio: float = 2.0) -> Check:
    if ratio is None:
        return check_skipped("bf16_matmul_faster_than_fp32", expected=f">= {min_ratio:g}",
                             why="skipped on CPU: tensor-core throughput needs a GPU (run --device cuda)")
    return check_at_least("bf16_matmul_faster_than_fp32", round(ratio, 2), min_ratio,
                          why="bf16 matmuls run on tensor cores; true fp32 (TF32 off) does not")
