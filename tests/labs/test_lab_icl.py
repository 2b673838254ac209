"""The icl lab: the reference passes as a learner's file, realistic wrong prompt builders and Bayes
learners fail a named check when run through the whole quick lab, and the measured checks fail on
wrong figures."""
from __future__ import annotations

from pathlib import Path

import pytest
import torch

from labs.icl import bayes, checks, family, reference

LAB = Path(__file__).resolve().parents[2] / "labs" / "icl"
REFERENCE = (LAB / "reference.py").read_text(encoding="utf-8")

# name: (text in the reference, the learner's wrong version, the check that must fail)
MUTANTS = {
    "examples written answer first": (
        "tokens += [x, vocab.arrow, y, vocab.sep]", "tokens += [y, vocab.arrow, x, vocab.sep]",
        "your_few_shot_prompts_reach_bayes_accuracy"),
    "query without the arrow that asks for the answer": (
        "return tokens + [query, vocab.arrow]", "return tokens + [query]",
        "your_few_shot_prompts_reach_bayes_accuracy"),
    "no filler when there is no instruction": (
        "tokens = [vocab.bos, slot]", "tokens = [vocab.bos] if instruction is None else [vocab.bos, slot]",
        "prompt_matches_training_layout"),
    "the task index instead of its instruction token": (
        "else vocab.task_token(instruction)", "else instruction", "your_instruction_prompt_solves_zero_shot"),
    "posterior left unnormalised": (
        "return [f / sum(fits) for f in fits]", "return [float(f) for f in fits]", "posterior_matches_enumeration"),
    "a task fits if any example agrees": (
        "fits = [all(row[x] == y", "fits = [any(row[x] == y", "posterior_matches_enumeration"),
    "answer from the prior, ignoring the examples": (
        "zip(table, task_posterior(examples, table))", "zip(table, task_posterior([], table))",
        "bayes_answer_matches_enumeration"),
}


def _mutate(old: str, new: str) -> str:
    assert REFERENCE.count(old) == 1, old
    return REFERENCE.replace(old, new)


@pytest.mark.slow
def test_the_reference_passes_as_an_exercise(check_exercise):
    result = check_exercise("icl", REFERENCE)
    failed = [(c["name"], c["measured"]) for c in result["checks"] if c["status"] != "pass"]
    assert result["status"] == "pass", (result["message"], failed)
    assert [c["name"] for c in result["checks"]] == list(checks.NAMES)
    judged = [c for c in result["checks"] if c["kind"] != "demo"]
    assert len(judged) >= 5 and sum(c["kind"] == "exercise" for c in judged) >= 0.6 * len(judged)


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(MUTANTS))
def test_a_wrong_solution_fails_its_check(check_exercise, label):
    old, new, name = MUTANTS[label]
    result = check_exercise("icl", _mutate(old, new))
    status = {c["name"]: c["status"] for c in result["checks"]}
    assert result["status"] == "fail", result["message"]
    assert status[name] == "fail", status


def test_the_starter_exercise_ends_as_unfinished(check_exercise):
    result = check_exercise("icl", (LAB / "exercise.py").read_text(encoding="utf-8"))
    assert result["status"] == "error" and result["message"].startswith("unfinished: build_prompt ")


def test_reference_prompts_are_the_training_layout():
    fam = family.make_family(8, 4, 4, seed=0)
    b = family.sample(fam, 50, 3, 0.5, torch.Generator().manual_seed(1))
    for i in range(50):
        xs = b.inputs[i, :2].tolist()
        ys = fam.table[b.tasks[i], b.inputs[i, :2]].tolist()
        task = int(b.tasks[i]) if b.instructed[i] else None
        built = reference.build_prompt(list(zip(xs, ys)), int(b.inputs[i, 2]), fam.vocab, task)
        assert built == family.prompt_prefix(b, 2)[i].tolist()


def test_bayes_closed_form_on_a_hand_made_family():
    table = torch.tensor([[10, 11], [10, 12], [13, 11]])  # 3 tasks, 2 inputs
    xs, ys = torch.tensor([[0]]), torch.tensor([[10]])  # rules out task 2
    assert bayes.posterior(table, xs, ys).tolist() == [[0.5, 0.5, 0.0]]
    assert float(bayes.best_answer_probability(table, xs, ys, torch.tensor([1]))[0]) == 0.5
    none = torch.empty(1, 0, dtype=torch.long)
    assert float(bayes.best_answer_probability(table, none, none, torch.tensor([0]))[0]) == pytest.approx(2 / 3)


def test_curve_check_fails_when_the_model_lags_bayes():
    assert checks.near_bayes("x", {1: 0.9}, {1: 0.97}, why="").status == "fail"
    assert checks.near_bayes("x", {1: 0.95}, {1: 0.97}, why="").status == "pass"
    assert checks.few_shot_gain(0.3, 0.6, 4).status == "fail"
