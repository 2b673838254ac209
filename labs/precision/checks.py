"""The precision lab's checks; each takes the implementation or measured value under test.

Kinds: the layout, unscaling and training-step checks grade the learner's functions (exercise); the
runs of the lab's own code against fp32 and the GPU throughput are experiments; torch's constants
are demos (no implementation can get them wrong).
"""
from __future__ import annotations

import torch

from labs.precision.training import TrainRun
from labs.protocol import (
    EXERCISE,
    Check,
    check_at_least,
    check_at_most,
    check_close,
    check_equal,
    check_skipped,
    check_true,
    demo,
)

NAMES = (
    "fp16_layout_5_exponent_10_mantissa",
    "bf16_layout_8_exponent_7_mantissa",
    "fp32_layout_8_exponent_23_mantissa",
    "fp64_layout_11_exponent_52_mantissa",
    "fp16_max_is_65504",
    "bf16_max_is_3.39e38",
    "fp16_overflows_at_65520",
    "bf16_keeps_65520_finite",
    "grad_1e-8_flushes_to_zero_in_fp16",
    "loss_scaling_keeps_grad_1e-8",
    "amp_step_computes_in_half_precision",
    "fp32_training_learns",
    "bf16_autocast_follows_fp32",
    "fp16_autocast_with_scaler_follows_fp32",
    "fp32_master_weights_lose_no_updates",
    "pure_fp16_loses_updates",
    "small_loss_underflows_without_scaler",
    "gradscaler_rescues_small_loss",
    "bf16_matmul_faster_than_fp32",
    "bf16_matmul_share_of_peak",
)

CURVE_TOL = 0.02  # relative gap between loss curves (20-step windows) that still counts as "follows"
BF16_MAX = 3.3895313892515355e38
TINY_GRAD = 1e-8
UNDERFLOW_MIN = 0.9  # share of gradient elements that are exactly 0 in the unscaled small-loss run
MIN_PEAK_SHARE = 0.4  # a large bf16 matmul reaches at least this share of the card's dense peak


def layout(name: str, layout_fn, dtype: torch.dtype, expected: tuple[int, int]) -> Check:
    measured = list(layout_fn(torch.finfo(dtype)))
    return check_equal(name, measured, list(expected),
                       why=f"{dtype}: [exponent, mantissa] bits derived from torch.finfo (eps and max)", kind=EXERCISE)


def fp16_max(measured: float) -> Check:
    return demo("fp16_max_is_65504", shown=measured, why="largest finite fp16: (2 - 2^-10) * 2^15 (torch.finfo)")


def bf16_max(measured: float) -> Check:
    return demo("bf16_max_is_3.39e38", shown=measured,
                why="bf16 keeps fp32's 8 exponent bits, so its range is about fp32's (torch.finfo)")


def fp16_overflows(measured: float) -> Check:
    return demo("fp16_overflows_at_65520", shown=measured,
                why="65520 rounds up past 65504 and fp16 has no larger finite value")


def bf16_keeps_finite(measured: float) -> Check:
    return demo("bf16_keeps_65520_finite", shown=measured, why="bf16 rounds 65520 to 65536 (7 mantissa bits), finite")


def grad_flushes(measured: float) -> Check:
    return demo("grad_1e-8_flushes_to_zero_in_fp16", shown=measured,
                why="1e-8 is below half of fp16's smallest subnormal (6e-8): the gradient becomes 0")


def loss_scaling_keeps(measured: float, scale: float) -> Check:
    return check_close("loss_scaling_keeps_grad_1e-8", measured, TINY_GRAD, rel=1e-3,
                       why=f"your unscale of a gradient computed from loss x {scale:g} in fp16 gives back 1e-8",
                       kind=EXERCISE)


def computes_in_half(runs: dict[str, TrainRun]) -> Check:
    measured = {v: sorted(runs[v].forward_dtypes) for v in ("bf16_autocast", "fp16_autocast_scaler")}
    ok = measured == {"bf16_autocast": ["bfloat16"], "fp16_autocast_scaler": ["float16"]}
    return check_true("amp_step_computes_in_half_precision", ok,
                      expected={"bf16_autocast": ["bfloat16"], "fp16_autocast_scaler": ["float16"]}, measured=measured,
                      why="under your step's autocast every Linear computes in the requested half dtype",
                      kind=EXERCISE)


def fp32_learns(run: TrainRun, min_drop: float = 0.5) -> Check:
    first, last = sum(run.losses[:20]) / 20, sum(run.losses[-20:]) / 20
    return check_at_least("fp32_training_learns", round(1 - last / first, 4), min_drop,
                          why=f"the fp32 reference loss falls from {first:.3f} to {last:.3f}, so curves are comparable")


def follows(name: str, gap: float, what: str, kind: str = EXERCISE) -> Check:
    return check_at_most(name, gap, CURVE_TOL,
                         why=f"{what} tracks the fp32 loss curve (max relative gap of 20-step means)", kind=kind)


def master_weights_keep_updates(run: TrainRun) -> Check:
    return check_at_most("fp32_master_weights_lose_no_updates", run.lost_fraction, 0.05,
                         why=f"{run.variant} with your step: weights stay fp32, so small steps still change them "
                             f"({run.lost_updates:,} of {run.intended_updates:,} lost)", kind=EXERCISE)


def pure_fp16_loses(run: TrainRun, min_fraction: float = 0.1) -> Check:
    return check_at_least("pure_fp16_loses_updates", round(run.lost_fraction, 4), min_fraction,
                          why=f"fp16 weights swallow steps below half an ulp: {run.lost_updates:,} of "
                              f"{run.intended_updates:,} element updates lost")


def small_loss_underflows(run: TrainRun) -> Check:
    return check_at_least("small_loss_underflows_without_scaler", round(run.zero_grad_fraction, 4), UNDERFLOW_MIN,
                          why="loss x 2^-24: without loss scaling fp16 autocast's gradients underflow to exactly 0 "
                              "(share of zero gradient elements, the lab's own step with the scaler disabled)")


def scaler_rescues(gap: float) -> Check:
    return check_at_most("gradscaler_rescues_small_loss", round(gap, 5), CURVE_TOL,
                         why="the same small loss with your fp16 step and GradScaler tracks fp32 "
                             "(max relative gap of 20-step means)", kind=EXERCISE)


def bf16_speedup(ratio: float | None, min_ratio: float = 2.0) -> Check:
    if ratio is None:
        return check_skipped("bf16_matmul_faster_than_fp32", expected=f">= {min_ratio:g}",
                             why="skipped on CPU: tensor-core throughput needs a GPU (run --device cuda)")
    return check_at_least("bf16_matmul_faster_than_fp32", round(ratio, 2), min_ratio,
                          why="bf16 matmuls run on tensor cores; true fp32 (TF32 off) does not")


def peak_share(share: float | None, card: str | None, reason: str = "") -> Check:
    if share is None:
        return check_skipped("bf16_matmul_share_of_peak", expected=f">= {MIN_PEAK_SHARE:g}",
                             why=f"skipped: {reason}")
    return check_at_least("bf16_matmul_share_of_peak", round(share, 3), MIN_PEAK_SHARE,
                          why=f"measured bf16 TFLOP/s over the {card}'s published dense bf16 peak")
