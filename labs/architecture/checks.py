"""The architecture lab's checks. Each takes the implementation under test, so a test can hand it a wrong one."""
from __future__ import annotations

import torch
from transformers import BertConfig, LlamaConfig, LlamaForCausalLM
from transformers.models.bert.modeling_bert import BertLayer
from transformers.models.bloom.modeling_bloom import build_alibi_tensor
from transformers.models.llama.modeling_llama import (
    LlamaDecoderLayer,
    LlamaRMSNorm,
    LlamaRotaryEmbedding,
    apply_rotary_pos_emb,
)

from labs.protocol import Check, check_at_most, check_equal, check_true

# Every check the lab returns, in order, demos included (the quick-mode test compares them).
NAMES = (
    "rms_norm_matches_llama",
    "rope_matches_transformers",
    "rope_scores_depend_on_offset_only",
    "alibi_slopes_match_bloom",
    "bloom_alibi_is_a_relative_bias_after_softmax",
    "llama_layer_rebuilt_with_pre_norm",
    "bert_layer_rebuilt_with_post_norm",
    "llama2_7b_params_match_meta_model",
    "gqa_tied_params_match_meta_model",
    "bloom_layout",  # a demo: shown, never counted
)

NORM_TOL = 1e-5  # relative to the row's largest value: both compute in float32
ROPE_TOL = 2e-3  # float32 angles of positions in the thousands differ in their last bits
LAYER_TOL = 1e-5

# Published shapes (config.json of the released checkpoints); the counts come from a meta-device model.
LLAMA2_7B = dict(vocab_size=32000, hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
                 num_attention_heads=32, num_key_value_heads=32, tie_word_embeddings=False)
LLAMA32_1B = dict(vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
                  num_attention_heads=32, num_key_value_heads=8, head_dim=64, tie_word_embeddings=True)
LLAMA2_70B = dict(vocab_size=32000, hidden_size=8192, intermediate_size=28672, num_hidden_layers=80,
                  num_attention_heads=64, num_key_value_heads=8, tie_word_embeddings=False)


def rms_norm_matches_llama(rms_norm, rows: int, hidden: int, gen: torch.Generator, device: str) -> Check:
    """Rows at scales from 1e-3 (where eps matters) to 1e3, a random weight, eps 1e-6."""
    scales = torch.logspace(-3, 3, rows, dtype=torch.float32)[:, None]
    x = (torch.randn(rows, hidden, generator=gen) * scales).to(device)
    reference = LlamaRMSNorm(hidden, eps=1e-6).to(device)
    with torch.no_grad():
        reference.weight.copy_(torch.rand(hidden, generator=gen) + 0.5)
        theirs = reference(x)
        mine = rms_norm(x.clone(), reference.weight.detach().clone(), 1e-6)
    worst = float(((mine - theirs).abs().amax(-1) / theirs.abs().amax(-1)).max())
    return check_at_most("rms_norm_matches_llama", worst, NORM_TOL,
                         why=f"rms_norm equals transformers' LlamaRMSNorm on {rows} rows at scales 1e-3..1e3 "
                             "(largest difference relative to the row's largest value)")


def _transformers_rope(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    heads, head_dim = x.shape[1], x.shape[-1]
    config = LlamaConfig(hidden_size=heads * head_dim, num_attention_heads=heads,
                         rope_parameters={"rope_type": "default", "rope_theta": base})
    rotary = LlamaRotaryEmbedding(config).to(x.device)
    cos, sin = rotary(x, positions[None, :].to(x.device))
    rotated, _ = apply_rotary_pos_emb(x, x, cos, sin)
    return rotated


def rope_matches_transformers(apply_rope, seq: int, max_position: int, gen: torch.Generator,
                              device: str) -> Check:
    worst = 0.0
    for base, heads, head_dim in ((10000.0, 4, 64), (500000.0, 2, 128)):  # Llama 2, Llama 3 theta
        positions = torch.randperm(max_position, generator=gen)[:seq].sort().values
        x = torch.randn(2, heads, seq, head_dim, generator=gen).to(device)
        theirs = _transformers_rope(x, positions, base)
        mine = apply_rope(x.clone(), positions.clone().to(device), base)
        worst = max(worst, float((mine - theirs).abs().max()))
    return check_at_most("rope_matches_transformers", worst, ROPE_TOL,
                         why=f"apply_rope equals transformers' apply_rotary_pos_emb at {seq} scattered positions "
                             f"below {max_position}, theta 1e4 (head_dim 64) and 5e5 (head_dim 128)")


def rope_scores_depend_on_offset_only(apply_rope, gen: torch.Generator, device: str) -> Check:
    """q at position m+o dotted with k at position m must not depend on m, but must depend on o."""
    head_dim = 64
    q = torch.randn(1, 1, 1, head_dim, generator=gen).to(device)
    k = torch.randn(1, 1, 1, head_dim, generator=gen).to(device)
    starts, offsets = (0, 7, 130, 1000, 2500), (0, 1, 5, 33, 200)
    table = torch.zeros(len(offsets), len(starts))
    for i, o in enumerate(offsets):
        for j, m in enumerate(starts):
            rq = apply_rope(q, torch.tensor([m + o], device=device))
            rk = apply_rope(k, torch.tensor([m], device=device))
            table[i, j] = float((rq * rk).sum())
    scale = float(q.norm() * k.norm())
    spread_same_offset = float((table.amax(1) - table.amin(1)).max()) / scale
    spread_across_offsets = float(table[:, 0].max() - table[:, 0].min()) / scale
    ok = spread_same_offset <= 1e-4 and spread_across_offsets >= 0.05
    return check_true("rope_scores_depend_on_offset_only", ok,
                      expected="same offset: spread <= 1e-4; different offsets: spread >= 0.05 (relative to |q||k|)",
                      measured={"same_offset_spread": round(spread_same_offset, 7),
                                "across_offsets_spread": round(spread_across_offsets, 4)},
                      why="with RoPE, q_{m+o}.k_m depends on the offset o only, never on the start m: a relative "
                          "position encoding built from absolute rotations")


def alibi_slopes_match_bloom(alibi_slopes, head_counts=(8, 12, 16, 20, 112)) -> Check:
    worst, wrong_shape = 0.0, []
    for heads in head_counts:
        bloom = build_alibi_tensor(torch.ones(1, 4), heads, torch.float32).reshape(heads, 4)
        mine = torch.as_tensor(alibi_slopes(heads), dtype=torch.float32).flatten().cpu()
        if mine.shape != (heads,):
            wrong_shape.append(heads)
            continue
        worst = max(worst, float((mine - bloom[:, 1]).abs().max()))
    if wrong_shape:
        return check_true("alibi_slopes_match_bloom", False, expected="one slope per head",
                          measured=f"wrong shape for {wrong_shape} heads", why="ALiBi gives each head one slope")
    return check_at_most("alibi_slopes_match_bloom", worst, 1e-7,
                         why=f"alibi_slopes equals the slopes inside bloom's build_alibi_tensor for {head_counts} "
                             "heads (12, 20 and 112 are not powers of two; BLOOM-176B has 112)")


def bloom_alibi_is_a_relative_bias_after_softmax(seq: int, gen: torch.Generator,
                                                 alibi_tensor=build_alibi_tensor) -> Check:
    """BLOOM adds slope*j (key position) instead of -slope*(i-j); per query row they differ by a constant."""
    heads = 8
    bloom = alibi_tensor(torch.ones(1, seq), heads, torch.float32).reshape(heads, 1, seq)
    slopes = bloom[:, 0, 1]
    i = torch.arange(seq)[:, None]
    j = torch.arange(seq)[None, :]
    relative = -slopes[:, None, None] * (i - j)
    causal = j > i
    scores = torch.randn(heads, seq, seq, generator=gen)
    theirs = (scores + bloom).masked_fill(causal, float("-inf")).softmax(-1)
    paper = (scores + relative).masked_fill(causal, float("-inf")).softmax(-1)
    worst = float((theirs - paper).abs().max())
    return check_at_most("bloom_alibi_is_a_relative_bias_after_softmax", worst, 1e-5,
                         why="softmax ignores a per-row constant, so BLOOM's slope*j bias gives the same attention "
                             "as the paper's -slope*(i-j) distance penalty (transformers vs the closed form)")


def _llama_layer(hidden: int, device: str, gen: torch.Generator):
    config = LlamaConfig(hidden_size=hidden, intermediate_size=2 * hidden, num_attention_heads=4,
                         num_key_value_heads=2, attention_dropout=0.0)
    config._attn_implementation = "eager"
    torch.manual_seed(int(torch.randint(0, 2**31, (1,), generator=gen)))
    layer = LlamaDecoderLayer(config, layer_idx=0).to(device).eval()
    with torch.no_grad():
        for norm in (layer.input_layernorm, layer.post_attention_layernorm):
            norm.weight.uniform_(0.5, 1.5)
    return config, layer


def llama_layer_rebuilt_with_pre_norm(pre_norm_block, hidden: int, gen: torch.Generator, device: str) -> Check:
    config, layer = _llama_layer(hidden, device, gen)
    x = (torch.randn(2, 12, hidden, generator=gen) * 3).to(device)
    positions = torch.arange(12, device=device)[None, :]
    cos_sin = LlamaRotaryEmbedding(config).to(device)(x, positions)
    mask = torch.full((12, 12), float("-inf"), device=device).triu(1)[None, None]
    with torch.no_grad():
        theirs = layer(x, attention_mask=mask, position_ids=positions, position_embeddings=cos_sin)
        theirs = theirs[0] if isinstance(theirs, tuple) else theirs

        def attention(h):
            return layer.self_attn(h, position_embeddings=cos_sin, attention_mask=mask)[0]

        h = pre_norm_block(x.clone(), layer.input_layernorm, attention)
        mine = pre_norm_block(h, layer.post_attention_layernorm, layer.mlp)
    worst = float((mine - theirs).abs().max() / theirs.abs().max())
    return check_at_most("llama_layer_rebuilt_with_pre_norm", worst, LAYER_TOL,
                         why="two of your pre_norm_blocks (attention, then MLP) rebuild transformers' "
                             "LlamaDecoderLayer: Llama normalises the branch input and keeps the residual path clean")


def bert_layer_rebuilt_with_post_norm(post_norm_block, hidden: int, gen: torch.Generator, device: str) -> Check:
    config = BertConfig(hidden_size=hidden, num_attention_heads=4, intermediate_size=2 * hidden,
                        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    config._attn_implementation = "eager"
    torch.manual_seed(int(torch.randint(0, 2**31, (1,), generator=gen)))
    layer = BertLayer(config).to(device).eval()
    x = (torch.randn(2, 12, hidden, generator=gen) * 3).to(device)
    with torch.no_grad():
        theirs = layer(x)
        theirs = theirs[0] if isinstance(theirs, tuple) else theirs

        def attention(h):
            return layer.attention.output.dense(layer.attention.self(h)[0])

        def feed_forward(h):
            return layer.output.dense(layer.intermediate(h))

        h = post_norm_block(x.clone(), layer.attention.output.LayerNorm, attention)
        mine = post_norm_block(h, layer.output.LayerNorm, feed_forward)
    worst = float((mine - theirs).abs().max() / theirs.abs().max())
    return check_at_most("bert_layer_rebuilt_with_post_norm", worst, LAYER_TOL,
                         why="two of your post_norm_blocks rebuild transformers' BertLayer: BERT (like the original "
                             "Transformer) normalises after the residual sum")


def meta_model_params(shape: dict) -> tuple[LlamaConfig, int]:
    """Builds the model on the meta device: every tensor has a shape and no storage."""
    config = LlamaConfig(**shape)
    with torch.device("meta"):
        model = LlamaForCausalLM(config)
    return config, sum(p.numel() for p in model.parameters())


def params_match_meta_model(name: str, llama_param_count, config: LlamaConfig, measured: int, label: str) -> Check:
    return check_equal(name, int(llama_param_count(config)), measured,
                       why=f"your llama_param_count for {label} equals the parameters of LlamaForCausalLM built "
                           "on the meta device (shapes only, no memory)")
