"""Memory lab: runs the experiment and returns its checks."""
from __future__ import annotations

import gc

import torch

from labs import corpus, tinyllama
from labs.memory import accounting, activations, checks, exercise, formulas, peak
from labs.memory.int8_adam import BLOCK
from labs.protocol import LabContext

SIZES = {
    # batches are (batch, sequence length); track is (steps, batch, sequence length)
    "quick": dict(model=dict(vocab=256, hidden=128, layers=4, heads=4, kv_heads=2, intermediate=344),
                  count_batch=(2, 32), act_batch=(4, 128), accum_batch=(8, 64), micro=4,
                  track=(20, 2, 64), track_lr=3e-3, peak_batch=(4, 128), min_ckpt_factor=3.0),
    "full": dict(model=dict(vocab=32000, hidden=1024, layers=8, heads=16, kv_heads=8, intermediate=2816),
                 count_batch=(2, 128), act_batch=(4, 512), accum_batch=(8, 512), micro=4,
                 track=(60, 8, 256), track_lr=1e-3, peak_batch=(8, 1024), min_ckpt_factor=3.0),
}


def _token_batches(device: str, count: int, batch: int, seq: int) -> list[torch.Tensor]:
    """Consecutive windows of the bundled document's UTF-8 bytes (ids < 256 fit every vocab here)."""
    data = torch.tensor(list(corpus.load_text().encode("utf-8")), dtype=torch.long)
    out, pos = [], 0
    for _ in range(count):
        if pos + batch * seq > data.numel():
            pos = 0
        out.append(data[pos:pos + batch * seq].view(batch, seq).to(device))
        pos += batch * seq
    return out


def _formula_checks(ctx: LabContext, cfg, size, impl) -> list:
    inference_bytes, training_bytes, int8_state_bytes = impl
    n = tinyllama.params_from_config(cfg)
    ctx.metric("params", n)
    ids = _token_batches(ctx.device, 1, *size["count_batch"])[0]
    fp16 = accounting.fp16_inference(cfg, ctx.device)
    adamw = accounting.adamw_mixed_precision(cfg, ids)
    sgd = accounting.sgd_momentum_fp32(cfg, ids)
    int8, numels = accounting.int8_adam_states(cfg, ids)
    for label, counted in (("fp16_inference", fp16), ("adamw_mixed", adamw), ("sgd_momentum", sgd),
                           ("int8_adam_states", int8)):
        ctx.metric(f"bytes_per_param[{label}]", round(counted.total / n, 4), "B")
    return [
        checks.bytes_match("fp16_inference_2_bytes_per_param", fp16, inference_bytes(n, "fp16"), n,
                           "fp16 inference keeps only the weights"),
        checks.bytes_match("adamw_mixed_precision_16_bytes_per_param", adamw, training_bytes(n, "adamw", True), n,
                           "AdamW with mixed precision"),
        checks.bytes_match("sgd_momentum_12_bytes_per_param", sgd, training_bytes(n, "sgd_momentum", False), n,
                           "SGD with momentum in fp32"),
        checks.int8_states(int8, int8_state_bytes(numels, BLOCK), n),
    ]


def _activation_checks(ctx: LabContext, model, size) -> list:
    b, s = size["act_batch"]
    ids = _token_batches(ctx.device, 1, b, s)[0]
    half, _ = activations.step_activations(model, ids[: b // 2])
    plain, grads = activations.step_activations(model, ids)
    activations.set_checkpointing(model, True)
    ckpt, ckpt_grads = activations.step_activations(model, ids)
    activations.set_checkpointing(model, False)
    ctx.metric("activation_bytes", plain, "B")
    ctx.metric("activation_bytes[checkpointing]", ckpt, "B")
    ctx.progress(0.6, "gradient accumulation")
    big = _token_batches(ctx.device, 1, *size["accum_batch"])[0]
    full_bytes, full_grads = activations.step_activations(model, big)
    micro_peak, acc_grads = activations.accumulated(model, big, size["micro"])
    ctx.metric("activation_bytes[accumulation micro-batch]", micro_peak, "B")
    return [
        checks.scales_with_batch(half, plain),
        checks.checkpointing_cuts(plain, ckpt, size["min_ckpt_factor"]),
        checks.same_gradients("checkpointing_keeps_gradients", activations.relative_difference(ckpt_grads, grads),
                              "recomputing activations gives the same gradients"),
        checks.same_gradients("accumulation_matches_big_batch_gradient",
                              activations.relative_difference(acc_grads, full_grads),
                              f"{size['micro']} micro-batches of loss/{size['micro']} sum to the big batch's gradient"),
        checks.accumulation_lowers_peak(full_bytes, micro_peak, size["micro"]),
    ]


def _peak_check(ctx: LabContext, cfg, size):
    gc.collect()  # models of the earlier steps must not linger in the measured memory
    if ctx.device == "cuda":
        torch.cuda.empty_cache()
        ctx.metric("cuda_allocated_before_peak_model", torch.cuda.memory_allocated(), "B")
    model = tinyllama.build(cfg, seed=3, device=ctx.device)
    ids = _token_batches(ctx.device, 1, *size["peak_batch"])[0]
    result = peak.training_step_peak(model, ids, cfg.vocab_size)
    for key in ("resident", "activations", "loss_gradients", "predicted_total", "measured_total",
                "predicted_above_start", "measured_above_start"):
        ctx.metric(f"peak.{key}", getattr(result, key), "B")
    return checks.peak_matches(result)


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    cfg = tinyllama.config(**size["model"], max_positions=2048)
    impl = tuple(ctx.pick(getattr(formulas, n), exercise, n)
                 for n in ("inference_bytes", "training_bytes", "int8_state_bytes"))
    ctx.progress(0.0, "counting bytes of weights, gradients and optimizer states")
    found = _formula_checks(ctx, cfg, size, impl)
    ctx.progress(0.2, "8-bit AdamW vs AdamW")
    steps, b, s = size["track"]
    adamw, int8 = accounting.adam_tracking(cfg, _token_batches(ctx.device, steps, b, s),
                                            lr=size["track_lr"])
    ctx.metric("final_loss[adamw]", round(adamw[-1], 4))
    ctx.metric("final_loss[int8_adamw]", round(int8[-1], 4))
    found.append(checks.int8_tracks(adamw, int8))
    ctx.progress(0.4, "activations: saved-tensor hooks, checkpointing")
    found += _activation_checks(ctx, tinyllama.build(cfg, seed=5, device=ctx.device), size)
    ctx.progress(0.8, "predicted vs measured peak of a training step")
    found.append(_peak_check(ctx, cfg, size))
    ctx.progress(1.0, "done")
    return found
