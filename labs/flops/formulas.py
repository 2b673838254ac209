"""The lab's reference FLOP formulas (the answers to exercise.py).

A FLOP here is one floating-point multiply or add, so a multiply-accumulate counts 2: the
convention of torch.utils.flop_counter and of the 6·N·D rule. Only matrix products are counted;
norms, activations, softmax and the embedding lookup add O(tokens·hidden) work that the
counter (and this formula) leave out.
"""
from __future__ import annotations


def matmul_flops(m: int, k: int, n: int) -> int:
    """(m x k) @ (k x n): m·n dot products of length k, each k multiplies and k adds."""
    return 2 * m * k * n


def attention_flops(batch: int, heads: int, seq: int, head_dim: int) -> int:
    """Scores Q·Kᵀ and the weighted sum P·V, each a (seq x head_dim)(head_dim x seq)-sized product per head."""
    scores = batch * heads * matmul_flops(seq, head_dim, seq)
    weighted_values = batch * heads * matmul_flops(seq, seq, head_dim)
    return scores + weighted_values


def llama_forward_flops(cfg, batch: int, seq: int) -> int:
    """Every matmul of a LlamaForCausalLM forward pass on batch x seq tokens."""
    tokens = batch * seq
    d = cfg.hidden_size
    head_dim = getattr(cfg, "head_dim", None) or d // cfg.num_attention_heads
    q_width = cfg.num_attention_heads * head_dim
    kv_width = cfg.num_key_value_heads * head_dim  # grouped-query attention: fewer K/V heads
    projections = (matmul_flops(tokens, d, q_width) + 2 * matmul_flops(tokens, d, kv_width)
                   + matmul_flops(tokens, q_width, d))
    mlp = 3 * matmul_flops(tokens, d, cfg.intermediate_size)  # gate, up and down projections
    attention = attention_flops(batch, cfg.num_attention_heads, seq, head_dim)
    head = matmul_flops(tokens, d, cfg.vocab_size)
    return cfg.num_hidden_layers * (projections + mlp + attention) + head


def training_step_flops(cfg, batch: int, seq: int) -> int:
    """Forward plus backward: each matmul's backward is two matmuls of its size (input and weight grads)."""
    return 3 * llama_forward_flops(cfg, batch, seq)


def six_n_d(n_params: int, tokens: int) -> int:
    """The rule of thumb for one training pass over `tokens` tokens: 2·N forward + 4·N backward per token."""
    return 6 * n_params * tokens
