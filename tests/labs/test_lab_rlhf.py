"""The RLHF lab: the reference passes as an exercise, the starter is unfinished, and realistic wrong
formulas or losses, run through the whole quick lab, fail the check named for them."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lab_results import counted_and_graded

REPO = Path(__file__).resolve().parents[2]
REFERENCE = (REPO / "labs" / "rlhf" / "formulas.py").read_text(encoding="utf-8")

# Each wrong solution is the reference with one function redefined the way a learner might get it wrong.
MUTANTS = {
    "frozen_models_get_adam_too": ("ppo_memory_frozen_models", '''
def ppo_memory_bytes(n_params):
    return {role: 16 * n for role, n in n_params.items()}
'''),
    "adam_keeps_one_moment": ("ppo_memory_trained_models", '''
def ppo_memory_bytes(n_params):
    return {role: n * (12 if role in TRAINED else 4) for role, n in n_params.items()}
'''),
    "dpo_forgets_the_reference": ("dpo_loss_closed_form", '''
def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    return -F.logsigmoid(beta * (policy_chosen - policy_rejected)).mean()
'''),
    "dpo_chosen_and_rejected_swapped": ("dpo_training_prefers_chosen", '''
def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    margin = (policy_rejected - ref_rejected) - (policy_chosen - ref_chosen)
    return -F.logsigmoid(beta * margin).mean()
'''),
    "kl_penalty_rewards_drift": ("kl_penalized_rewards_closed_form", '''
def kl_penalized_rewards(score, logp_policy, logp_ref, beta):
    rewards = beta * (logp_policy - logp_ref)
    rewards[:, -1] += score
    return rewards
'''),
    "best_of_n_without_replacement": ("best_of_n_weights_match_simulation", '''
def best_of_n_weights(m, n):
    ranks = torch.arange(1, m + 1, dtype=torch.float64)
    ways = torch.tensor([math.comb(int(i) - 1, n - 1) for i in ranks], dtype=torch.float64)
    return ways / ways.sum() if ways.sum() > 0 else torch.full((m,), 1.0 / m, dtype=torch.float64)
'''),
    "best_of_n_kl_is_log_n": ("best_of_n_kl_matches_numeric", '''
def best_of_n_kl(n):
    return math.log(n)
'''),
}


def _failed(result: dict) -> set[str]:
    return {c["name"] for c in result["checks"] if c["status"] == "fail"}


@pytest.mark.slow
def test_the_reference_as_an_exercise_passes(check_exercise):
    result = check_exercise("rlhf", REFERENCE)
    assert result["status"] == "pass", _failed(result)
    counted, graded = counted_and_graded(result)
    assert len(counted) >= 5 and len(graded) >= 0.6 * len(counted)
    assert [c["name"] for c in counted] == list(importlib.import_module("labs.rlhf.checks").NAMES)


@pytest.mark.slow
def test_the_starter_is_reported_unfinished(check_exercise):
    starter = (REPO / "labs" / "rlhf" / "exercise.py").read_text(encoding="utf-8")
    result = check_exercise("rlhf", starter)
    assert result["status"] == "error" and result["message"].startswith("unfinished: ppo_memory_bytes ")


@pytest.mark.slow
@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_wrong_solution_fails_its_check(check_exercise, mutant):
    check, body = MUTANTS[mutant]
    result = check_exercise("rlhf", REFERENCE + "\n" + body)
    assert result["status"] == "fail"
    assert check in _failed(result), (mutant, _failed(result))


def test_nan_losses_and_a_monotone_gold_curve_fail_in_process():
    import torch

    from labs.rlhf import checks

    gen = torch.Generator().manual_seed(0)
    nan_loss = lambda *args: torch.tensor(float("nan"), dtype=torch.float64)  # noqa: E731
    assert checks.dpo_values_check(nan_loss, gen).status == "fail"
    ns = [1, 2, 4, 8]
    assert checks.gold_peaks(ns, [0.0, 0.5, 0.9, 1.0]).status == "fail"
    assert checks.gold_falls(ns, [0.0, 1.0, 2.0, 3.0], [0.0, 0.5, 0.4, 0.45]).status == "fail"
    assert checks.gold_falls(ns, [0.0, 1.0, 2.0, 3.0], [0.0, 0.9, 0.5, 0.1]).status == "pass"
