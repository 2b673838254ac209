"""Your turn: write the three filters, then run `python -m labs sampling --exercise`.

The checks then compare YOUR functions with transformers' warpers, test the top-p set is the
smallest one, and that entropy rises with temperature. Conventions: `logits` has shape
(batch, vocab); return a tensor of the same shape where dropped tokens are float("-inf").
Hints: torch.topk, torch.sort(descending=True), cumsum, scatter, masked_fill.
"""
from __future__ import annotations

import torch


def apply_temperature(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Divide the logits by the temperature (T < 1 sharpens, T > 1 flattens)."""
    raise NotImplementedError("exercise.py: apply_temperature")


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    """Keep the k largest logits of each row, set the others to -inf."""
    raise NotImplementedError("exercise.py: top_k_filter")


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    """Keep the smallest set of most likely tokens whose probability mass reaches p."""
    raise NotImplementedError("exercise.py: top_p_filter")
