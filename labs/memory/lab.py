"""Memory lab: runs the experiment and returns its checks."""
from __future__ import annotations

import gc

import torch

from labs import corpus, tinyllama
from labs.memory import accounting, activations, checks, exercise, formulas, peak
from labs.memory.int8_adam import BLOCK
from labs.protocol import LabContext, graded

# `model` is counted and trained; `act_model` has a vocabulary large against its width, so that the
# loss's share of activations (and of the peak) is well above the 5 % bound of the checks using it.
SIZES = {
    # batches are (batch, sequence length); track is (steps, batch, sequence length)
    "quick": dict(model=dict(vocab=256, hidden=128, layers=4, heads=4, kv_heads=2, intermediate=344),
                  act_model=dict(vocab=1024, hidden=64, layers=4, heads=4, kv_heads=2, intermediate=172),
                  count_batch=(2, 32), act_batches=((4, 128), (2, 8)), accum_batch=(8, 64), micro=4,
                  track=(20, 2, 64), track_lr=3e-3, peak_batch=(4, 128)),
    # kv_heads == heads on the GPU: with grouped-query attention some SDPA kernels fall back to the math
    # one, which keeps the s x s attention matrix
    "full": dict(model=dict(vocab=32000, hidden=1024, layers=8, heads=16, kv_heads=8, intermediate=2816),
                 act_model=dict(vocab=32000, hidden=1024, layers=8, heads=16, kv_heads=16, intermediate=2816),
                 count_batch=(2, 128), act_batches=((4, 512), (2, 16)), accum_batch=(8, 512), micro=4,
                 track=(60, 8, 256), track_lr=1e-3, peak_batch=(8, 1024)),
}
FUNCTIONS = ("inference_bytes", "training_bytes", "int8_state_bytes", "activation_bytes", "step_peak_bytes",
             "accumulate_gradients")
REFERENCE = {**{n: getattr(formulas, n) for n in FUNCTIONS[:5]}, "accumulate_gradients": activations.accumulate_gradients}


def _token_batches(device: str, count: int, batch: int, seq: int) -> list[torch.Tensor]:
    """Consecutive windows of the bundled document's UTF-8 bytes (ids < 256 fit every vocab here)."""
    data = torch.tensor(list(corpus.load_text().encode("utf-8")), dtype=torch.long)
    out, pos = [], 0
    for _ in range(count):
        if pos + batch * seq > data.numel():
            pos = 0
        out.append(data[pos:pos + batch * seq].view(batch, seq).clone().to(device))  # own storage: counted alone
        pos += batch * seq
    return out


def _formula_checks(ctx: LabContext, cfg, size, impl) -> list:
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
    why = "your formula raised"
    return [
        graded("fp16_inference_2_bytes_per_param", lambda: checks.bytes_match(
            "fp16_inference_2_bytes_per_param", fp16, impl["inference_bytes"](n, "fp16"), n,
            "fp16 inference keeps only the weights"), expected=fp16.total, why=why),
        graded("adamw_mixed_precision_16_bytes_per_param", lambda: checks.bytes_match(
            "adamw_mixed_precision_16_bytes_per_param", adamw, impl["training_bytes"](n, "adamw", True), n,
            "AdamW with mixed precision"), expected=adamw.total, why=why),
        graded("sgd_momentum_12_bytes_per_param", lambda: checks.bytes_match(
            "sgd_momentum_12_bytes_per_param", sgd, impl["training_bytes"](n, "sgd_momentum", False), n,
            "SGD with momentum in fp32"), expected=sgd.total, why=why),
        graded("int8_adam_state_bytes", lambda: checks.int8_states(int8, impl["int8_state_bytes"](numels, BLOCK), n),
               expected=int8.total, why=why),
    ]


def _dims(cfg) -> dict:
    return dict(hidden=cfg.hidden_size, intermediate=cfg.intermediate_size, heads=cfg.num_attention_heads,
                kv_heads=cfg.num_key_value_heads, vocab=cfg.vocab_size, layers=cfg.num_hidden_layers)


def _activation_formula_check(ctx: LabContext, act_cfg, size, impl):
    model = tinyllama.build(act_cfg, seed=5, device=ctx.device)
    dims = _dims(act_cfg)

    def compute():
        cases = []
        for checkpointed in (False, True):
            activations.set_checkpointing(model, checkpointed)
            for b, s in size["act_batches"]:
                predicted = impl["activation_bytes"](b, s, **dims, checkpointed=checkpointed)  # before the run
                measured, _ = activations.step_activations(model, _token_batches(ctx.device, 1, b, s)[0])
                label = f"{b}x{s}{' checkpointed' if checkpointed else ''}"
                ctx.metric(f"activation_bytes[{label}]", measured, "B")
                cases.append((label, predicted, measured))
        activations.set_checkpointing(model, False)
        b, s = size["act_batches"][0]
        ctx.metric("loss_term_share_of_activations", round(4 * b * s * dims["vocab"] / cases[0][2], 4))
        return checks.activation_formula(cases)

    return graded("activation_formula_matches_saved_tensors", compute, expected="relative error <= 0.05",
                  why="your activation_bytes raised")


def _gradient_checks(ctx: LabContext, model, size, impl) -> list:
    b, s = size["act_batches"][0]
    ids = _token_batches(ctx.device, 1, b, s)[0]
    plain, grads = activations.step_activations(model, ids)
    activations.set_checkpointing(model, True)
    ckpt, ckpt_grads = activations.step_activations(model, ids)
    activations.set_checkpointing(model, False)
    ctx.metric("saved_bytes[plain]", plain, "B")
    ctx.metric("saved_bytes[checkpointing]", ckpt, "B")
    ctx.progress(0.6, "gradient accumulation")
    big = _token_batches(ctx.device, 1, *size["accum_batch"])[0]
    full_bytes, full_grads = activations.step_activations(model, big)
    k = size["micro"]
    found = {}

    def run_accumulation():
        if "acc" not in found:
            found["acc"] = activations.accumulated(model, big, k, impl["accumulate_gradients"])
            ctx.metric("activation_bytes[accumulation, most held at once]", found["acc"][0], "B")
        return found["acc"]

    why = "your accumulate_gradients raised"
    return [
        checks.same_gradients("checkpointing_keeps_gradients", activations.relative_difference(ckpt_grads, grads),
                              "recomputing activations gives the same gradients"),
        graded("accumulation_matches_big_batch_gradient", lambda: checks.same_gradients(
            "accumulation_matches_big_batch_gradient", activations.relative_difference(run_accumulation()[1], full_grads),
            f"your accumulation over {k} micro-batches gives the big batch's gradient", kind="exercise"),
            expected="<= 1e-05", why=why),
        graded("accumulation_lowers_peak_activations",
               lambda: checks.accumulation_lowers_peak(full_bytes, run_accumulation()[0], k),
               expected=f"<= {1.1 / k:g}", why=why),
    ]


def _peak_checks(ctx: LabContext, act_cfg, size, impl) -> list:
    b, s = size["peak_batch"]
    dims = _dims(act_cfg)
    found = []
    for checkpointed, name in ((False, "predicted_peak_matches_measured"),
                               (True, "checkpointed_peak_matches_prediction")):
        gc.collect()  # models of the earlier steps must not linger in the measured memory
        if ctx.device == "cuda":
            torch.cuda.empty_cache()
        label = "checkpointed" if checkpointed else "plain"

        def compute(checkpointed=checkpointed, name=name, label=label):
            predicted = impl["step_peak_bytes"](impl["activation_bytes"](b, s, **dims, checkpointed=checkpointed),
                                                b, s, dims["vocab"])
            model = tinyllama.build(act_cfg, seed=3, device=ctx.device)
            activations.set_checkpointing(model, checkpointed)
            model.train()
            result = peak.training_step_peak(model, _token_batches(ctx.device, 1, b, s)[0])
            ctx.metric(f"peak_above_start[{label}]", result.measured_above_start, "B")
            ctx.metric(f"peak_predicted[{label}]", predicted, "B")
            ctx.metric(f"saved_bytes[peak step, {label}]", result.saved, "B")
            what = f"one AdamW step at {b}x{s} tokens{' with checkpointing' if checkpointed else ''}"
            return checks.peak_matches(name, predicted, result.measured_above_start, result.how, what)

        found.append(graded(name, compute, expected=f"within {checks.PEAK_TOL:g}",
                            why="your activation_bytes or step_peak_bytes raised"))
    ctx.metric("loss_gradient_share_of_peak", round(2 * 4 * b * s * dims["vocab"] / max(
        ctx.metrics.get("peak_above_start[plain]") or 1, 1), 4))
    return found


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    cfg = tinyllama.config(**size["model"], max_positions=2048)
    act_cfg = tinyllama.config(**size["act_model"], max_positions=2048)
    impl = {n: ctx.pick(REFERENCE[n], exercise, n) for n in FUNCTIONS}
    ctx.progress(0.0, "counting bytes of weights, gradients and optimizer states")
    found = _formula_checks(ctx, cfg, size, impl)
    ctx.progress(0.15, "activations: your formula vs saved-tensor hooks")
    found.append(_activation_formula_check(ctx, act_cfg, size, impl))
    ctx.progress(0.3, "8-bit AdamW vs AdamW")
    steps, b, s = size["track"]
    adamw, int8 = accounting.adam_tracking(cfg, _token_batches(ctx.device, steps, b, s), lr=size["track_lr"])
    ctx.metric("final_loss[adamw]", round(adamw[-1], 4))
    ctx.metric("final_loss[int8_adamw]", round(int8[-1], 4))
    found.append(checks.int8_tracks(adamw, int8))
    ctx.progress(0.5, "checkpointing and accumulation")
    found += _gradient_checks(ctx, tinyllama.build(act_cfg, seed=5, device=ctx.device), size, impl)
    ctx.progress(0.8, "predicted vs measured peak of a training step")
    found += _peak_checks(ctx, act_cfg, size, impl)
    ctx.progress(1.0, "done")
    order = {name: i for i, name in enumerate(checks.NAMES)}
    return sorted(found, key=lambda c: order[c.name])
