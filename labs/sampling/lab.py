"""Sampling lab: runs the experiment and returns its checks."""
from __future__ import annotations

import time

import torch

from labs.protocol import LabContext, graded
from labs.sampling import checks, exercise, filters, stats, tinylm

SIZES = {
    "quick": dict(rows=1500, vocab=64, wide_rows=100, wide_vocab=32_000, draws=200_000, lm_steps=120,
                  lm_batch=16, lm_seq=64, lm_hidden=96, lm_layers=2, samples=6, length=100),
    "full": dict(rows=600, vocab=32_000, wide_rows=500, wide_vocab=32_000, draws=10_000_000, lm_steps=1500,
                 lm_batch=64, lm_seq=128, lm_hidden=256, lm_layers=4, samples=16, length=200),
}
TEMPERATURES = (0.25, 0.5, 1.0, 1.7, 3.0)
LM_TEMPERATURES = (0.2, 0.8, 1.5)
PROMPT = "大模型"
FUNCTIONS = ("apply_temperature", "top_k_filter", "top_p_filter", "filtered_probs")


def _implementation(ctx: LabContext) -> dict:
    return {n: ctx.pick(getattr(filters, n), exercise, n) for n in FUNCTIONS}


def _filter_checks(ctx: LabContext, size: dict, impl: dict, gen: torch.Generator) -> list:
    temp, top_k, top_p, chain = (impl[n] for n in FUNCTIONS)
    logits = checks.random_logits(size["rows"], size["vocab"], gen, ctx.device)
    tied = checks.tied_logits(size["rows"], size["vocab"], gen, ctx.device)
    wide = (torch.randn(size["wide_rows"], size["wide_vocab"], generator=gen) *
            torch.empty(size["wide_rows"], 1).uniform_(0.5, 4.0, generator=gen)).to(ctx.device)  # float32
    ks = (1, 5, size["vocab"] // 4)
    ps = (0.5, 0.9, 0.95)
    cases = ((0.7, 20, 0.9), (1.5, None, 0.8), (0.5, 5, None), (2.0, 12, 0.6))
    ctx.log(f"{logits.shape[0]} random logit rows over {size['vocab']} tokens, float64")
    ctx.metric("compared_rows", logits.shape[0])
    ctx.metric("tied_rows_at_kth", {k: checks.ties_at_kth(tied, k) for k in ks})
    entropy_ts = tuple(torch.logspace(-0.7, 0.7, 12).tolist())
    names = ("temperature_matches_transformers", "top_k_kept_sets_match_transformers",
             "top_k_probs_match_transformers", "top_k_keeps_ties_like_transformers",
             "top_p_kept_sets_match_transformers", "top_p_probs_match_transformers", "top_p_set_is_smallest",
             "top_p_1_keeps_every_token", "entropy_rises_with_temperature", "low_temperature_gives_argmax",
             "chained_filters_match_transformers")
    compute = {
        names[0]: lambda: checks.probs_match(names[0], checks.temperature_agreement(temp, logits, TEMPERATURES),
                                             f"temperature T in {TEMPERATURES}"),
        names[1]: lambda: checks.kept_sets_match(names[1], checks.top_k_agreement(top_k, logits, ks),
                                                 f"top-k, k in {ks}"),
        names[2]: lambda: checks.probs_match(names[2], checks.top_k_agreement(top_k, logits, ks), f"top-k, k in {ks}"),
        names[3]: lambda: checks.kept_sets_match(names[3], checks.top_k_agreement(top_k, tied, ks),
                                                 f"top-k on bf16-rounded logits (ties kept), k in {ks}"),
        names[4]: lambda: checks.kept_sets_match(names[4], checks.top_p_agreement(top_p, logits, ps),
                                                 f"top-p, p in {ps}"),
        names[5]: lambda: checks.probs_match(names[5], checks.top_p_agreement(top_p, logits, ps), f"top-p, p in {ps}"),
        names[6]: lambda: checks.top_p_set_is_smallest(top_p, logits, ps),
        names[7]: lambda: checks.top_p_one_keeps_everything(top_p, wide),
        names[8]: lambda: checks.entropy_rises_with_temperature(temp, logits, entropy_ts),
        names[9]: lambda: checks.low_temperature_gives_argmax(temp, logits),
        names[10]: lambda: checks.chained_filters_match(checks.chain_agreement(chain, logits, cases), cases),
    }
    return [graded(name, compute[name], expected="as transformers / the stated property",
                   why="your filter raised an exception on this check's rows") for name in names]


def _draw_checks(ctx: LabContext, size: dict, impl: dict, gen: torch.Generator) -> list:
    rows = checks.random_logits(3, size["vocab"], gen, ctx.device)
    cases = [("T=0.7 k=20 p=0.9", rows[0], 0.7, 20, 0.9), ("T=1.3 p=0.95", rows[1], 1.3, None, 0.95),
             ("T=1.0 k=10", rows[2], 1.0, 10, None)]
    found = {}

    def tests():
        if "tests" not in found:
            found["tests"] = checks.run_draw_tests(filters.sample, cases, size["draws"], chain=impl["filtered_probs"])
            for t in found["tests"]:
                ctx.log(f"draws {t.label}: chi2={t.statistic:.1f} dof={t.dof} p={t.p_value:.3f} outside={t.outside}")
                ctx.metric(f"chi2_p_value[{t.label}]", round(t.p_value, 4))
        return found["tests"]

    why = "your filtered_probs raised while drawing"
    return [graded("draws_match_filtered_distribution", lambda: checks.draws_match_filtered_distribution(tests()),
                   expected="p-value above the Bonferroni level", why=why),
            graded("no_draws_outside_kept_set", lambda: checks.no_draws_outside_kept_set(tests()), expected=0, why=why)]


def _lm_checks(ctx: LabContext, size: dict, impl: dict) -> list:
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

    def distinct_check():
        distinct = {}
        for t in LM_TEMPERATURES:
            texts = tinylm.generate(model, tok, PROMPT, size["length"], size["samples"], t, filters.sample,
                                    impl["filtered_probs"], context=size["lm_seq"])
            distinct[t] = stats.distinct_n(texts, 2)
            ctx.metric(f"distinct_1[T={t}]", round(stats.distinct_n(texts, 1), 4))
            ctx.metric(f"distinct_2[T={t}]", round(distinct[t], 4))
            ctx.metric(f"sample[T={t}]", PROMPT + texts[0])
            ctx.log(f"T={t}  distinct-2={distinct[t]:.3f}  {PROMPT}{texts[0][:80]!r}")
        return checks.distinct_n_rises(distinct)

    return [checks.tiny_lm_learned(losses),
            graded("distinct_n_rises_with_temperature", distinct_check, expected="rising",
                   why="your filtered_probs raised while the tiny LM generated")]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = _implementation(ctx)
    gen = torch.Generator().manual_seed(int(time.time_ns() % 2**31))  # fresh draws each run, on purpose
    ctx.progress(0.0, "comparing the filters with transformers")
    found = _filter_checks(ctx, size, impl, gen)
    ctx.progress(0.25, f"drawing {size['draws']:,} tokens per case")
    found += _draw_checks(ctx, size, impl, gen)
    found += _lm_checks(ctx, size, impl)
    ctx.progress(1.0, "done")
    return found
