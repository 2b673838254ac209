"""Long-context lab: runs the checks on the reference or the learner's exercise.py and returns them."""
from __future__ import annotations

import torch

from labs.protocol import Check, LabContext, demo, graded

from . import checks, exercise, reference

SIZES = {
    "quick": dict(attn_lens=(32, 96), cache_len=40, sdpa_lens=(256, 512, 1024), sdpa_heads=4, sdpa_dim=32,
                  trained_len=512, target_len=2048, rope_positions=2048),
    "full": dict(attn_lens=(256, 1024), cache_len=2048, sdpa_lens=(2048, 4096, 8192), sdpa_heads=16, sdpa_dim=64,
                 trained_len=4096, target_len=32768, rope_positions=32768),
}
FUNCTIONS = ("attention_matrix_bytes", "kv_cache_bytes", "rope_angles")
HEADS, KV_HEADS = 8, 2
LLAMA2_7B = dict(layers=32, kv_heads=32, head_dim=128)
LLAMA2_70B = dict(layers=80, kv_heads=8, head_dim=128)


def _graded(name: str, compute) -> Check:
    return graded(name, compute, expected="your function runs", why=f"{name}: your exercise.py raised")


def _memory_checks(ctx: LabContext, size: dict) -> list[Check]:
    lens = size["sdpa_lens"]
    args = (1, size["sdpa_heads"])
    math_peaks, fused_peaks, worst = [], [], 0.0
    fused = checks.fused_backend(ctx.device)
    for n in lens:
        math_peak, math_out = checks.sdpa_peak_bytes(checks.SDPBackend.MATH, *args, n, size["sdpa_dim"], ctx.device)
        fused_peak, fused_out = checks.sdpa_peak_bytes(fused, *args, n, size["sdpa_dim"], ctx.device)
        worst = max(worst, float((math_out - fused_out).abs().max()))
        math_peaks.append(math_peak)
        fused_peaks.append(fused_peak)
        ctx.metric(f"sdpa_peak_bytes[math,n={n}]", math_peak, "B")
        ctx.metric(f"sdpa_peak_bytes[{fused.name.lower()},n={n}]", fused_peak, "B")
        ctx.log(f"n={n}: math {math_peak / 2**20:.1f} MiB, {fused.name.lower()} {fused_peak / 2**20:.2f} MiB")
    return [checks.math_attention_memory_grows_quadratically(lens, math_peaks),
            checks.fused_attention_memory_grows_linearly(lens, fused_peaks, fused.name.lower()),
            checks.fused_and_math_attention_agree(worst)]


def run(ctx: LabContext) -> list[Check]:
    size = SIZES[ctx.mode]
    impl = {name: ctx.pick(getattr(reference, name), exercise, name) for name in FUNCTIONS}
    torch.manual_seed(0)
    dev = ctx.device
    ctx.progress(0.0, "attention weights and KV caches of tiny Llamas")
    fp32_gqa = checks.tiny_llama(HEADS, KV_HEADS, torch.float32, dev)
    fp32_mha = checks.tiny_llama(HEADS, HEADS, torch.float32, dev)
    bf16_mha = checks.tiny_llama(HEADS, HEADS, torch.bfloat16, dev)
    cases = []
    for model in (fp32_gqa, bf16_mha):
        for n in size["attn_lens"]:
            weights = checks.attention_weights(model, 2, n)[0]
            cases.append((2, HEADS, n, model.dtype.itemsize, weights.nbytes))
    gqa = checks.measure_cache(fp32_gqa, 3, size["cache_len"])
    mha = checks.measure_cache(fp32_mha, 3, size["cache_len"])
    bf16 = checks.measure_cache(bf16_mha, 3, size["cache_len"])
    for label, case in (("gqa_fp32", gqa), ("mha_fp32", mha), ("mha_bf16", bf16)):
        ctx.metric(f"kv_cache_bytes[{label}]", case.measured, "B")
    found = [
        _graded("attention_bytes_match_eager_attention_weights",
                lambda: checks.attention_bytes_match(impl["attention_matrix_bytes"], cases)),
        _graded("kv_cache_bytes_match_gqa_cache",
                lambda: checks.kv_cache_bytes_match("kv_cache_bytes_match_gqa_cache", impl["kv_cache_bytes"], gqa,
                                                    f"float32 GQA ({HEADS} query heads)")),
        _graded("kv_cache_bytes_match_bf16_mha_cache",
                lambda: checks.kv_cache_bytes_match("kv_cache_bytes_match_bf16_mha_cache", impl["kv_cache_bytes"],
                                                    bf16, "bfloat16 multi-head")),
    ]
    ctx.progress(0.3, "RoPE angles, plain and interpolated")
    positions = torch.randperm(size["rope_positions"], generator=torch.Generator().manual_seed(1))[:256].sort().values
    found += [
        _graded("rope_angles_match_transformers",
                lambda: checks.rope_angles_match("rope_angles_match_transformers", impl["rope_angles"], positions,
                                                 128, 10000.0, 1.0)),
        _graded("rope_angles_match_linear_scaling",
                lambda: checks.rope_angles_match("rope_angles_match_linear_scaling", impl["rope_angles"], positions,
                                                 128, 500000.0, 4.0)),
        _graded("interpolated_angles_stay_in_trained_range",
                lambda: checks.interpolated_angles_stay_in_trained_range(
                    impl["rope_angles"], size["trained_len"], size["target_len"], 128, 10000.0)),
    ]
    ctx.progress(0.5, "peak memory of SDPA kernels")
    found += _memory_checks(ctx, size)
    found.append(checks.gqa_cache_shrinks_by_the_head_ratio(mha, gqa, HEADS))
    shown = {name: f"{reference.kv_cache_bytes(1, 4096, bytes_per_element=2, **shape) / 2**30:.2f} GiB"
             for name, shape in (("Llama-2-7B", LLAMA2_7B), ("Llama-2-70B", LLAMA2_70B))}
    found.append(demo("kv_cache_at_4k_tokens", shown=shown,
                      why="reference formula, bf16, batch 1, 4,096 tokens: with 8 shared KV heads (GQA) "
                          "Llama-2-70B's cache is smaller than Llama-2-7B's"))
    ctx.progress(1.0, "done")
    return found
