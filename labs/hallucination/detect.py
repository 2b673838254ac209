"""The reference detector functions the learner's exercise is compared with."""
from __future__ import annotations

import math

import torch


def token_entropy(logits: torch.Tensor) -> torch.Tensor:
    logp = logits.log_softmax(dim=-1)
    return -(logp.exp() * logp).nan_to_num(0.0).sum(dim=-1)  # a -inf logit has p = 0 and adds 0


def auroc(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """P(score of a random positive > score of a random negative), ties counting one half."""
    pos, neg = scores[labels.bool()], scores[~labels.bool()]
    greater = (pos[:, None] > neg[None, :]).double().sum()
    ties = (pos[:, None] == neg[None, :]).double().sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def expected_error(logits: torch.Tensor, answers: torch.Tensor, temperature: float) -> float:
    probs = (logits / temperature).softmax(dim=-1)
    return float(1 - probs.gather(-1, answers[:, None]).mean())


def selective_accuracy(entropy: torch.Tensor, correct: torch.Tensor, coverage: float) -> float:
    k = max(1, math.ceil(coverage * len(entropy)))
    order = entropy.argsort()
    return float(correct[order[:k]].double().mean())
