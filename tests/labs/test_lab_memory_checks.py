"""Every memory check fails when handed a wrong formula, a wrong implementation or a wrong measurement."""
from __future__ import annotations

import pytest
import torch

from labs import tinyllama
from labs.memory import accounting, activations, checks, formulas
from labs.memory.int8_adam import BLOCK, SIGNED_CODES, UNSIGNED_CODES, Int8AdamW, Quantized
from labs.memory.peak import Peak


def assert_fails(check):
    assert check.status == "fail", f"{check.name} should fail: expected {check.expected}, measured {check.measured}"


@pytest.fixture(scope="module")
def tiny():
    cfg = tinyllama.config(vocab=64, hidden=32, layers=2, heads=4, kv_heads=2, intermediate=64, max_positions=64)
    ids = torch.randint(0, 64, (4, 16), generator=torch.Generator().manual_seed(0))
    return cfg, ids


def _no_grads_counted(n, optimizer, mixed):
    return n * (2 + 4 + 4 + 4) if mixed else formulas.training_bytes(n, optimizer, mixed)


def _sum_without_dividing(model, ids, k):
    """A wrong accumulation: forgets to divide each micro-batch loss by k."""
    model.zero_grad(set_to_none=True)
    for chunk in ids.chunk(k):
        model(input_ids=chunk, labels=chunk).loss.backward()
    return activations.gradients(model)


def _accumulation_wrong(cfg, ids):
    model = tinyllama.build(cfg, seed=0)
    _, full = activations.step_activations(model, ids)
    return activations.relative_difference(_sum_without_dividing(model, ids, 4), full)


WRONG = {
    "fp16_inference_2_bytes_per_param":
        lambda cfg, ids: checks.bytes_match("fp16_inference_2_bytes_per_param", accounting.fp16_inference(cfg, "cpu"),
                                            formulas.inference_bytes(tinyllama.params_from_config(cfg), "fp32"),
                                            tinyllama.params_from_config(cfg), "fp16"),
    "adamw_mixed_precision_16_bytes_per_param":
        lambda cfg, ids: checks.bytes_match("adamw_mixed_precision_16_bytes_per_param",
                                            accounting.adamw_mixed_precision(cfg, ids),
                                            _no_grads_counted(tinyllama.params_from_config(cfg), "adamw", True),
                                            tinyllama.params_from_config(cfg), "adamw"),
    "sgd_momentum_12_bytes_per_param":
        lambda cfg, ids: checks.bytes_match("sgd_momentum_12_bytes_per_param", accounting.sgd_momentum_fp32(cfg, ids),
                                            formulas.training_bytes(tinyllama.params_from_config(cfg), "sgd", False),
                                            tinyllama.params_from_config(cfg), "sgd"),
    "int8_adam_state_bytes":
        lambda cfg, ids: (lambda counted, numels: checks.int8_states(
            counted, sum(2 * n for n in numels), sum(numels)))(*accounting.int8_adam_states(cfg, ids)),
    "int8_adam_tracks_adamw": lambda cfg, ids: checks.int8_tracks([3.0] * 20, [3.5] * 20),
    "activations_scale_with_batch": lambda cfg, ids: checks.scales_with_batch(1000, 1500),
    "checkpointing_cuts_activations": lambda cfg, ids: checks.checkpointing_cuts(1000, 800, 3.0),
    "checkpointing_keeps_gradients": lambda cfg, ids: checks.same_gradients("checkpointing_keeps_gradients", 1e-3, "x"),
    "accumulation_matches_big_batch_gradient":
        lambda cfg, ids: checks.same_gradients("accumulation_matches_big_batch_gradient",
                                               _accumulation_wrong(cfg, ids), "x"),
    "accumulation_lowers_peak_activations": lambda cfg, ids: checks.accumulation_lowers_peak(1000, 900, 4),
    "predicted_peak_matches_measured":
        lambda cfg, ids: checks.peak_matches(Peak(100, 1000, 100, None, 1500)),
}


def test_every_check_has_a_wrong_case():
    assert set(WRONG) == set(checks.NAMES)


@pytest.mark.parametrize("name", checks.NAMES)
def test_check_fails_on_a_wrong_input(name, tiny):
    check = WRONG[name](*tiny)
    assert check.name == name
    assert_fails(check)


def test_the_formulas_match_real_tensors(tiny):
    cfg, ids = tiny
    n = tinyllama.params_from_config(cfg)
    assert n == sum(p.numel() for p in tinyllama.build(cfg).parameters())
    assert accounting.fp16_inference(cfg, "cpu").total == formulas.inference_bytes(n) == 2 * n
    assert accounting.adamw_mixed_precision(cfg, ids).total == formulas.training_bytes(n, "adamw", True) == 16 * n
    assert accounting.sgd_momentum_fp32(cfg, ids).total == formulas.training_bytes(n, "sgd_momentum", False) == 12 * n
    counted, numels = accounting.int8_adam_states(cfg, ids)
    assert counted.total == formulas.int8_state_bytes(numels, BLOCK)


def test_peak_check_uses_cuda_totals_when_present():
    assert checks.peak_matches(Peak(1000, 1000, 100, 2100, 1100)).status == "pass"
    assert checks.peak_matches(Peak(1000, 1000, 100, 3000, 1100)).status == "fail"
    assert checks.peak_matches(Peak(1000, 1000, 100, None, None)).status == "skip"  # no way to measure


def test_quantized_state_round_trips_within_a_code_step():
    x = torch.randn(1000) * torch.logspace(-6, 0, 1000)
    q = Quantized(x, SIGNED_CODES)
    q.store(x)
    assert ((q.load() - x).abs() <= 0.07 * x.abs() + 1e-7 * x.abs().max()).all()
    v = x * x
    qv = Quantized(v, UNSIGNED_CODES)
    qv.store(v)
    assert (qv.load() >= 0).all() and ((qv.load() - v).abs() <= 0.07 * v + 1e-14 * v.max()).all()
    assert q.index.dtype == torch.uint8 and q.absmax.numel() == -(-1000 // BLOCK)


def test_int8_adam_moves_towards_the_minimum():
    w = torch.nn.Parameter(torch.full((300,), 3.0))
    opt = Int8AdamW([w], lr=0.1)
    for _ in range(100):
        opt.zero_grad()
        (w ** 2).sum().backward()
        opt.step()
    assert w.abs().max() < 0.5
