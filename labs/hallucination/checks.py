"""The hallucination lab's checks: the learner's functions against independent computations, and the
model's behaviour against chance."""
from __future__ import annotations

import math

import torch

from labs.protocol import Check, check_at_least, check_at_most, check_true, graded

NAMES = (
    "entropy_matches_torch_categorical",
    "auroc_matches_rank_formula",
    "detector_auroc_matches_reference",
    "expected_error_matches_sampling",
    "error_rises_with_temperature",
    "selective_accuracy_matches_threshold",
    "seen_entities_answered_correctly",
    "unseen_entities_answered_at_chance",
    "fact_in_context_reduces_errors",
    "entropy_flags_hallucinations",
)


def _worse(worst: float, value: float) -> float:
    """The larger of the two, where NaN (a broken implementation) is worse than anything."""
    value = float(value)
    return math.inf if math.isnan(value) else max(worst, value)


def rank_auroc(scores: torch.Tensor, labels: torch.Tensor) -> float:
    """Mann-Whitney: (sum of the positives' average ranks - n+(n+ + 1)/2) / (n+ n-)."""
    s = scores.double()
    order = s.argsort()
    ranks = torch.empty_like(s)
    ranks[order] = torch.arange(1, len(s) + 1, dtype=torch.float64)
    for value in s.unique():  # tied scores share their average rank
        tied = s == value
        ranks[tied] = ranks[tied].mean()
    pos = labels.bool()
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def entropy_check(own, logit_sets: list[torch.Tensor]) -> Check:
    name = "entropy_matches_torch_categorical"

    def compute() -> Check:
        worst = 0.0
        for logits in logit_sets:
            theirs = torch.distributions.Categorical(logits=logits).entropy()
            worst = _worse(worst, float((torch.as_tensor(own(logits.clone())) - theirs).abs().max()))
        return check_at_most(name, worst, 1e-9, why="your entropy equals torch.distributions.Categorical's, in nats, "
                                                    "on the model's logits and on rows with -inf logits")
    return graded(name, compute, expected="<= 1e-09", why="token entropy")


def auroc_check(own, cases: list[tuple[torch.Tensor, torch.Tensor]]) -> Check:
    name = "auroc_matches_rank_formula"

    def compute() -> Check:
        worst = 0.0
        for s, y in cases:
            worst = _worse(worst, abs(float(own(s.clone(), y.clone())) - rank_auroc(s, y)))
        return check_at_most(name, worst, 1e-9, why=f"your AUROC equals the Mann-Whitney rank formula (average ranks "
                                                    f"for ties) on {len(cases)} score sets, some with ties")
    return graded(name, compute, expected="<= 1e-09", why="AUROC")


def detector_check(own_entropy, own_auroc, logits: torch.Tensor, wrong: torch.Tensor) -> Check:
    name = "detector_auroc_matches_reference"

    def compute() -> Check:
        reference = rank_auroc(torch.distributions.Categorical(logits=logits).entropy(), wrong)
        mine = float(own_auroc(own_entropy(logits.clone()), wrong.clone()))
        return check_at_most(name, abs(mine - reference), 1e-9,
                             why=f"your entropy detector's AUROC on the model's answers equals the reference "
                                 f"{reference:.4f} (you measured {mine:.4f})")
    return graded(name, compute, expected="<= 1e-09", why="entropy detector")


def sampling_check(own, logits: torch.Tensor, answers: torch.Tensor, temperatures, draws: int,
                   gen: torch.Generator) -> Check:
    name = "expected_error_matches_sampling"

    def compute() -> Check:
        worst_z = 0.0
        for t in temperatures:
            probs = (logits / t).softmax(-1)
            picks = torch.multinomial(probs, draws, replacement=True, generator=gen)
            sampled = float((picks != answers[:, None]).double().mean())
            p_wrong = 1 - probs.gather(-1, answers[:, None])[:, 0]
            sigma = math.sqrt(float((p_wrong * (1 - p_wrong)).sum()) / draws) / len(answers)
            worst_z = _worse(worst_z, abs(float(own(logits.clone(), answers.clone(), t)) - sampled) / max(sigma, 1e-6))
        return check_at_most(name, round(worst_z, 2), 5.0,
                             why=f"your exact error rate vs {draws:,} sampled answers per question at T in "
                                 f"{list(temperatures)} (worst |z|)")
    return graded(name, compute, expected="<= 5", why="expected error")


def temperature_check(own, logits: torch.Tensor, answers: torch.Tensor, temperatures) -> Check:
    name = "error_rises_with_temperature"

    def compute() -> Check:
        errors = [float(own(logits.clone(), answers.clone(), t)) for t in temperatures]
        rising = all(a < b for a, b in zip(errors, errors[1:])) and errors[-1] - errors[0] >= 0.1
        return check_true(name, rising, expected=f"strictly rising over T = {list(temperatures)}, by >= 0.1",
                          measured={str(t): float(f"{e:.4g}") for t, e in zip(temperatures, errors)},
                          why="on facts the model knows, hotter sampling picks a wrong answer more often")
    return graded(name, compute, expected="rising", why="temperature")


def selective_check(own, entropy: torch.Tensor, correct: torch.Tensor, coverages) -> Check:
    name = "selective_accuracy_matches_threshold"

    def compute() -> Check:
        worst = 0.0
        for c in coverages:
            k = max(1, math.ceil(c * len(entropy)))
            threshold = entropy.kthvalue(k).values
            answered = entropy <= threshold
            worst = _worse(worst, abs(float(own(entropy.clone(), correct.clone(), c))
                                   - float(correct[answered].double().mean())))
        return check_at_most(name, worst, 1e-12, why=f"your accuracy when answering only the lowest-entropy share "
                                                     f"equals a threshold at the k-th smallest entropy, "
                                                     f"coverage {list(coverages)}")
    return graded(name, compute, expected="<= 1e-12", why="selective answering")


def seen_correct(error: float, count: int) -> Check:
    return check_at_most("seen_entities_answered_correctly", round(error, 4), 0.05,
                         why=f"greedy answers about the {count} entities seen in training (error rate)")


def unseen_at_chance(error: float, count: int, values: int, confidence: float) -> Check:
    chance = 1 - 1 / values
    bound = chance - 4 * math.sqrt(chance * (1 - chance) / count)
    return check_at_least("unseen_entities_answered_at_chance", round(error, 4), round(bound, 4),
                          why=f"about {count} never-seen entities it still answers, wrong as often as a blind guess "
                              f"({chance:.3f}, 4 sigma), yet with mean top probability {confidence:.2f}")


def context_helps(closed: float, opened: float) -> Check:
    return check_true("fact_in_context_reduces_errors", opened <= 0.2 and opened <= closed - 0.5,
                      expected="open-book error <= 0.2 and >= 0.5 below closed-book",
                      measured={"closed_book": round(closed, 4), "open_book": round(opened, 4)},
                      why="the same unseen entities, with the fact given in the prompt")


def entropy_flags(auc: float) -> Check:
    return check_at_least("entropy_flags_hallucinations", round(auc, 4), 0.7,
                          why="token entropy separates wrong closed-book answers from right ones (AUROC)")
