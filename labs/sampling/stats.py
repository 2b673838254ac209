"""Entropy, a chi-square goodness-of-fit test and distinct-n, written with torch only (no scipy)."""
from __future__ import annotations

import torch


def entropy(probs: torch.Tensor) -> torch.Tensor:
    """Shannon entropy in nats along the last axis (0 log 0 = 0)."""
    logp = torch.where(probs > 0, probs.log(), torch.zeros_like(probs))
    return -(probs * logp).sum(dim=-1)


def chi_square_tail(statistic: float, dof: int) -> float:
    """P(X >= statistic) for X ~ chi-square(dof): the regularised upper incomplete gamma Q(dof/2, x/2)."""
    a = torch.tensor(dof / 2.0, dtype=torch.float64)
    x = torch.tensor(statistic / 2.0, dtype=torch.float64)
    return float(torch.special.gammaincc(a, x))


def chi_square_test(counts: torch.Tensor, probs: torch.Tensor, min_expected: float = 5.0):
    """Pearson's test of observed counts against probabilities; bins expecting < min_expected are pooled.

    Returns (statistic, degrees of freedom, p-value, draws that fell on zero-probability tokens).
    """
    counts, probs = counts.double().cpu(), probs.double().cpu()
    n = counts.sum()
    support = probs > 0
    outside = int(counts[~support].sum())
    expected, observed = n * probs[support], counts[support]
    small = expected < min_expected
    if small.any():
        expected = torch.cat([expected[~small], expected[small].sum().reshape(1)])
        observed = torch.cat([observed[~small], observed[small].sum().reshape(1)])
    statistic = float(((observed - expected) ** 2 / expected).sum())
    dof = max(int(expected.numel()) - 1, 1)
    return statistic, dof, chi_square_tail(statistic, dof), outside


def distinct_n(texts: list[str], n: int) -> float:
    """Distinct n-grams over all n-grams of the texts (Li et al. 2016): 0 = all repeats, 1 = no repeats."""
    grams = [t[i:i + n] for t in texts for i in range(len(t) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0
