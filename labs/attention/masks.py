"""The reference masks and masked attention the learner's exercise is compared with.

Convention everywhere: a boolean mask is True where a query position MAY attend to a key position.
"""
from __future__ import annotations

import math

import torch

ARCHITECTURES = ("decoder", "encoder", "t5-encoder-token", "t5-decoder-token")


def causal_mask(seq_len: int) -> torch.Tensor:
    return torch.ones(seq_len, seq_len, dtype=torch.bool).tril()


def padding_mask(attention_mask: torch.Tensor, query_len: int) -> torch.Tensor:
    keys = attention_mask.bool()[:, None, :]  # (batch, 1, key_len)
    return keys.expand(-1, query_len, -1)


def decoder_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    seq_len = attention_mask.shape[-1]
    return causal_mask(seq_len).to(attention_mask.device)[None] & padding_mask(attention_mask, seq_len)


def masked_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(~allowed, float("-inf"))
    return scores.softmax(dim=-1) @ v


def unaffected_positions(architecture: str, seq_len: int, changed: int) -> torch.Tensor:
    """Output positions that cannot change when the input token at `changed` changes."""
    positions = torch.arange(seq_len)
    if architecture in ("decoder", "t5-decoder-token"):
        return positions < changed
    if architecture in ("encoder", "t5-encoder-token"):
        return torch.zeros(seq_len, dtype=torch.bool)
    raise ValueError(f"unknown architecture {architecture!r}: one of {ARCHITECTURES}")
