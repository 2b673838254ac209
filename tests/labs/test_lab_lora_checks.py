"""Every LoRA check fails when handed a wrong formula, a wrong merge or a wrong measurement."""
from __future__ import annotations

import pytest
import torch

from labs import tinyllama
from labs.lora import adapters, checks


def assert_fails(check):
    assert check.status == "fail", f"{check.name} should fail: expected {check.expected}, measured {check.measured}"


@pytest.fixture(scope="module")
def wrapped():
    cfg = tinyllama.config(vocab=64, hidden=32, layers=1, heads=4, kv_heads=2, intermediate=64, max_positions=64)
    base = tinyllama.build(cfg, seed=0)
    dims = [(m.in_features, m.out_features) for m in adapters.target_linears(base).values()]
    model = adapters.wrap(base, r=4, alpha=8)
    model.target_dims = dims  # the adapted matrices' shapes, read before wrapping
    with torch.no_grad():
        for layer in adapters.lora_layers(model).values():
            layer.lora_B["default"].weight.normal_()  # as if trained
    return model


def _wrong_count(wrapped, fn):
    trainable = sum(p.numel() for p in wrapped.parameters() if p.requires_grad)
    dims = wrapped.target_dims
    assert len(dims) == 7
    return checks.trainable_params(trainable, sum(fn(d_in, d_out, 4) for d_in, d_out in dims), len(dims), 4)


def _merge_error(wrapped, merge):
    worst = 0.0
    for layer in adapters.lora_layers(wrapped).values():
        a, b, scaling = adapters.adapter_factors(layer)
        w = layer.get_base_layer().weight.detach()
        ref = adapters.merge_weight(w, a, b, scaling)
        worst = max(worst, float((merge(w, a, b, scaling) - ref).abs().max() / ref.abs().max()))
    return worst


WRONG = {
    "trainable_params_match_formula": lambda m: _wrong_count(m, lambda i, o, r: r * i * o),
    "lora_b_initialised_to_zero": lambda m: checks.b_zero(sum(
        int((adapters.adapter_factors(x)[1] != 0).sum()) for x in adapters.lora_layers(m).values())),
    "first_logits_equal_base": lambda m: checks.first_logits(0.01),
    "training_lowers_loss": lambda m: checks.loss_drop(5.0, 4.6, 0.25),
    "base_weights_bit_identical": lambda m: checks.base_unchanged(["model.layers.0.self_attn.q_proj.weight"], 10),
    "delta_w_rank_at_most_r": lambda m: checks.rank(
        int(torch.linalg.matrix_rank(torch.randn(32, 32, dtype=torch.float64))), 4, 1),
    "own_merge_matches_peft": lambda m: checks.own_merge(_merge_error(m, lambda w, a, b, s: w + b @ a)),
    "merged_logits_match_adapter": lambda m: checks.merged_logits(1e-3),
    "merge_leaves_no_adapters": lambda m: checks.no_adapters_left(len(adapters.lora_layers(m)), "LlamaForCausalLM"),
    "optimizer_state_ratio_matches_formula": lambda m: checks.state_ratio(0.5, 0.07, 100, 200),
}


def test_every_check_has_a_wrong_case():
    assert set(WRONG) == set(checks.NAMES)


@pytest.mark.parametrize("name", checks.NAMES)
def test_check_fails_on_a_wrong_input(name, wrapped):
    check = WRONG[name](wrapped)
    assert check.name == name
    assert_fails(check)


def test_reference_formula_and_merge_pass(wrapped):
    assert _wrong_count(wrapped, adapters.lora_trainable_params).status == "pass"
    assert checks.own_merge(_merge_error(wrapped, adapters.merge_weight)).status == "pass"
