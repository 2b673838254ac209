"""Precision lab: runs the experiment and returns its checks."""
from __future__ import annotations

import torch

from labs.precision import checks, exercise, formats, throughput, training
from labs.protocol import LabContext

SIZES = {
    "quick": dict(dim=64, width=128, samples=2048, steps=400, batch=64, lr=0.01, matmul_n=None),
    "full": dict(dim=512, width=2048, samples=16384, steps=1000, batch=256, lr=0.01, matmul_n=8192),
}
LOSS_SCALE = 65536.0


def _format_checks(ctx: LabContext, layout_bits, unscale) -> list:
    fp16, bf16 = torch.finfo(torch.float16), torch.finfo(torch.bfloat16)
    for name, info in (("fp16", fp16), ("bf16", bf16)):
        ctx.metric(f"{name}_max", float(info.max))
        ctx.metric(f"{name}_eps", float(info.eps))
        ctx.metric(f"{name}_smallest_subnormal", float(info.smallest_normal) * float(info.eps))
    flushed = formats.weight_gradient(checks.TINY_GRAD, torch.float16, 1.0, unscale)
    rescued = formats.weight_gradient(checks.TINY_GRAD, torch.float16, LOSS_SCALE, unscale)
    ctx.log(f"grad 1e-8 in fp16: {flushed:g} unscaled; {rescued:.4g} with loss scale {LOSS_SCALE:g}")
    return [
        checks.layout("fp16_layout_5_exponent_10_mantissa", layout_bits, torch.float16, (5, 10)),
        checks.layout("bf16_layout_8_exponent_7_mantissa", layout_bits, torch.bfloat16, (8, 7)),
        checks.fp16_max(float(fp16.max)),
        checks.bf16_max(float(bf16.max)),
        checks.fp16_overflows(formats.cast(65520.0, torch.float16)),
        checks.bf16_keeps_finite(formats.cast(65520.0, torch.bfloat16)),
        checks.grad_flushes(flushed),
        checks.loss_scaling_keeps(rescued, LOSS_SCALE),
    ]


def _training_checks(ctx: LabContext, size: dict) -> list:
    task = training.make_task(ctx.device, size["dim"], size["width"], size["samples"], size["steps"],
                              size["batch"], size["lr"], seed=7)
    runs = {}
    for i, variant in enumerate(training.VARIANTS):
        ctx.progress(0.1 + 0.2 * i, f"training: {variant}")
        runs[variant] = training.train(task, variant)
        run = runs[variant]
        ctx.metric(f"final_loss[{variant}]", round(sum(run.losses[-20:]) / 20, 5))
        ctx.metric(f"lost_updates[{variant}]", run.lost_updates)
        ctx.metric(f"lost_update_fraction[{variant}]", round(run.lost_fraction, 4))
    ref = runs["fp32"].losses
    gaps = {v: training.max_relative_gap(runs[v].losses, ref) for v in training.VARIANTS[1:]}
    for variant, gap in gaps.items():
        ctx.metric(f"curve_gap_vs_fp32[{variant}]", round(gap, 5))
    ctx.metric("skipped_steps[fp16_autocast_scaler]", runs["fp16_autocast_scaler"].skipped_steps)
    ctx.log("pure fp16 lost " f"{runs['fp16_pure'].lost_updates:,} of {runs['fp16_pure'].intended_updates:,} updates")
    return [
        checks.fp32_learns(runs["fp32"]),
        checks.follows("bf16_autocast_follows_fp32", gaps["bf16_autocast"], "bf16 autocast"),
        checks.follows("fp16_autocast_with_scaler_follows_fp32", gaps["fp16_autocast_scaler"],
                       "fp16 autocast + GradScaler"),
        checks.master_weights_keep_updates(runs["bf16_autocast"]),
        checks.pure_fp16_loses(runs["fp16_pure"]),
    ]


def _throughput_check(ctx: LabContext, size: dict):
    if ctx.device != "cuda":
        return checks.bf16_speedup(None)
    bf16, fp32 = throughput.bf16_vs_fp32(size["matmul_n"])
    ctx.metric("matmul_tflops[bf16]", round(bf16, 1), "TFLOP/s")
    ctx.metric("matmul_tflops[fp32]", round(fp32, 1), "TFLOP/s")
    return checks.bf16_speedup(bf16 / fp32)


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    layout_bits = ctx.pick(formats.layout_bits, exercise, "layout_bits")
    unscale = ctx.pick(formats.unscale, exercise, "unscale")
    ctx.progress(0.0, "formats: bits, range, overflow, underflow")
    found = _format_checks(ctx, layout_bits, unscale)
    found += _training_checks(ctx, size)
    ctx.progress(0.9, "matmul throughput")
    found.append(_throughput_check(ctx, size))
    ctx.progress(1.0, "done")
    return found
