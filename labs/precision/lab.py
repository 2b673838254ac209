"""Precision lab: runs the experiment and returns its checks."""
from __future__ import annotations

import torch

from labs.precision import checks, exercise, formats, peaks, throughput, training
from labs.protocol import LabContext, graded

SIZES = {
    "quick": dict(dim=64, width=128, samples=2048, steps=400, small_steps=160, batch=64, lr=0.01, matmul_n=None),
    "full": dict(dim=512, width=2048, samples=16384, steps=1000, small_steps=300, batch=256, lr=0.01,
                 matmul_n=8192),
}
LOSS_SCALE = 65536.0
LAYOUTS = (("fp16_layout_5_exponent_10_mantissa", torch.float16, (5, 10)),
           ("bf16_layout_8_exponent_7_mantissa", torch.bfloat16, (8, 7)),
           ("fp32_layout_8_exponent_23_mantissa", torch.float32, (8, 23)),
           ("fp64_layout_11_exponent_52_mantissa", torch.float64, (11, 52)))


def _format_checks(ctx: LabContext, layout_bits, unscale) -> list:
    fp16, bf16 = torch.finfo(torch.float16), torch.finfo(torch.bfloat16)
    for name, info in (("fp16", fp16), ("bf16", bf16)):
        ctx.metric(f"{name}_max", float(info.max))
        ctx.metric(f"{name}_eps", float(info.eps))
        ctx.metric(f"{name}_smallest_subnormal", float(info.smallest_normal) * float(info.eps))
    found = [graded(name, lambda n=name, d=dtype, e=expected: checks.layout(n, layout_bits, d, e),
                    expected=list(expected), why=f"your layout_bits raised on torch.finfo({dtype})")
             for name, dtype, expected in LAYOUTS]
    flushed = formats.weight_gradient(checks.TINY_GRAD, torch.float16, 1.0)
    found += [
        checks.fp16_max(float(fp16.max)),
        checks.bf16_max(float(bf16.max)),
        checks.fp16_overflows(formats.cast(65520.0, torch.float16)),
        checks.bf16_keeps_finite(formats.cast(65520.0, torch.bfloat16)),
        checks.grad_flushes(flushed),
        graded("loss_scaling_keeps_grad_1e-8",
               lambda: checks.loss_scaling_keeps(
                   formats.weight_gradient(checks.TINY_GRAD, torch.float16, LOSS_SCALE, unscale), LOSS_SCALE),
               expected=checks.TINY_GRAD, why="your unscale raised"),
    ]
    return found


def _runs(ctx: LabContext, task, step_fn) -> dict:
    runs = {}
    for i, variant in enumerate(training.VARIANTS):
        ctx.progress(0.1 + 0.15 * i, f"training: {variant}")
        try:
            runs[variant] = training.train(task, variant, step_fn)
        except (NotImplementedError, KeyboardInterrupt):
            raise
        except Exception as exc:  # the learner's step failed: its checks fail, the others still run
            if variant not in training.AUTOCAST_DTYPES:
                raise
            runs[variant] = exc
        if isinstance(runs[variant], training.TrainRun):
            run = runs[variant]
            ctx.metric(f"final_loss[{variant}]", round(sum(run.losses[-20:]) / 20, 5))
            ctx.metric(f"lost_updates[{variant}]", run.lost_updates)
            ctx.metric(f"lost_update_fraction[{variant}]", round(run.lost_fraction, 4))
    return runs


def _learner(run):
    if isinstance(run, Exception):
        raise run
    return run


def _training_checks(ctx: LabContext, size: dict, step_fn) -> list:
    task = training.make_task(ctx.device, size["dim"], size["width"], size["samples"], size["steps"],
                              size["batch"], size["lr"], seed=7)
    runs = _runs(ctx, task, step_fn)
    ref = runs["fp32"].losses
    gap = {v: (lambda v=v: training.max_relative_gap(_learner(runs[v]).losses, ref)) for v in training.AUTOCAST_DTYPES
           if v in runs}
    ctx.log("pure fp16 lost " f"{runs['fp16_pure'].lost_updates:,} of {runs['fp16_pure'].intended_updates:,} updates")
    ctx.progress(0.7, "a small-gradient loss: fp16 with and without loss scaling")
    small = task.scaled_down(training.SMALL_LOSS_FACTOR, size["small_steps"])
    small_fp32 = training.train(small, "fp32")
    unscaled = training.train(small, "fp16_autocast_no_scaler")
    ctx.metric("zero_grad_fraction[small loss, fp16 no scaler]", round(unscaled.zero_grad_fraction, 4))
    ctx.metric("zero_grad_fraction[small loss, fp32]", round(small_fp32.zero_grad_fraction, 4))

    def rescued():
        run = training.train(small, "fp16_autocast_scaler", step_fn)
        ctx.metric("zero_grad_fraction[small loss, fp16 + your scaler step]", round(run.zero_grad_fraction, 4))
        return checks.scaler_rescues(training.max_relative_gap(run.losses, small_fp32.losses))

    why = "your amp_train_step raised"
    return [
        graded("amp_step_computes_in_half_precision",
               lambda: checks.computes_in_half({v: _learner(runs[v]) for v in ("bf16_autocast", "fp16_autocast_scaler")}),
               expected="bfloat16 / float16", why=why),
        checks.fp32_learns(runs["fp32"]),
        graded("bf16_autocast_follows_fp32",
               lambda: checks.follows("bf16_autocast_follows_fp32", gap["bf16_autocast"](), "bf16 autocast (your step)"),
               expected=f"<= {checks.CURVE_TOL}", why=why),
        graded("fp16_autocast_with_scaler_follows_fp32",
               lambda: checks.follows("fp16_autocast_with_scaler_follows_fp32", gap["fp16_autocast_scaler"](),
                                      "fp16 autocast + GradScaler (your step)"),
               expected=f"<= {checks.CURVE_TOL}", why=why),
        graded("fp32_master_weights_lose_no_updates",
               lambda: checks.master_weights_keep_updates(_learner(runs["bf16_autocast"])), expected="<= 0.05",
               why=why),
        checks.pure_fp16_loses(runs["fp16_pure"]),
        checks.small_loss_underflows(unscaled),
        graded("gradscaler_rescues_small_loss", rescued, expected=f"<= {checks.CURVE_TOL}", why=why),
    ]


def _throughput_checks(ctx: LabContext, size: dict) -> list:
    if ctx.device != "cuda":
        return [checks.bf16_speedup(None), checks.peak_share(None, None, "on CPU: needs a GPU (run --device cuda)")]
    measured = throughput.measure(size["matmul_n"])
    for dtype, tflops in measured.items():
        ctx.metric(f"matmul_tflops[{dtype}]", round(tflops, 1), "TFLOP/s")
    name = torch.cuda.get_device_name(0)
    found = peaks.lookup(name)
    if found is None:
        share_check = checks.peak_share(None, None, f"{name!r} is not in the table of published peaks (peaks.py)")
    else:
        card, peak = found
        ctx.metric("peak_card", card)
        for dtype, tflops in measured.items():
            ctx.metric(f"matmul_share_of_peak[{dtype}]", round(tflops / peak[dtype], 3))
        share_check = checks.peak_share(measured["bf16"] / peak["bf16"], card)
    return [checks.bf16_speedup(measured["bf16"] / measured["fp32"]), share_check]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    layout_bits = ctx.pick(formats.layout_bits, exercise, "layout_bits")
    unscale = ctx.pick(formats.unscale, exercise, "unscale")
    step_fn = ctx.pick(training.amp_train_step, exercise, "amp_train_step")
    ctx.progress(0.0, "formats: bits, range, overflow, underflow")
    found = _format_checks(ctx, layout_bits, unscale)
    found += _training_checks(ctx, size, step_fn)
    ctx.progress(0.9, "matmul throughput")
    found += _throughput_checks(ctx, size)
    ctx.progress(1.0, "done")
    order = {name: i for i, name in enumerate(checks.NAMES)}
    return sorted(found, key=lambda c: order[c.name])
