"""The memory lab's pieces in process: the activation formula against saved-tensor hooks, the
loss term's weight against the bound, the live meter, and the 8-bit optimizer."""
from __future__ import annotations

import pytest
import torch

from labs import tinyllama
from labs.memory import accounting, activations, checks, formulas, lab
from labs.memory.int8_adam import BLOCK, SIGNED_CODES, UNSIGNED_CODES, Int8AdamW, Quantized

DIMS = dict(vocab=64, hidden=32, layers=2, heads=4, kv_heads=2, intermediate=64)


@pytest.fixture(scope="module")
def tiny():
    cfg = tinyllama.config(**DIMS, max_positions=64)
    ids = torch.randint(0, 64, (4, 16), generator=torch.Generator().manual_seed(0))
    return cfg, ids


def _formula(b, s, checkpointed=False, dims=DIMS):
    return formulas.activation_bytes(b, s, dims["hidden"], dims["intermediate"], dims["heads"], dims["kv_heads"],
                                     dims["vocab"], dims["layers"], checkpointed)


@pytest.mark.parametrize("b, s", [(4, 16), (2, 7), (3, 33)])
@pytest.mark.parametrize("checkpointed", [False, True])
def test_activation_formula_equals_the_saved_tensor_hooks(tiny, b, s, checkpointed):
    model = tinyllama.build(tiny[0], seed=1)
    activations.set_checkpointing(model, checkpointed)
    ids = torch.randint(0, 64, (b, s))
    assert activations.step_activations(model, ids)[0] == _formula(b, s, checkpointed)


def test_the_loss_term_is_large_against_the_bound_at_the_lab_sizes():
    """Dropping the loss term, or the peak's loss gradients, must miss by several times the tolerance."""
    dims = lab.SIZES["quick"]["act_model"]
    b, s = lab.SIZES["quick"]["peak_batch"]
    total = _formula(b, s, dims=dims)
    assert 4 * b * s * dims["vocab"] / total >= 3 * checks.FORMULA_TOL
    peak = formulas.step_peak_bytes(total, b, s, dims["vocab"])
    assert 8 * b * s * dims["vocab"] / peak >= 3 * checks.PEAK_TOL
    short_b, short_s = lab.SIZES["quick"]["act_batches"][-1]  # a sequence off by one shows at 8 tokens
    assert abs(_formula(short_b, short_s - 1, dims=dims) / _formula(short_b, short_s, dims=dims) - 1) >= \
        2 * checks.FORMULA_TOL


def test_live_meter_sees_backward_once_holding_every_micro_batch(tiny):
    cfg, ids = tiny
    model = tinyllama.build(cfg, seed=0)
    full, _ = activations.step_activations(model, ids)
    stepwise, _ = activations.accumulated(model, ids, 4)

    def backward_once(m, x, k):
        sum(m(input_ids=c, labels=c).loss / k for c in x.chunk(k)).backward()

    held, _ = activations.accumulated(model, ids, 4, backward_once)
    assert stepwise <= 1.1 * full / 4 < held


def test_the_formulas_match_real_tensors(tiny):
    cfg, ids = tiny
    n = tinyllama.params_from_config(cfg)
    assert n == sum(p.numel() for p in tinyllama.build(cfg).parameters())
    assert accounting.fp16_inference(cfg, "cpu").total == formulas.inference_bytes(n) == 2 * n
    assert accounting.adamw_mixed_precision(cfg, ids).total == formulas.training_bytes(n, "adamw", True) == 16 * n
    assert accounting.sgd_momentum_fp32(cfg, ids).total == formulas.training_bytes(n, "sgd_momentum", False) == 12 * n
    counted, numels = accounting.int8_adam_states(cfg, ids)
    assert counted.total == formulas.int8_state_bytes(numels, BLOCK)


def test_peak_check_skips_without_a_measurement():
    assert checks.peak_matches("p", 100, None, "", "").status == "skip"
    assert checks.peak_matches("p", 100, 104, "", "").status == "pass"
    assert checks.peak_matches("p", 100, 120, "", "").status == "fail"


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
