"""The RLHF lab's checks: each compares the learner's function (or a measurement) with an independent one."""
from __future__ import annotations

import math

import torch

from labs.protocol import Check, check_at_least, check_at_most, check_equal, check_true, graded

NAMES = (
    "ppo_memory_trained_models",
    "ppo_memory_frozen_models",
    "dpo_loss_closed_form",
    "dpo_gradient_closed_form",
    "dpo_training_prefers_chosen",
    "kl_penalized_rewards_closed_form",
    "best_of_n_weights_match_simulation",
    "best_of_n_kl_matches_numeric",
    "proxy_rm_agrees_with_gold",
    "gold_reward_peaks_at_moderate_n",
    "gold_falls_while_proxy_rises",
)


def _worse(worst: float, value: float) -> float:
    """The larger of the two, where NaN (a broken implementation) is worse than anything."""
    value = float(value)
    return math.inf if math.isnan(value) else max(worst, value)


def memory_check(name: str, own, n_params: dict, measured: dict, roles) -> Check:
    def compute() -> Check:
        mine = own(dict(n_params))
        got = {r: int(mine[r]) for r in roles}
        want = {r: measured[r] for r in roles}
        return check_equal(name, got, want, why=f"your bytes for {', '.join(roles)} equal the bytes their weights, "
                                                "gradients and AdamW moments really hold (fp32)")
    return graded(name, compute, expected={r: measured[r] for r in roles}, why="PPO memory")


def _softplus64(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def dpo_values_check(own, gen: torch.Generator, beta: float = 0.1) -> Check:
    """Closed form, element by element in Python floats: loss_i = log(1 + exp(-beta * margin_i))."""
    name = "dpo_loss_closed_form"

    def compute() -> Check:
        worst = 0.0
        cases = [torch.randn(4, 64, generator=gen, dtype=torch.float64) * 20 - 40 for _ in range(3)]
        zero = torch.full((4, 64), -30.0, dtype=torch.float64)
        for pc, pr, rc, rr in cases + [zero]:
            margins = ((pc - rc) - (pr - rr)).tolist()
            expected = sum(_softplus64(-beta * m) for m in margins) / len(margins)
            worst = _worse(worst, abs(float(own(pc, pr, rc, rr, beta)) - expected))
        return check_at_most(name, worst, 1e-9, why="your DPO loss equals the mean of log(1 + exp(-beta*margin)) "
                                                    "(log 2 when the policy equals the reference), float64")
    return graded(name, compute, expected="<= 1e-09", why="DPO loss")


def dpo_gradient_check(own, gen: torch.Generator, beta: float = 0.1) -> Check:
    """d loss / d log pi(chosen) = -beta * sigmoid(-beta * margin) / N, and the opposite for rejected."""
    name = "dpo_gradient_closed_form"

    def compute() -> Check:
        n = 128
        pc, pr = (torch.randn(n, generator=gen, dtype=torch.float64).mul(10).requires_grad_() for _ in range(2))
        rc, rr = (torch.randn(n, generator=gen, dtype=torch.float64) * 10 for _ in range(2))
        own(pc, pr, rc, rr, beta).backward()
        margin = ((pc - rc) - (pr - rr)).detach()
        expected = beta * torch.sigmoid(-beta * margin) / n
        worst = max(float((pc.grad + expected).abs().max()), float((pr.grad - expected).abs().max()))
        return check_at_most(name, worst, 1e-12, why="autograd of your loss pushes log pi(chosen) up and "
                                                     "log pi(rejected) down by beta*sigmoid(-beta*margin)/N")
    return graded(name, compute, expected="<= 1e-12", why="DPO gradient")


def dpo_training_check(train_with_own) -> Check:
    name = "dpo_training_prefers_chosen"
    return graded(name, lambda: check_at_least(
        name, train_with_own(), 0.95, why="a tabular policy trained with your DPO loss ranks the chosen response "
                                          "above the rejected one relative to the reference (share of pairs)"),
        expected=">= 0.95", why="DPO training")


def kl_rewards_check(own, gen: torch.Generator, beta: float = 0.05) -> Check:
    name = "kl_penalized_rewards_closed_form"

    def compute() -> Check:
        batch, steps = 6, 9
        score = torch.randn(batch, generator=gen, dtype=torch.float64)
        lp = -torch.rand(batch, steps, generator=gen, dtype=torch.float64) * 4
        lr = -torch.rand(batch, steps, generator=gen, dtype=torch.float64) * 4
        got = own(score, lp.clone(), lr.clone(), beta)
        worst = 0.0
        for i in range(batch):
            for t in range(steps):
                want = -beta * (float(lp[i, t]) - float(lr[i, t])) + (float(score[i]) if t == steps - 1 else 0.0)
                worst = _worse(worst, abs(float(got[i, t]) - want))
        return check_at_most(name, worst, 1e-12, why="per token -beta*(log pi - log ref); the reward model's score "
                                                     "added at the last token only")
    return graded(name, compute, expected="<= 1e-12", why="KL-penalised rewards")


def weights_check(own, simulated: dict[tuple[int, int], torch.Tensor], draws: int) -> Check:
    name = "best_of_n_weights_match_simulation"

    def compute() -> Check:
        worst_z = 0.0
        for (m, n), freq in simulated.items():
            mine = torch.as_tensor(own(m, n), dtype=torch.float64).reshape(-1)
            sigma = (mine.clamp(1e-12, 1) * (1 - mine.clamp(0, 1)) / draws).sqrt().clamp(min=1e-4)
            worst_z = _worse(worst_z, float(((mine - freq).abs() / sigma).max()))
        return check_at_most(name, round(worst_z, 2), 5.0,
                             why=f"your rank probabilities vs the frequencies of {draws:,} simulated best-of-n draws "
                                 f"per case {sorted(simulated)} (worst |z|)")
    return graded(name, compute, expected="<= 5", why="best-of-n weights")


def kl_check(own, numeric: dict[int, float]) -> Check:
    name = "best_of_n_kl_matches_numeric"

    def compute() -> Check:
        worst = 0.0
        for n, kl in numeric.items():
            worst = _worse(worst, abs(float(own(n)) - kl) / max(kl, 1e-9))
        return check_at_most(name, round(worst, 6), 2e-3,
                             why=f"your KL vs sum w log(m w) over a pool of 10^6 ranks, n in {sorted(numeric)} "
                                 "(worst relative error)")
    return graded(name, compute, expected="<= 0.002", why="best-of-n KL")


def proxy_agreement(accuracy: float) -> Check:
    return check_at_least("proxy_rm_agrees_with_gold", round(accuracy, 4), 0.75,
                          why="the proxy reward model orders fresh pairs as the gold reward does (noise-free labels)")


def gold_peaks(ns, gold) -> Check:
    peak = max(range(len(gold)), key=gold.__getitem__)
    return check_true("gold_reward_peaks_at_moderate_n", 0 < peak < len(gold) - 1, expected="a peak strictly inside "
                      f"n = {ns[0]}..{ns[-1]}", measured=f"peak at n = {ns[peak]} (gold {gold[peak]:.3f})",
                      why="selecting on the proxy first raises the gold reward, then over-optimises it")


def gold_falls(ns, proxy, gold) -> Check:
    peak = max(range(len(gold)), key=gold.__getitem__)
    drop = gold[peak] - gold[-1]
    proxy_gain = proxy[-1] - proxy[peak]
    return check_true("gold_falls_while_proxy_rises", drop >= 0.2 and proxy_gain > 0,
                      expected="gold drops >= 0.2 after its peak while the proxy still gains",
                      measured={"gold_drop": round(drop, 3), "proxy_gain": round(proxy_gain, 3)},
                      why="Goodhart: past the peak the proxy keeps rising and the gold reward falls (Gao et al. 2022)")
