"""The attention lab: the reference passes as an exercise, the starter is unfinished, and realistic wrong
masks or predictions, run through the whole quick lab, fail the check named for them."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lab_results import counted_and_graded

REPO = Path(__file__).resolve().parents[2]
REFERENCE = (REPO / "labs" / "attention" / "masks.py").read_text(encoding="utf-8")

# Each wrong solution is the reference with one function redefined the way a learner might get it wrong.
MUTANTS = {
    "upper_triangular_causal": ("causal_mask_matches_gpt2", '''
def causal_mask(seq_len):
    return torch.ones(seq_len, seq_len, dtype=torch.bool).triu()
'''),
    "pads_the_queries": ("padding_mask_matches_bert", '''
def padding_mask(attention_mask, query_len):
    rows = attention_mask.bool()[:, :, None]
    return rows.expand(-1, -1, attention_mask.shape[-1])
'''),
    "causal_or_padding": ("decoder_mask_matches_llama_left_padding", '''
def decoder_mask(attention_mask):
    n = attention_mask.shape[-1]
    return causal_mask(n)[None] | padding_mask(attention_mask, n)
'''),
    "no_sqrt_d_scaling": ("masked_attention_matches_sdpa", '''
def masked_attention(q, k, v, allowed):
    scores = (q @ k.transpose(-2, -1)).masked_fill(~allowed, float("-inf"))
    return scores.softmax(dim=-1) @ v
'''),
    "changed_token_itself_unaffected": ("predicted_unaffected_match_gpt2_llama", '''
def unaffected_positions(architecture, seq_len, changed):
    positions = torch.arange(seq_len)
    if architecture in ("decoder", "t5-decoder-token"):
        return positions <= changed
    return torch.zeros(seq_len, dtype=torch.bool)
'''),
    "bert_thought_one_way": ("predicted_unaffected_match_bert", '''
def unaffected_positions(architecture, seq_len, changed):
    if architecture == "t5-encoder-token":
        return torch.zeros(seq_len, dtype=torch.bool)
    return torch.arange(seq_len) < changed
'''),
}


def _failed(result: dict) -> set[str]:
    return {c["name"] for c in result["checks"] if c["status"] == "fail"}


@pytest.mark.slow
def test_the_reference_as_an_exercise_passes(check_exercise):
    result = check_exercise("attention", REFERENCE)
    assert result["status"] == "pass", _failed(result)
    counted, graded = counted_and_graded(result)
    assert len(counted) >= 5 and len(graded) >= 0.6 * len(counted)
    assert [c["name"] for c in counted] == list(importlib.import_module("labs.attention.checks").NAMES)


@pytest.mark.slow
def test_the_starter_is_reported_unfinished(check_exercise):
    starter = (REPO / "labs" / "attention" / "exercise.py").read_text(encoding="utf-8")
    result = check_exercise("attention", starter)
    assert result["status"] == "error" and result["message"].startswith("unfinished: causal_mask ")


@pytest.mark.slow
@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_wrong_solution_fails_its_check(check_exercise, mutant):
    check, body = MUTANTS[mutant]
    result = check_exercise("attention", REFERENCE + "\n" + body)
    assert result["status"] == "fail"
    assert check in _failed(result), (mutant, _failed(result))


def test_a_wrong_prediction_or_mask_fails_in_process():
    import torch

    from labs.attention import checks, masks

    change = torch.tensor([0.0, 0.0, 0.3, 0.2])  # a decoder after changing token 2
    cases = [("decoder", 2, change)]
    assert checks.prediction_check("p", cases, masks.unaffected_positions).status == "pass"
    assert checks.prediction_check("p", cases, lambda a, n, c: torch.zeros(n, dtype=torch.bool)).status == "fail"
    pattern = masks.causal_mask(5)[None].expand(2, -1, -1)
    assert checks.mask_check("m", pattern, lambda: masks.causal_mask(5), "x").status == "pass"
    assert checks.mask_check("m", pattern, lambda: masks.causal_mask(5).T, "x").status == "fail"
    broken = checks.masked_attention_check(lambda q, k, v, a: q * float("nan"), *[torch.randn(1, 1, 3, 4).double()] * 3,
                                           [masks.causal_mask(3)])
    assert broken.status == "fail" and broken.kind == "exercise"
