"""Sampling lab: runs the experiment and returns its checks."""
from __future__ import annotations

import time

import torch

from labs.protocol import LabContext
from labs.sampling import checks, exercise, filters, stats, tinylm

SIZES = {
    "quick": dict(rows=1500, vocab=64, draws=200_000, lm_steps=200, lm_batch=16, lm_seq=64, lm_hidden=96,
                  lm_layers=2, samples=6, length=100),
    "full": dict(rows=600, vocab=32_000, draws=10_000_000, lm_steps=1500, lm_batch=64, lm_seq=128,
                 lm_hidden=256, lm_layers=4, samples=16, length=200),
}
TEMPERATURES = (0.25, 0.5, 1.0, 1.7, 3.0)
LM_TEMPERATURES = (0.2, 0.8, 1.5)
PROMPT = "大模型"


def _implementation(ctx: LabContext):
    names = ("apply_temperature", "top_k_filter", "top_p_filter")
    return tuple(ctx.pick(getattr(filters, n), exercise, n) for n in names)


def _filter_checks(ctx: LabContext, size: dict, impl, gen: torch.Generator) -> list:
    temp, top_k, top_p = impl
    logits = checks.random_logits(size["rows"], size["vocab"], gen, ctx.device)
    ks = (1, 5, size["vocab"] // 4)
    ps = (0.5, 0.9, 0.95)
    ctx.log(f"{logits.shape[0]} random logit rows over {size['vocab']} tokens, float64")
    t_agree = checks.temperature_agreement(temp, logits, TEMPERATURES)
    k_agree = checks.top_k_agreement(top_k, logits, ks)
    p_agree = checks.top_p_agreement(top_p, logits, ps)
    ctx.metric("compared_rows", p_agree.rows)
    return [
        checks.probs_match("temperature_matches_transformers", t_agree, f"temperature T in {TEMPERATURES}"),
        checks.kept_sets_match("top_k_kept_sets_match_transformers", k_agree, f"top-k, k in {ks}"),
        checks.probs_match("top_k_probs_match_transformers", k_agree, f"top-k, k in {ks}"),
        checks.kept_sets_match("top_p_kept_sets_match_transformers", p_agree, f"top-p, p in {ps}"),
        checks.probs_match("top_p_probs_match_transformers", p_agree, f"top-p, p in {ps}"),
        checks.top_p_set_is_smallest(top_p, logits, ps),
        checks.entropy_rises_with_temperature(temp, logits, tuple(torch.logspace(-0.7, 0.7, 12).tolist())),
        checks.low_temperature_gives_argmax(temp, logits),
    ]


def _draw_checks(ctx: LabContext, size: dict, gen: torch.Generator) -> list:
    rows = checks.random_logits(3, size["vocab"], gen, ctx.device)
    cases = [("T=0.7 k=20 p=0.9", rows[0], 0.7, 20, 0.9), ("T=1.3 p=0.95", rows[1], 1.3, None, 0.95),
             ("T=1.0 k=10", rows[2], 1.0, 10, None)]
    tests = checks.run_draw_tests(filters.sample, cases, size["draws"])
    for t in tests:
        ctx.log(f"draws {t.label}: chi2={t.statistic:.1f} dof={t.dof} p={t.p_value:.3f} outside={t.outside}")
        ctx.metric(f"chi2_p_value[{t.label}]", round(t.p_value, 4))
    return [checks.draws_match_filtered_distribution(tests), checks.no_draws_outside_kept_set(tests)]


def _lm_checks(ctx: LabContext, size: dict, impl) -> list:
    every = max(size["lm_steps"] // 10, 1)

    def on_step(step, loss):
        if step % every == 0:
            ctx.progress(0.4 + 0.45 * step / size["lm_steps"], f"training the tiny LM: step {step}, loss {loss:.2f}")

    t0 = time.perf_counter()
    model, tok, losses = tinylm.train(ctx.device, size["lm_steps"], size["lm_batch"], size["lm_seq"],
                                      size["lm_hidden"], size["lm_layers"], lr=3e-3, on_step=on_step)
    ctx.metric("lm_train_seconds", round(time.perf_counter() - t0, 2), "s")
    ctx.metric("lm_vocab", tok.vocab_size)
    ctx.metric("lm_final_loss", round(sum(losses[-10:]) / 10, 3), "nats")
    distinct = {}
    for t in LM_TEMPERATURES:
        texts = tinylm.generate(model, tok, PROMPT, size["length"], size["samples"], t, filters.sample,
                                impl, context=size["lm_seq"])
        distinct[t] = stats.distinct_n(texts, 2)
        ctx.metric(f"distinct_1[T={t}]", round(stats.distinct_n(texts, 1), 4))
        ctx.metric(f"distinct_2[T={t}]", round(distinct[t], 4))
        ctx.metric(f"sample[T={t}]", PROMPT + texts[0])
        ctx.log(f"T={t}  distinct-2={distinct[t]:.3f}  {PROMPT}{texts[0][:80]!r}")
    return [checks.tiny_lm_learned(losses), checks.distinct_n_rises(distinct)]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = _implementation(ctx)
    gen = torch.Generator().manual_seed(int(time.time_ns() % 2**31))  # fresh draws each run, on purpose
    ctx.progress(0.0, "comparing the filters with transformers")
    found = _filter_checks(ctx, size, impl, gen)
    ctx.progress(0.25, f"drawing {size['draws']:,} tokens per case")
    found += _draw_checks(ctx, size, gen)
    found += _lm_checks(ctx, size, impl)
    ctx.progress(1.0, "done")
    return found
