"""Best-of-n against a proxy reward model trained on a gold reward's noisy preferences (Gao et al. 2022).

A response is a feature vector x ~ N(0, I). The gold reward likes one trait s = u.x up to a point
(gold = s + 0.5 t - 0.5 s^2, with t a second trait): too much of it is penalised. The proxy is a
linear Bradley-Terry reward model fitted on pairs from the base policy, labelled by the gold
reward plus logistic noise. It learns "more s is better" and cannot see the turning point, so
selecting harder on it (larger n) first helps, then hurts the gold reward.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

DIM = 16
CURVATURE = 0.5


def gold_reward(x: torch.Tensor) -> torch.Tensor:
    s, t = x[..., 0], x[..., 1]
    return s + 0.5 * t - CURVATURE * s ** 2


def preference_pairs(count: int, gen: torch.Generator, noisy: bool = True):
    """(a, b, label): label 1 when a is preferred; P(a > b) = sigmoid(gold(a) - gold(b)) when noisy."""
    a = torch.randn(count, DIM, generator=gen, dtype=torch.float64)
    b = torch.randn(count, DIM, generator=gen, dtype=torch.float64)
    diff = gold_reward(a) - gold_reward(b)
    if noisy:
        label = (torch.rand(count, generator=gen, dtype=torch.float64) < torch.sigmoid(diff)).double()
    else:
        label = (diff > 0).double()
    return a, b, label


def train_proxy(a, b, label, iterations: int = 12, ridge: float = 1e-6) -> torch.Tensor:
    """A linear reward model r(x) = w.x fitted with the Bradley-Terry loss (Newton's method: exact, fast)."""
    x = a - b
    w = torch.zeros(DIM, dtype=torch.float64)
    eye = torch.eye(DIM, dtype=torch.float64)
    for _ in range(iterations):
        p = torch.sigmoid(x @ w)
        grad = x.T @ (p - label) / len(label)
        hessian = (x * (p * (1 - p))[:, None]).T @ x / len(label) + ridge * eye
        w = w - torch.linalg.solve(hessian, grad)
    return w


def pairwise_accuracy(w: torch.Tensor, a, b, label) -> float:
    return float((((a - b) @ w > 0).double() == label).double().mean())


@dataclass
class Curves:
    ns: list[int]
    proxy: list[float]
    gold: list[float]
    kl: list[float]


def best_of_n_curves(w: torch.Tensor, pool: torch.Tensor, ns, weights_fn, kl_fn) -> Curves:
    """Expected proxy and gold reward of best-of-n (by proxy) from the pool, exactly over the pool's ranks."""
    proxy = pool @ w
    order = proxy.argsort()
    proxy_sorted, gold_sorted = proxy[order], gold_reward(pool)[order]
    curves = Curves(list(ns), [], [], [])
    for n in ns:
        weights = weights_fn(pool.shape[0], n).to(torch.float64)
        curves.proxy.append(float(weights @ proxy_sorted))
        curves.gold.append(float(weights @ gold_sorted))
        curves.kl.append(float(kl_fn(n)))
    return curves


def simulated_best_rank_frequencies(m: int, n: int, draws: int, gen: torch.Generator) -> torch.Tensor:
    """Monte-Carlo: draw n ranks of m with replacement, keep the largest; the frequency of each rank."""
    picks = torch.randint(0, m, (draws, n), generator=gen).amax(dim=1)
    return torch.bincount(picks, minlength=m).double() / draws


def numeric_kl_from_uniform(weights: torch.Tensor) -> float:
    m = weights.numel()
    w = weights[weights > 0]
    return float((w * (w * m).log()).sum())
