"""Your turn: write the RLHF pieces, then run `python -m labs rlhf --exercise`.

The lab measures real tensors and simulations and compares them with YOUR functions.
"""
from __future__ import annotations

import torch


def ppo_memory_bytes(n_params: dict[str, int]) -> dict[str, int]:
    """Bytes of weights + gradients + optimizer state for each of PPO's four models.

    `n_params` maps "actor", "critic", "reference" and "reward" to parameter counts. Everything is
    fp32 (4 bytes); the models PPO trains use AdamW (two moments per parameter); the frozen ones
    keep only their weights. Return a dict with the same keys.
    """
    raise NotImplementedError("exercise.py: ppo_memory_bytes")


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, ref_chosen: torch.Tensor,
             ref_rejected: torch.Tensor, beta: float) -> torch.Tensor:
    """The DPO loss, averaged over the batch.

    Each argument is (batch,): the summed log-probability of the chosen / rejected response under
    the policy being trained and under the frozen reference. Hint: torch.nn.functional.logsigmoid.
    """
    raise NotImplementedError("exercise.py: dpo_loss")


def kl_penalized_rewards(score: torch.Tensor, logp_policy: torch.Tensor, logp_ref: torch.Tensor,
                         beta: float) -> torch.Tensor:
    """PPO's per-token rewards (InstructGPT style), shape (batch, T).

    `score` (batch,) is the reward model's score of each whole response; `logp_policy` and
    `logp_ref` (batch, T) are the log-probabilities of the sampled tokens. Each token is penalised
    by beta times the per-token KL estimate; the reward model's score arrives at the last token.
    """
    raise NotImplementedError("exercise.py: kl_penalized_rewards")


def best_of_n_weights(m: int, n: int) -> torch.Tensor:
    """Best-of-n from a pool: draw n of m items uniformly WITH replacement and keep the best.

    Return (m,) float64: the probability that the item of rank i (1 = worst, m = best) is kept.
    """
    raise NotImplementedError("exercise.py: best_of_n_weights")


def best_of_n_kl(n: int) -> float:
    """KL(best-of-n policy || base policy) in nats, for a continuous reward (no ties)."""
    raise NotImplementedError("exercise.py: best_of_n_kl")
