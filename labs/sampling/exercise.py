"""Your turn: write the three filters and the chain that applies them, then check them with
`studyapp lab check sampling` (or `python -m labs sampling --exercise-file THIS_FILE`).

The checks compare YOUR functions with transformers' logits warpers (also on rows with tied
logits, and chained the way `generate` chains them), test that the top-p set is the smallest one
and that p = 1.0 keeps every token, that entropy rises with temperature, and draw tokens from YOUR
filtered distribution. Conventions: `logits` has shape (batch, vocab); a filter returns a tensor of
the same shape where dropped tokens are float("-inf").
Hints: torch.topk, torch.sort(descending=True), cumsum, scatter, masked_fill.
"""
from __future__ import annotations

import torch


def apply_temperature(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Divide the logits by the temperature (T < 1 sharpens, T > 1 flattens)."""
    raise NotImplementedError("exercise.py: apply_temperature")


def top_k_filter(logits: torch.Tensor, k: int) -> torch.Tensor:
    """Keep the k largest logits of each row, set the others to -inf.

    Several tokens can share the k-th largest value (logits rounded to bf16 tie often): keep them all,
    as transformers does. Hint: compare with the k-th largest VALUE rather than taking topk's indices.
    """
    raise NotImplementedError("exercise.py: top_k_filter")


def top_p_filter(logits: torch.Tensor, p: float) -> torch.Tensor:
    """Keep the smallest set of most likely tokens whose probability mass reaches p.

    p = 1.0 must keep every token, also for float32 rows of a 32k vocabulary (watch the rounding of
    a long cumulative sum).
    """
    raise NotImplementedError("exercise.py: top_p_filter")


def filtered_probs(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                   top_p: float | None = None) -> torch.Tensor:
    """The distribution a sampler draws from: apply your filters (None = not applied) in the order
    transformers' generate does, then softmax. Which comes first matters; find out which by reading
    how `generate` builds its list of logits warpers, or by testing."""
    raise NotImplementedError("exercise.py: filtered_probs")
