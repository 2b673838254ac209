"""FLOPs lab: formulas vs torch's counter, then FLOPS measured on this device."""
from __future__ import annotations

import torch

from labs import tinyllama
from labs.flops import checks, counting, exercise, formulas
from labs.protocol import LabContext, graded

# name: (vocab, hidden, layers, heads, kv_heads, intermediate), batch, seq; counted on the meta device
CASES = {
    "tiny MHA": ((96, 64, 2, 4, 4, 172), 2, 24),
    "tiny GQA": ((128, 96, 3, 6, 2, 256), 3, 17),
    "Llama-2-7B": ((32000, 4096, 32, 32, 32, 11008), 4, 256),
}
SHORT_CONTEXT = "Llama-2-7B"  # 6·N·D is judged on this case
SIZES = {
    "quick": dict(timed=(128, 128, 2, 4, 4, 344), batch=4, seq=64, n=256, repeats=5, dtype=torch.float32),
    "full": dict(timed=(32000, 2048, 8, 16, 16, 5504), batch=8, seq=1024, n=4096, repeats=10,
                 dtype=torch.bfloat16),
}
DATASHEET_PEAK = {"H100": 989e12, "H200": 989e12, "A100": 312e12, "L40S": 362e12, "A10": 125e12}  # bf16 dense


def _cfg(shape):
    vocab, hidden, layers, heads, kv_heads, inter = shape
    return tinyllama.config(vocab, hidden, layers, heads, kv_heads, inter, max_positions=8192)


def _impl(ctx: LabContext):
    names = ("matmul_flops", "attention_flops", "llama_forward_flops", "training_step_flops", "six_n_d")
    return {n: ctx.pick(getattr(formulas, n), exercise, n) for n in names}


def _formula_checks(ctx: LabContext, impl: dict) -> list:
    shapes = [(3, 5, 7), (64, 128, 32), (1, 1000, 1), (4096, 4096, 11008)]
    matmuls = {f"{m}x{k} @ {k}x{n}": ((m, k, n), counting.matmul(m, k, n)) for m, k, n in shapes}
    attention = {}
    for b, h, s, hd in [(1, 1, 8, 4), (2, 4, 33, 16), (1, 32, 2048, 128)]:
        for causal in (False, True):
            attention[f"b={b} h={h} s={s} d={hd}{' causal' if causal else ''}"] = \
                ((b, h, s, hd), counting.attention(b, h, s, hd, causal))
    ctx.progress(0.15, "counting forward and backward passes on the meta device")
    forward, training = {}, {}
    for label, (shape, batch, seq) in CASES.items():
        cfg = _cfg(shape)
        fwd, bwd = counting.forward_and_backward(cfg, batch, seq)
        forward[label] = ((cfg, batch, seq), fwd)
        training[label] = ((cfg, batch, seq), fwd + bwd)
        ctx.metric(f"forward_gflops[{label}, {batch}x{seq}]", round(fwd / 1e9, 3), "GFLOP")
    (cfg, batch, seq), train_flops = training[SHORT_CONTEXT]
    n_params = tinyllama.params_from_config(cfg)
    ctx.metric("llama2_7b_params", n_params)
    ctx.metric("llama2_7b_train_tflops_per_step", round(train_flops / 1e12, 2), "TFLOP")
    return [
        graded("matmul_flops_match_counter", lambda: checks.formula_matches_counter(
            "matmul_flops_match_counter", matmuls, impl["matmul_flops"], "torch.mm"),
            expected="equal", why="matmul FLOPs"),
        graded("attention_flops_match_counter", lambda: checks.formula_matches_counter(
            "attention_flops_match_counter", attention, impl["attention_flops"], "SDPA (MATH backend)"),
            expected="equal", why="attention FLOPs"),
        graded("forward_flops_match_counter", lambda: checks.formula_matches_counter(
            "forward_flops_match_counter", forward, impl["llama_forward_flops"], "LlamaForCausalLM forward"),
            expected="equal", why="forward FLOPs"),
        graded("training_step_flops_match_counter", lambda: checks.formula_matches_counter(
            "training_step_flops_match_counter", training, impl["training_step_flops"],
            "forward + backward of a cross-entropy loss"), expected="equal", why="training FLOPs"),
        graded("six_n_d_close_at_short_context", lambda: checks.six_n_d_close(
            impl["six_n_d"](n_params, batch * seq), train_flops, f"{SHORT_CONTEXT}, {batch}x{seq} tokens"),
            expected="1 ± 0.05", why="6·N·D"),
    ]


def _measured_checks(ctx: LabContext, size: dict) -> list:
    cfg = _cfg(size["timed"])
    fwd, bwd = counting.forward_and_backward(cfg, 2, 16, device="cpu")
    default = counting.forward(cfg, 2, 16, device="cpu", math_attention=False)
    ctx.progress(0.5, f"timing {size['n']}² and {2 * size['n']}² matmuls")
    dtype, device, n = size["dtype"], ctx.device, size["n"]
    t_n = counting.matmul_seconds(n, device, dtype, size["repeats"])
    t_2n = counting.matmul_seconds(2 * n, device, dtype, size["repeats"])
    peak = formulas.matmul_flops(2 * n, 2 * n, 2 * n) / t_2n
    ctx.metric("matmul_tflops_per_s", round(peak / 1e12, 4), "TFLOP/s")
    ctx.progress(0.75, "timing training steps of a small Llama")
    step_flops = formulas.training_step_flops(cfg, size["batch"], size["seq"])
    t_step = counting.training_step_seconds(cfg, size["batch"], size["seq"], device, dtype, size["repeats"])
    achieved = step_flops / t_step
    ctx.metric("train_step_tflops_per_s", round(achieved / 1e12, 4), "TFLOP/s")
    ctx.metric("mfu_vs_measured_matmul", round(achieved / peak, 3))
    ctx.log(f"training step: {step_flops / 1e9:.2f} GFLOP in {t_step * 1e3:.1f} ms = {achieved / 1e12:.3f} "
            f"TFLOP/s; a big matmul reaches {peak / 1e12:.3f} TFLOP/s (MFU {achieved / peak:.0%})")
    if device == "cuda":
        name = torch.cuda.get_device_name(0)
        for key, flops in DATASHEET_PEAK.items():
            if key in name and dtype == torch.bfloat16:
                ctx.metric("datasheet_bf16_tflops_per_s", flops / 1e12, "TFLOP/s")
                ctx.metric("mfu_vs_datasheet", round(achieved / flops, 3))
                break
    return [checks.backward_twice_forward(fwd, bwd), checks.time_grows_as_n_cubed(n, t_n, t_2n),
            checks.sdpa_hidden(default, fwd)]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = _impl(ctx)
    ctx.progress(0.0, "counting matmul and attention FLOPs")
    found = _formula_checks(ctx, impl)
    found += _measured_checks(ctx, size)
    ctx.progress(1.0, "done")
    return found
