"""RLHF lab: measures PPO's four models, grades DPO and the KL penalty, and runs best-of-n against a proxy RM."""
from __future__ import annotations

import torch

from labs import tinyllama
from labs.protocol import LabContext, demo
from labs.rlhf import checks, dpo, exercise, formulas, memory
from labs.rlhf import overoptimization as oo

SIZES = {
    "quick": dict(vocab=128, hidden=32, layers=2, heads=4, pairs=2000, pool=20_000, max_log2_n=10,
                  draws=100_000, kl_pool=1_000_000, prompts=32, responses=8, dpo_steps=150),
    "full": dict(vocab=32_000, hidden=1024, layers=8, heads=16, pairs=20_000, pool=2_000_000, max_log2_n=16,
                 draws=2_000_000, kl_pool=10_000_000, prompts=512, responses=16, dpo_steps=300),
}
FUNCTIONS = ("ppo_memory_bytes", "dpo_loss", "kl_penalized_rewards", "best_of_n_weights", "best_of_n_kl")
BEST_OF_CASES = ((10, 1), (10, 3), (10, 8), (4, 20))
KL_NS = (2, 4, 16, 64, 256)


def _memory_checks(ctx: LabContext, size: dict, own) -> list:
    cfg = tinyllama.config(size["vocab"], size["hidden"], size["layers"], size["heads"], size["heads"],
                           4 * size["hidden"])
    models = memory.build_models(cfg, ctx.device)
    counts = memory.parameter_counts(models)
    measured = memory.measure(models, size["vocab"], ctx.device)
    for role in formulas.ROLES:
        ctx.metric(f"params[{role}]", counts[role])
        ctx.metric(f"bytes[{role}]", measured[role], "B")
    del models
    return [checks.memory_check("ppo_memory_trained_models", own, counts, measured, formulas.TRAINED),
            checks.memory_check("ppo_memory_frozen_models", own, counts, measured, ("reference", "reward"))]


def _dpo_checks(ctx: LabContext, size: dict, impl: dict, gen: torch.Generator) -> list:
    data = dpo.preference_data(size["prompts"], size["responses"], 4, gen)
    reference_share = dpo.train(formulas.dpo_loss, *data, steps=size["dpo_steps"])
    ctx.metric("dpo_share_with_reference_loss", round(reference_share, 4))
    train_own = lambda: dpo.train(impl["dpo_loss"], *data, steps=size["dpo_steps"])  # noqa: E731
    return [checks.dpo_values_check(impl["dpo_loss"], gen), checks.dpo_gradient_check(impl["dpo_loss"], gen),
            checks.dpo_training_check(train_own), checks.kl_rewards_check(impl["kl_penalized_rewards"], gen)]


def _best_of_n_checks(ctx: LabContext, size: dict, impl: dict, gen: torch.Generator) -> list:
    simulated = {(m, n): oo.simulated_best_rank_frequencies(m, n, size["draws"], gen) for m, n in BEST_OF_CASES}
    numeric = {n: oo.numeric_kl_from_uniform(formulas.best_of_n_weights(size["kl_pool"], n)) for n in KL_NS}
    ctx.metric("best_of_n_kl_numeric", {str(n): round(v, 5) for n, v in numeric.items()}, "nats")
    return [checks.weights_check(impl["best_of_n_weights"], simulated, size["draws"]),
            checks.kl_check(impl["best_of_n_kl"], numeric)]


def _overoptimization_checks(ctx: LabContext, size: dict, gen: torch.Generator) -> list:
    w = oo.train_proxy(*oo.preference_pairs(size["pairs"], gen))
    accuracy = oo.pairwise_accuracy(w, *oo.preference_pairs(10_000, gen, noisy=False))
    pool = torch.randn(size["pool"], oo.DIM, generator=gen, dtype=torch.float64)
    ns = [2 ** k for k in range(size["max_log2_n"] + 1)]
    curves = oo.best_of_n_curves(w, pool, ns, formulas.best_of_n_weights, formulas.best_of_n_kl)
    for n, p, g, kl in zip(curves.ns, curves.proxy, curves.gold, curves.kl):
        ctx.metric(f"best_of_{n}", {"kl": round(kl, 3), "proxy": round(p, 3), "gold": round(g, 3)})
        ctx.log(f"best-of-{n:<6} KL {kl:6.3f} nats  proxy {p:7.3f}  gold {g:7.3f}")
    ctx.metric("proxy_rm_weights[s, t]", [round(float(w[0]), 3), round(float(w[1]), 3)])
    return [checks.proxy_agreement(accuracy), checks.gold_peaks(curves.ns, curves.gold),
            checks.gold_falls(curves.ns, curves.proxy, curves.gold)]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = {n: ctx.pick(getattr(formulas, n), exercise, n) for n in FUNCTIONS}
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    ctx.progress(0.0, "building actor, critic, reference and reward models")
    found = [demo("ppo_models", shown={"trained": list(formulas.TRAINED), "frozen": ["reference", "reward"]},
                  why="PPO-based RLHF holds four models; only the actor and the critic are updated")]
    found += _memory_checks(ctx, size, impl["ppo_memory_bytes"])
    ctx.progress(0.3, "DPO and the KL penalty")
    found += _dpo_checks(ctx, size, impl, gen)
    ctx.progress(0.5, "best-of-n: simulated draws")
    found += _best_of_n_checks(ctx, size, impl, gen)
    ctx.progress(0.7, "best-of-n against a proxy reward model")
    found += _overoptimization_checks(ctx, size, gen)
    ctx.progress(1.0, "done")
    return found
