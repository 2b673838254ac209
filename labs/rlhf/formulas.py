"""The reference formulas the learner's exercise is compared with."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

ROLES = ("actor", "critic", "reference", "reward")
TRAINED = ("actor", "critic")  # PPO updates these; the reference and reward models are frozen
FP32 = 4


def ppo_memory_bytes(n_params: dict[str, int]) -> dict[str, int]:
    """fp32 weights for all four; gradients and AdamW's two moments only for the trained two."""
    return {role: n * FP32 * (4 if role in TRAINED else 1) for role, n in n_params.items()}


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta: float) -> torch.Tensor:
    margin = (policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)
    return -F.logsigmoid(beta * margin).mean()


def kl_penalized_rewards(score, logp_policy, logp_ref, beta: float) -> torch.Tensor:
    rewards = -beta * (logp_policy - logp_ref)
    rewards[:, -1] += score
    return rewards


def best_of_n_weights(m: int, n: int) -> torch.Tensor:
    ranks = torch.arange(1, m + 1, dtype=torch.float64)
    return (ranks / m) ** n - ((ranks - 1) / m) ** n


def best_of_n_kl(n: int) -> float:
    return math.log(n) - (n - 1) / n
