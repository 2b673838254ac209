"""The lab's own decoding filters and sampler (the reference the exercise is compared with).

Each filter takes logits of shape (..., vocab) and returns logits of the same shape in which dropped
tokens are -inf, the convention of transformers' logits warpers.
"""
from __future__ import annotations

import torch


def apply_temperature(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    return logits / temperature


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    """Keeps every token at least as large as the k-th largest: ties at the boundary all survive."""
    k = min(k, logits.shape[-1])
    kth_largest = logits.topk(k, dim=-1).values[..., -1:]
    return logits.masked_fill(logits < kth_largest, float("-inf"))


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    """Keep the smallest set of most likely tokens whose probability mass reaches p.

    The running mass is summed in float64 and compared with p times the row's own total: in fp32 the
    cumulative sum of a 32k-token row overshoots 1.0 by rounding, and `mass < 1.0` would then drop
    tail tokens at p = 1.0.
    """
    if p >= 1.0:
        return logits.clone()
    probs = logits.double().softmax(dim=-1)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    cumulative = sorted_probs.cumsum(dim=-1)
    mass_before = cumulative - sorted_probs  # mass of the more likely tokens
    keep_sorted = mass_before < p * cumulative[..., -1:]  # the most likely token is always kept
    keep = torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)
    return logits.masked_fill(~keep, float("-inf"))


def filtered_probs(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                   top_p: float | None = None) -> torch.Tensor:
    """Temperature, then top-k, then top-p (the order transformers' generate applies them), then softmax."""
    x = apply_temperature(logits, temperature)
    if top_k is not None:
        x = top_k_filter(x, top_k)
    if top_p is not None:
        x = top_p_filter(x, top_p)
    return x.softmax(dim=-1)


def sample(probs: torch.Tensor, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
    """n draws from a 1-D distribution by inverting its CDF with uniform numbers."""
    cdf = probs.double().cumsum(dim=-1)
    u = 1.0 - torch.rand(n, dtype=torch.float64, device=probs.device, generator=generator)  # (0, 1]
    idx = torch.searchsorted(cdf, u * cdf[-1])  # first token whose CDF reaches u: never a zero-mass one
    return idx.clamp_(max=probs.shape[-1] - 1)
