"""Your turn: write the hallucination detector's pieces, then run `python -m labs hallucination --exercise`.

The lab trains a tiny LM on a fact table, asks it about entities it knows and entities it never
saw, and hands YOUR functions its answer logits. Logits here are (n, K) over the K possible answers.
"""
from __future__ import annotations

import torch


def token_entropy(logits: torch.Tensor) -> torch.Tensor:
    """(n,) entropy in nats of softmax(logits) per row. A -inf logit is a token with probability 0."""
    raise NotImplementedError("exercise.py: token_entropy")


def auroc(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """Area under the ROC curve of `scores` as a detector of `labels` == 1 (higher score = more suspect).

    Equal to the probability that a random positive scores above a random negative; a tie counts 1/2.
    """
    raise NotImplementedError("exercise.py: auroc")


def expected_error(logits: torch.Tensor, answers: torch.Tensor, temperature: float) -> float:
    """Error rate, averaged over rows, when one answer is SAMPLED from softmax(logits / temperature).

    `answers` (n,) holds the index of the right answer of each row. Exact, no sampling needed.
    """
    raise NotImplementedError("exercise.py: expected_error")


def selective_accuracy(entropy: torch.Tensor, correct: torch.Tensor, coverage: float) -> float:
    """Answer only when sure: accuracy over the k = ceil(coverage * n) answers with the LOWEST entropy.

    `correct` (n,) is a bool tensor. (k is at least 1.)
    """
    raise NotImplementedError("exercise.py: selective_accuracy")
