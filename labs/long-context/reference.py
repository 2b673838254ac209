"""Reference answers to the exercise: what `python -m labs long-context` runs without --exercise."""
from __future__ import annotations

import torch


def attention_matrix_bytes(batch: int, heads: int, seq_len: int, bytes_per_element: int) -> int:
    return batch * heads * seq_len * seq_len * bytes_per_element


def kv_cache_bytes(batch: int, seq_len: int, layers: int, kv_heads: int, head_dim: int,
                   bytes_per_element: int) -> int:
    return 2 * batch * seq_len * layers * kv_heads * head_dim * bytes_per_element


def rope_angles(positions: torch.Tensor, head_dim: int, base: float = 10000.0, scale: float = 1.0) -> torch.Tensor:
    inv_freq = 1.0 / base ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)
    return (positions.float()[:, None] / scale) * inv_freq[None, :]
