"""Hallucination lab: trains the fact-table LM, questions it closed- and open-book, returns the checks."""
from __future__ import annotations

import time

import torch

from labs.hallucination import checks, detect, exercise, facts
from labs.protocol import LabContext, demo

SIZES = {
    "quick": dict(values=8, seen=96, unseen=200, context=400, hidden=64, layers=2, steps=200, batch=64, draws=2000),
    "full": dict(values=32, seen=2000, unseen=1000, context=4000, hidden=256, layers=4, steps=2000, batch=512,
                 draws=4000),
}
FUNCTIONS = ("token_entropy", "auroc", "expected_error", "selective_accuracy")
TEMPERATURES = (0.5, 1.0, 2.0, 4.0)
COVERAGES = (0.25, 0.5, 0.75, 1.0)


def _answers(table: facts.Table, entities: torch.Tensor) -> torch.Tensor:
    return table.answers(entities) - facts.SPECIAL  # index among the K value tokens


def _synthetic_cases(gen: torch.Generator) -> tuple[list, list]:
    logits = torch.randn(50, 12, generator=gen, dtype=torch.float64) * 3
    masked = logits.clone()
    masked[:, 6:] = float("-inf")
    ties = (torch.rand(300, generator=gen) * 5).floor().double(), torch.rand(300, generator=gen) < 0.3
    smooth = torch.randn(200, generator=gen, dtype=torch.float64), torch.rand(200, generator=gen) < 0.5
    return [logits, masked], [ties, smooth]


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    own = {n: ctx.pick(getattr(detect, n), exercise, n) for n in FUNCTIONS}
    gen = torch.Generator().manual_seed(0)
    table = facts.make_table(size["values"], size["seen"], size["unseen"], size["context"], gen)
    every = max(size["steps"] // 10, 1)

    def on_step(step, loss):
        if step % every == 0:
            ctx.progress(0.7 * step / size["steps"], f"training on the fact table: step {step}, loss {loss:.3f}")

    t0 = time.perf_counter()
    model, losses = facts.train(table, size["hidden"], size["layers"], size["steps"], size["batch"], ctx.device, gen,
                                on_step=on_step)
    ctx.metric("train_seconds", round(time.perf_counter() - t0, 2), "s")
    ctx.metric("final_loss", round(sum(losses[-10:]) / 10, 4), "nats")
    ctx.progress(0.75, "asking about seen and unseen entities")
    seen = facts.answer_logits(model, facts.closed_book(table.seen), table, ctx.device)
    unseen = facts.answer_logits(model, facts.closed_book(table.unseen), table, ctx.device)
    given = facts.answer_logits(model, facts.open_book(table.unseen, table.answers(table.unseen)), table, ctx.device)
    seen_y, unseen_y = _answers(table, table.seen), _answers(table, table.unseen)
    error = {name: float((lg.argmax(-1) != y).double().mean())
             for name, lg, y in (("seen", seen, seen_y), ("unseen", unseen, unseen_y), ("open_book", given, unseen_y))}
    confidence = float(unseen.softmax(-1).amax(-1).mean())
    for name, value in error.items():
        ctx.metric(f"error[{name}]", round(value, 4))
    ctx.metric("mean_top_probability[unseen]", round(confidence, 4))

    pooled, pooled_y = torch.cat([seen, unseen]), torch.cat([seen_y, unseen_y])
    wrong = pooled.argmax(-1) != pooled_y
    reference_entropy = detect.token_entropy(pooled)
    auc = checks.rank_auroc(reference_entropy, wrong)
    ctx.metric("entropy_auroc", round(auc, 4))
    ctx.metric("mean_entropy", {"seen": round(float(detect.token_entropy(seen).mean()), 4),
                                "unseen": round(float(detect.token_entropy(unseen).mean()), 4)}, "nats")
    entropy_sets, auroc_cases = _synthetic_cases(gen)
    ctx.progress(0.85, "grading the detector")
    found = [demo("fact_table", shown={"values": table.values, "seen": len(table.seen), "unseen": len(table.unseen),
                                       "context_only": len(table.context)},
                  why="entities and their answers; unseen entities never appear in training")]
    found += [
        checks.entropy_check(own["token_entropy"], [pooled] + entropy_sets),
        checks.auroc_check(own["auroc"], auroc_cases + [(reference_entropy, wrong)]),
        checks.detector_check(own["token_entropy"], own["auroc"], pooled, wrong),
        checks.sampling_check(own["expected_error"], pooled, pooled_y, (0.5, 1.0, 2.0), size["draws"], gen),
        checks.temperature_check(own["expected_error"], seen, seen_y, TEMPERATURES),
        checks.selective_check(own["selective_accuracy"], reference_entropy, ~wrong, COVERAGES),
        checks.seen_correct(error["seen"], len(table.seen)),
        checks.unseen_at_chance(error["unseen"], len(table.unseen), table.values, confidence),
        checks.context_helps(error["unseen"], error["open_book"]),
        checks.entropy_flags(auc),
    ]
    ctx.progress(1.0, "done")
    return found
