"""In-context learning lab: a tiny Llama learns a task family; prompts with 0..k examples are scored."""
from __future__ import annotations

import time

import torch

from labs.icl import bayes, checks, exercise, family, reference, training
from labs.protocol import LabContext, graded

SHOTS = (0, 1, 2, 4)
SIZES = {
    "quick": dict(inputs=8, tasks=4, stride=4, pairs=6, steps=300, batch=32, lr=5e-3, hidden=64, layers=2,
                  eval=400, unit_cases=300),
    "full": dict(inputs=8, tasks=4, stride=4, pairs=6, steps=1000, batch=64, lr=3e-3, hidden=96, layers=2,
                 eval=4000, unit_cases=2000),
}
P_INSTRUCTION = 0.3  # share of training sequences that carry the task's instruction token
SEED = 0


class _Cases:
    """Evaluation prompts for one number of shots, as tensors and as the learner's lists."""

    def __init__(self, fam: family.Family, n: int, shots: int, instructed: bool, gen: torch.Generator):
        self.fam, self.shots = fam, shots
        self.batch = family.sample(fam, n, shots + 1, 1.0 if instructed else 0.0, gen)
        b = self.batch
        self.xs, self.queries = b.inputs[:, :shots], b.inputs[:, shots]
        self.ys = fam.table[b.tasks.unsqueeze(1), self.xs]
        self.targets = fam.table[b.tasks, self.queries]
        self.instructed = instructed

    def examples(self, row: int) -> list[tuple[int, int]]:
        return list(zip(self.xs[row].tolist(), self.ys[row].tolist()))

    def bayes_accuracy(self) -> float:
        task = self.batch.tasks if self.instructed else None
        return float(bayes.best_answer_probability(self.fam.table, self.xs, self.ys, self.queries, task).mean())

    def reference_prompts(self) -> torch.Tensor:
        return family.prompt_prefix(self.batch, self.shots)

    def learner_prompts(self, build) -> list[list[int]]:
        v = self.fam.vocab
        return [build(self.examples(i), int(self.queries[i]), v,
                      int(self.batch.tasks[i]) if self.instructed else None) for i in range(len(self.queries))]


def _accuracy(model, prompts, targets, device) -> float:
    prompts = torch.as_tensor(prompts, dtype=torch.long)
    return float((training.next_token(model, prompts, device) == targets).double().mean())


def _prompt_check(fam: family.Family, build, n: int, gen: torch.Generator):
    mismatches, cases = [], 0
    for shots in SHOTS:
        for instructed in (False, True):
            c = _Cases(fam, n // len(SHOTS), shots, instructed, gen)
            want = c.reference_prompts().tolist()
            mismatches += [{"shots": shots, "instruction": instructed, "yours": m, "training": w}
                           for m, w in zip(c.learner_prompts(build), want) if list(m) != w]
            cases += len(want)
    return checks.prompts_match(mismatches, cases)


def _bayes_checks(fam: family.Family, impl: dict, n: int, gen: torch.Generator) -> list:
    table = fam.rows()
    cases = [_Cases(fam, n // len(SHOTS), shots, False, gen) for shots in SHOTS]
    total = sum(len(c.queries) for c in cases)

    def posterior():
        worst = 0.0
        for c in cases:
            post = bayes.posterior(fam.table, c.xs, c.ys)
            for i in range(len(c.queries)):
                yours = torch.tensor(impl["task_posterior"](c.examples(i), table), dtype=torch.float64)
                worst = max(worst, float((yours - post[i]).abs().max()))
        return checks.posterior_matches(worst, total)

    def answers():
        worst, wrong = 0.0, 0
        for c in cases:
            post = bayes.posterior(fam.table, c.xs, c.ys)
            best = bayes.best_answer_probability(fam.table, c.xs, c.ys, c.queries)
            outputs = fam.table[:, c.queries].T
            for i in range(len(c.queries)):
                answer, prob = impl["bayes_answer"](c.examples(i), int(c.queries[i]), table)
                worst = max(worst, abs(float(prob) - float(best[i])))
                wrong += abs(float(post[i][outputs[i] == answer].sum()) - float(best[i])) > checks.PROB_TOL
        return checks.bayes_answer_matches(worst, wrong, total)

    return [graded("posterior_matches_enumeration", posterior, expected="<= 1e-9", why="posterior"),
            graded("bayes_answer_matches_enumeration", answers, expected="<= 1e-9", why="Bayes answer")]


def _guarded(fn):
    """Runs the learner's code now; its exception is kept, to fail the check that reports it."""
    try:
        return fn(), None
    except NotImplementedError:
        raise
    except Exception as exc:
        return None, exc


def run(ctx: LabContext) -> list:
    size = SIZES[ctx.mode]
    impl = {n: ctx.pick(getattr(reference, n), exercise, n) for n in ("build_prompt", "task_posterior", "bayes_answer")}
    fam = family.make_family(size["inputs"], size["tasks"], size["stride"], SEED)
    gen = torch.Generator().manual_seed(SEED + 7)
    ctx.progress(0.0, "checking your prompts and Bayes learner")
    found = [graded("prompt_matches_training_layout", lambda: _prompt_check(
        fam, impl["build_prompt"], size["unit_cases"], gen), expected="identical", why="prompt layout")]
    found += _bayes_checks(fam, impl, size["unit_cases"], gen)
    every = max(size["steps"] // 10, 1)

    def on_step(step, loss):
        if step % every == 0:
            ctx.progress(0.1 + 0.7 * step / size["steps"], f"training on the task family: step {step}, loss {loss:.2f}")

    t0 = time.perf_counter()
    model, losses = training.train(fam, steps=size["steps"], batch=size["batch"], pairs=size["pairs"],
                                   p_instruction=P_INSTRUCTION, lr=size["lr"], hidden=size["hidden"],
                                   layers=size["layers"], device=ctx.device, seed=SEED, on_step=on_step)
    ctx.metric("train_seconds", round(time.perf_counter() - t0, 2), "s")
    ctx.metric("final_loss", round(sum(losses[-20:]) / 20, 4), "nats")
    ctx.progress(0.85, "scoring prompts with 0, 1, 2 and 4 examples")
    ref_acc, your_acc, bayes_acc = {}, {}, {}
    for shots in SHOTS:
        c = _Cases(fam, size["eval"], shots, False, gen)
        bayes_acc[shots] = c.bayes_accuracy()
        ref_acc[shots] = _accuracy(model, c.reference_prompts(), c.targets, ctx.device)
        your_acc[shots] = _guarded(lambda c=c: _accuracy(
            model, c.learner_prompts(impl["build_prompt"]), c.targets, ctx.device))
    instructed = _Cases(fam, size["eval"], 0, True, gen)
    instructed_acc = _guarded(lambda: _accuracy(
        model, instructed.learner_prompts(impl["build_prompt"]), instructed.targets, ctx.device))
    ctx.metric("accuracy_by_shots", {str(k): round(v, 4) for k, v in ref_acc.items()})
    ctx.metric("bayes_accuracy_by_shots", {str(k): round(v, 4) for k, v in bayes_acc.items()})
    ctx.log("shots: " + ", ".join(f"{k}: model {ref_acc[k]:.3f} / Bayes {bayes_acc[k]:.3f}" for k in SHOTS))

    def learner_curve():
        failures = [e for v, e in your_acc.values() if e is not None]
        if failures:
            raise failures[0]
        return checks.near_bayes("your_few_shot_prompts_reach_bayes_accuracy",
                                 {k: v for k, (v, _) in your_acc.items() if k > 0},
                                 {k: v for k, v in bayes_acc.items() if k > 0},
                                 why="the trained model answers YOUR few-shot prompts (1, 2, 4 examples) as well "
                                     "as the Bayes-optimal learner can")

    def learner_instruction():
        value, error = instructed_acc
        if error is not None:
            raise error
        return checks.instruction_solves(value)

    found += [
        graded("your_few_shot_prompts_reach_bayes_accuracy", learner_curve, expected="near Bayes", why="few-shot"),
        graded("your_instruction_prompt_solves_zero_shot", learner_instruction, expected=">= 0.95", why="zero-shot"),
        checks.near_bayes("model_accuracy_follows_bayes_curve", ref_acc, bayes_acc,
                          why="with the training layout's prompts the model's accuracy at 0, 1, 2, 4 examples matches "
                              "the Bayes-optimal learner's, computed in closed form on the same prompts"),
        checks.few_shot_gain(ref_acc[0], ref_acc[max(SHOTS)], max(SHOTS)),
    ]
    ctx.progress(1.0, "done")
    return found
