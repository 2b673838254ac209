"""The flops lab: the reference formulas pass as a learner's file, realistic wrong ones fail a named
check when run through the whole quick lab, and the measured checks fail on wrong measurements."""
from __future__ import annotations

from pathlib import Path

import pytest

from labs.flops import checks

REFERENCE = (Path(__file__).resolve().parents[2] / "labs" / "flops" / "formulas.py").read_text(encoding="utf-8")

# name: (text in the reference, the learner's wrong version, the check that must fail)
MUTANTS = {
    "counts multiply-accumulates, not FLOPs": (
        "return 2 * m * k * n", "return m * k * n", "matmul_flops_match_counter"),
    "attention without the P·V product": (
        "return scores + weighted_values", "return scores", "attention_flops_match_counter"),
    "halves attention for the causal mask": (
        "return scores + weighted_values", "return (scores + weighted_values) // 2", "attention_flops_match_counter"),
    "ignores grouped-query attention": (
        "kv_width = cfg.num_key_value_heads * head_dim", "kv_width = cfg.num_attention_heads * head_dim",
        "forward_flops_match_counter"),
    "forgets the output head": (
        "return cfg.num_hidden_layers * (projections + mlp + attention) + head",
        "return cfg.num_hidden_layers * (projections + mlp + attention)", "forward_flops_match_counter"),
    "backward costs as much as forward": (
        "return 3 * llama_forward_flops(cfg, batch, seq)", "return 2 * llama_forward_flops(cfg, batch, seq)",
        "training_step_flops_match_counter"),
    "2·N·D (forward only) for training": (
        "return 6 * n_params * tokens", "return 2 * n_params * tokens", "six_n_d_close_at_short_context"),
}


def _mutate(old: str, new: str) -> str:
    assert REFERENCE.count(old) == 1, old
    return REFERENCE.replace(old, new)


@pytest.mark.slow
def test_the_reference_formulas_pass_as_an_exercise(check_exercise):
    result = check_exercise("flops", REFERENCE)
    failed = [(c["name"], c["measured"]) for c in result["checks"] if c["status"] != "pass"]
    assert result["status"] == "pass", (result["message"], failed)
    assert [c["name"] for c in result["checks"]] == list(checks.NAMES)
    judged = [c for c in result["checks"] if c["kind"] != "demo"]
    assert len(judged) >= 5 and sum(c["kind"] == "exercise" for c in judged) >= 0.6 * len(judged)


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(MUTANTS))
def test_a_wrong_formula_fails_its_check(check_exercise, label):
    old, new, name = MUTANTS[label]
    result = check_exercise("flops", _mutate(old, new))
    status = {c["name"]: c["status"] for c in result["checks"]}
    assert result["status"] == "fail", result["message"]
    assert status[name] == "fail", status


def test_the_starter_exercise_ends_as_unfinished(check_exercise):
    starter = (Path(__file__).resolve().parents[2] / "labs" / "flops" / "exercise.py").read_text(encoding="utf-8")
    result = check_exercise("flops", starter)
    assert result["status"] == "error" and result["message"].startswith("unfinished: matmul_flops ")


def test_backward_check_fails_when_a_layer_is_frozen():
    assert checks.backward_twice_forward(100, 180).status == "fail"  # frozen weights skip weight grads
    assert checks.backward_twice_forward(100, 200).status == "pass"


@pytest.mark.parametrize("ratio, status", [(8.1, "pass"), (2.0, "fail"), (30.0, "fail")])
def test_n_cubed_check_bounds(ratio, status):
    assert checks.time_grows_as_n_cubed(256, 1.0, ratio).status == status


def test_a_mismatch_names_the_case():
    check = checks.formula_matches_counter("x", {"a": ((2, 3, 4), 48), "b": ((1, 1, 1), 2)},
                                           lambda m, k, n: m * k * n * 2 if m > 1 else 1, "mm")
    assert check.status == "fail" and check.measured == {"b": {"yours": 1, "counter": 2}}
