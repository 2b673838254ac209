"""The sft lab: the reference pipeline passes as a learner's file, realistic wrong pipelines fail a
named check when run through the whole quick lab, and the experiment checks fail on wrong figures."""
from __future__ import annotations

from pathlib import Path

import pytest

from labs.sft import checks

LAB = Path(__file__).resolve().parents[2] / "labs" / "sft"
REFERENCE = (LAB / "reference.py").read_text(encoding="utf-8")

# name: (text in the reference, the learner's wrong version, the check that must fail)
MUTANTS = {
    "assistant turn without <|end|>": (
        'text += f"<|assistant|>{m[\'content\']}<|end|>\\n"', 'text += f"<|assistant|>{m[\'content\']}\\n"',
        "chat_template_matches_transformers"),
    "no loss mask: the prompt is trained too": (
        "return [IGNORE] * prompt_length + list(input_ids[prompt_length:])", "return list(input_ids)",
        "prompt_tokens_get_no_gradient"),
    "mask one token too many: the answer is not trained": (
        "return [IGNORE] * prompt_length + list(input_ids[prompt_length:])",
        "return [IGNORE] * (prompt_length + 1) + list(input_ids[prompt_length + 1:])",
        "every_response_token_is_trained"),
    "labels shifted by hand as well": (
        "return [IGNORE] * prompt_length + list(input_ids[prompt_length:])",
        "return [IGNORE] * (prompt_length - 1) + list(input_ids[prompt_length:]) + [IGNORE]",
        "prompt_tokens_get_no_gradient"),
    "labels padded with the pad id": (
        'padded("labels", IGNORE)', 'padded("labels", pad_id)', "collate_matches_transformers"),
    "loss without the shift": (
        "return F.cross_entropy(logits[:, :-1].flatten(0, 1).float(), labels[:, 1:].flatten(), ignore_index=IGNORE)",
        "return F.cross_entropy(logits.flatten(0, 1).float(), labels.flatten(), ignore_index=IGNORE)",
        "loss_matches_transformers"),
    "linear decay instead of cosine": (
        "return peak * max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))",
        "return peak * max(0.0, 1.0 - progress)", "schedule_matches_transformers"),
}


def _mutate(old: str, new: str) -> str:
    assert REFERENCE.count(old) == 1, old
    return REFERENCE.replace(old, new)


@pytest.mark.slow
def test_the_reference_passes_as_an_exercise(check_exercise):
    result = check_exercise("sft", REFERENCE)
    failed = [(c["name"], c["measured"]) for c in result["checks"] if c["status"] != "pass"]
    assert result["status"] == "pass", (result["message"], failed)
    assert [c["name"] for c in result["checks"]] == list(checks.NAMES)
    judged = [c for c in result["checks"] if c["kind"] != "demo"]
    assert len(judged) >= 5 and sum(c["kind"] == "exercise" for c in judged) >= 0.6 * len(judged)


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(MUTANTS))
def test_a_wrong_pipeline_fails_its_check(check_exercise, label):
    old, new, name = MUTANTS[label]
    result = check_exercise("sft", _mutate(old, new))
    status = {c["name"]: c["status"] for c in result["checks"]}
    assert result["status"] == "fail", result["message"]
    assert status[name] == "fail", status


def test_the_starter_exercise_ends_as_unfinished(check_exercise):
    result = check_exercise("sft", (LAB / "exercise.py").read_text(encoding="utf-8"))
    assert result["status"] == "error" and result["message"].startswith("unfinished: render_chat ")


@pytest.mark.parametrize("first, last, status", [(4.0, 3.9, "pass"), (4.0, 1.0, "fail")])
def test_stall_check(first, last, status):
    assert checks.stalls(first, last, 1e-5).status == status


@pytest.mark.parametrize("first, last, status", [(4.0, 9.0, "pass"), (4.0, float("nan"), "pass"), (4.0, 2.0, "fail")])
def test_divergence_check(first, last, status):
    assert checks.diverges(first, last, 3.0).status == status


def test_overfit_check_needs_a_rise_after_the_minimum():
    rising = [(10, 3.0, 3.0), (20, 1.0, 2.0), (30, 0.1, 3.0)]
    falling = [(10, 3.0, 3.0), (20, 1.0, 2.0), (30, 0.1, 1.9)]
    assert checks.overfits(rising).status == "pass"
    assert checks.overfits(falling).status == "fail"


def test_diversity_check():
    assert checks.diversity_helps(0.33, 0.8).status == "pass"
    assert checks.diversity_helps(0.5, 0.6).status == "fail"
