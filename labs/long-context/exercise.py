"""Your turn: why long contexts cost memory, and how Llama's context is stretched.

Run `python -m labs long-context --exercise`. The checks compare YOUR formulas with tensors that
transformers really allocates (eager attention weights, a DynamicCache) and YOUR RoPE angles with
LlamaRotaryEmbedding, plain and with linear scaling (position interpolation, Chen et al. 2023).
"""
from __future__ import annotations

import torch


def attention_matrix_bytes(batch: int, heads: int, seq_len: int, bytes_per_element: int) -> int:
    """Bytes of one layer's attention weights softmax(QK^T / sqrt(d)) held as a dense tensor.

    One score per (query, key) pair, per head, per sequence: this is the O(n^2) term that fused
    kernels (FlashAttention, memory-efficient SDPA) never write to memory.
    """
    raise NotImplementedError("exercise.py: attention_matrix_bytes")


def kv_cache_bytes(batch: int, seq_len: int, layers: int, kv_heads: int, head_dim: int,
                   bytes_per_element: int) -> int:
    """Bytes of a KV cache: keys AND values for every layer, every cached token, every KV head.

    With grouped-query attention (GQA) several query heads share one KV head, so only kv_heads
    (config.num_key_value_heads), not the query heads, are stored.
    """
    raise NotImplementedError("exercise.py: kv_cache_bytes")


def rope_angles(positions: torch.Tensor, head_dim: int, base: float = 10000.0, scale: float = 1.0) -> torch.Tensor:
    """RoPE rotation angles, shape (len(positions), head_dim // 2), float32.

    inv_freq[i] = base ** (-2i / head_dim); angle = position * inv_freq. Linear position interpolation
    squeezes a longer context into the trained one: a model trained on L positions, run on
    scale * L, uses position / scale instead of position (transformers: rope_type "linear", factor = scale).
    """
    raise NotImplementedError("exercise.py: rope_angles")
