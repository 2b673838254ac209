"""Your turn: the pieces that tell Llama, GLM and BLOOM apart. Run `python -m labs architecture --exercise`.

The checks compare YOUR functions with transformers' own code (LlamaRMSNorm, apply_rotary_pos_emb,
bloom's build_alibi_tensor, real LlamaDecoderLayer and BertLayer modules) and with a 7B Llama built on
the meta device. Shapes: hidden states are (..., hidden); attention inputs are (batch, heads, seq, head_dim).
"""
from __future__ import annotations

import torch


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """RMSNorm (Llama, ChatGLM2): x / sqrt(mean(x**2 over the last dim) + eps) * weight.

    Unlike LayerNorm there is no mean subtraction and no bias. Compute in float32 and return x's dtype,
    as LlamaRMSNorm does.
    """
    raise NotImplementedError("exercise.py: rms_norm")


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    """Rotary position embedding of x (batch, heads, seq, head_dim) at integer `positions` (seq,).

    Frequencies inv_freq[i] = base ** (-2i / head_dim) for i < head_dim/2, angle = position * inv_freq.
    Use transformers' "rotate half" layout: dimension i pairs with dimension i + head_dim/2, so
    out = x * cos(angle2) + rotate_half(x) * sin(angle2) with angle2 = cat(angle, angle) and
    rotate_half(x) = cat(-x[..., d/2:], x[..., :d/2]).
    """
    raise NotImplementedError("exercise.py: apply_rope")


def alibi_slopes(num_heads: int) -> torch.Tensor:
    """ALiBi's per-head slopes (BLOOM), float32 of shape (num_heads,).

    For n a power of two: slope_h = 2 ** (-8 * (h + 1) / n), h = 0..n-1. Otherwise take the slopes for
    the closest power of two below n, then append every other slope of the power of two above
    (2 ** (-4 * (2j + 1) / closest) for j = 0..n - closest - 1), as the ALiBi paper does.
    """
    raise NotImplementedError("exercise.py: alibi_slopes")


def pre_norm_block(x: torch.Tensor, norm, sublayer) -> torch.Tensor:
    """A residual block with the norm on the branch (GPT-2, Llama, BLOOM): x + sublayer(norm(x))."""
    raise NotImplementedError("exercise.py: pre_norm_block")


def post_norm_block(x: torch.Tensor, norm, sublayer) -> torch.Tensor:
    """A residual block with the norm after the sum (the original Transformer, BERT): norm(x + sublayer(x))."""
    raise NotImplementedError("exercise.py: post_norm_block")


def llama_param_count(config) -> int:
    """Parameters of LlamaForCausalLM for a LlamaConfig, by formula (no tensors).

    Embedding vocab*hidden; per layer: q and o projections hidden*heads*head_dim each, k and v
    hidden*kv_heads*head_dim each (grouped-query attention), the SwiGLU MLP 3*hidden*intermediate,
    two RMSNorm weights; a final norm; an lm_head vocab*hidden unless tie_word_embeddings.
    head_dim is config.head_dim when set, else hidden // heads. No biases.
    """
    raise NotImplementedError("exercise.py: llama_param_count")
