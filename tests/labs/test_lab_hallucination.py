"""The hallucination lab: the reference passes as an exercise, the starter is unfinished, and realistic
wrong detector functions, run through the whole quick lab, fail the check named for them."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lab_results import counted_and_graded

REPO = Path(__file__).resolve().parents[2]
REFERENCE = (REPO / "labs" / "hallucination" / "detect.py").read_text(encoding="utf-8")

# Each wrong solution is the reference with one function redefined the way a learner might get it wrong.
MUTANTS = {
    "entropy_in_bits": ("entropy_matches_torch_categorical", '''
def token_entropy(logits):
    p = logits.softmax(dim=-1)
    return -(p * p.log2()).nan_to_num(0.0).sum(dim=-1)
'''),
    "entropy_nan_on_masked_tokens": ("entropy_matches_torch_categorical", '''
def token_entropy(logits):
    p = logits.softmax(dim=-1)
    return -(p * p.log()).sum(dim=-1)
'''),
    "auroc_ignores_ties": ("auroc_matches_rank_formula", '''
def auroc(scores, labels):
    pos, neg = scores[labels.bool()], scores[~labels.bool()]
    return float((pos[:, None] > neg[None, :]).double().mean())
'''),
    "auroc_upside_down": ("detector_auroc_matches_reference", '''
def auroc(scores, labels):
    pos, neg = scores[labels.bool()], scores[~labels.bool()]
    return float(((pos[:, None] < neg[None, :]).double() + 0.5 * (pos[:, None] == neg[None, :]).double()).mean())
'''),
    "temperature_multiplies": ("expected_error_matches_sampling", '''
def expected_error(logits, answers, temperature):
    probs = (logits * temperature).softmax(dim=-1)
    return float(1 - probs.gather(-1, answers[:, None]).mean())
'''),
    "greedy_error_ignores_temperature": ("error_rises_with_temperature", '''
def expected_error(logits, answers, temperature):
    return float((logits.argmax(dim=-1) != answers).double().mean())
'''),
    "answers_the_least_sure": ("selective_accuracy_matches_threshold", '''
def selective_accuracy(entropy, correct, coverage):
    k = max(1, math.ceil(coverage * len(entropy)))
    return float(correct[entropy.argsort(descending=True)[:k]].double().mean())
'''),
}


def _failed(result: dict) -> set[str]:
    return {c["name"] for c in result["checks"] if c["status"] == "fail"}


@pytest.mark.slow
def test_the_reference_as_an_exercise_passes(check_exercise):
    result = check_exercise("hallucination", REFERENCE)
    assert result["status"] == "pass", _failed(result)
    counted, graded = counted_and_graded(result)
    assert len(counted) >= 5 and len(graded) >= 0.6 * len(counted)
    assert [c["name"] for c in counted] == list(importlib.import_module("labs.hallucination.checks").NAMES)


@pytest.mark.slow
def test_the_starter_is_reported_unfinished(check_exercise):
    starter = (REPO / "labs" / "hallucination" / "exercise.py").read_text(encoding="utf-8")
    result = check_exercise("hallucination", starter)
    assert result["status"] == "error" and result["message"].startswith("unfinished: token_entropy ")


@pytest.mark.slow
@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_wrong_solution_fails_its_check(check_exercise, mutant):
    check, body = MUTANTS[mutant]
    result = check_exercise("hallucination", REFERENCE + "\n" + body)
    assert result["status"] == "fail"
    assert check in _failed(result), (mutant, _failed(result))


def test_the_rank_formula_agrees_with_pairs_and_nan_fails_in_process():
    import torch

    from labs.hallucination import checks, detect

    gen = torch.Generator().manual_seed(0)
    scores = (torch.rand(200, generator=gen) * 4).floor().double()  # many ties
    labels = torch.rand(200, generator=gen) < 0.4
    assert abs(checks.rank_auroc(scores, labels) - detect.auroc(scores, labels)) < 1e-12
    logits = torch.randn(10, 5, generator=gen, dtype=torch.float64)
    assert checks.entropy_check(detect.token_entropy, [logits]).status == "pass"
    assert checks.entropy_check(lambda x: detect.token_entropy(x) * float("nan"), [logits]).status == "fail"
