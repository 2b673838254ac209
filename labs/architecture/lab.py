"""Architecture lab: runs the checks on the reference or the learner's exercise.py and returns them."""
from __future__ import annotations

import time

import torch
from transformers import BloomConfig, BloomModel

from labs.architecture import checks, exercise, reference
from labs.protocol import Check, LabContext, demo, graded

SIZES = {
    "quick": dict(rows=256, hidden=512, rope_seq=64, max_position=4096, alibi_seq=64, layer_hidden=64,
                  big=("Llama-2-7B", checks.LLAMA2_7B)),
    "full": dict(rows=4096, hidden=8192, rope_seq=4096, max_position=131072, alibi_seq=2048, layer_hidden=1024,
                 big=("Llama-2-70B", checks.LLAMA2_70B)),
}
FUNCTIONS = ("rms_norm", "apply_rope", "alibi_slopes", "pre_norm_block", "post_norm_block", "llama_param_count")


def _implementation(ctx: LabContext) -> dict:
    return {name: ctx.pick(getattr(reference, name), exercise, name) for name in FUNCTIONS}


def _graded(name: str, compute) -> Check:
    return graded(name, compute, expected="your function runs", why=f"{name}: your exercise.py raised")


def _bloom_layout() -> dict:
    """What BLOOM puts where, read from a tiny model's module names."""
    model = BloomModel(BloomConfig(vocab_size=64, hidden_size=32, n_layer=1, n_head=4))
    return {"embedding_layernorm": hasattr(model, "word_embeddings_layernorm"),
            "position_embedding_table": any("position" in n for n, _ in model.named_parameters()),
            "norm": type(model.ln_f).__name__}


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = _implementation(ctx)
    gen = torch.Generator().manual_seed(2024)
    dev = ctx.device
    ctx.progress(0.0, "norms and position encodings")
    found = [
        _graded("rms_norm_matches_llama",
                lambda: checks.rms_norm_matches_llama(impl["rms_norm"], size["rows"], size["hidden"], gen, dev)),
        _graded("rope_matches_transformers",
                lambda: checks.rope_matches_transformers(impl["apply_rope"], size["rope_seq"],
                                                         size["max_position"], gen, dev)),
        _graded("rope_scores_depend_on_offset_only",
                lambda: checks.rope_scores_depend_on_offset_only(impl["apply_rope"], gen, dev)),
        _graded("alibi_slopes_match_bloom", lambda: checks.alibi_slopes_match_bloom(impl["alibi_slopes"])),
        checks.bloom_alibi_is_a_relative_bias_after_softmax(size["alibi_seq"], gen),
    ]
    ctx.progress(0.4, "pre-norm (Llama) and post-norm (BERT) layers")
    found += [
        _graded("llama_layer_rebuilt_with_pre_norm",
                lambda: checks.llama_layer_rebuilt_with_pre_norm(impl["pre_norm_block"], size["layer_hidden"],
                                                                 gen, dev)),
        _graded("bert_layer_rebuilt_with_post_norm",
                lambda: checks.bert_layer_rebuilt_with_post_norm(impl["post_norm_block"], size["layer_hidden"],
                                                                 gen, dev)),
    ]
    ctx.progress(0.6, "parameter counts on the meta device")
    label, shape = size["big"]
    for name, (tag, spec) in (("llama2_7b_params_match_meta_model", (label, shape)),
                              ("gqa_tied_params_match_meta_model", ("Llama-3.2-1B (GQA, tied)", checks.LLAMA32_1B))):
        t0 = time.perf_counter()
        config, measured = checks.meta_model_params(spec)
        ctx.metric(f"params[{tag}]", measured)
        ctx.log(f"{tag}: {measured:,} parameters on the meta device ({time.perf_counter() - t0:.1f} s), "
                f"{2 * measured / 2**30:.1f} GiB in bf16")
        found.append(_graded(name, lambda c=config, m=measured, n=name, t=tag:
                             checks.params_match_meta_model(n, impl["llama_param_count"], c, m, t)))
    found.append(demo("bloom_layout", shown=_bloom_layout(),
                      why="BLOOM: LayerNorm (with bias) also right after the word embedding, no position table "
                          "(ALiBi instead); Llama: RMSNorm, RoPE, SwiGLU, no biases"))
    ctx.progress(1.0, "done")
    return found
