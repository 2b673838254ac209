"""The LoRA lab's pieces in process: the reference functions, the rank-r limit, and NF4 against the
QLoRA paper's published levels and bitsandbytes."""
from __future__ import annotations

import importlib.util

import pytest
import torch

from labs.lora import adapters, checks, lowrank, qlora

# The 16 NF4 values as printed in the QLoRA paper's appendix E (Dettmers et al. 2023)
PAPER_NF4 = [-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
             -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
             0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
             0.7229568362236023, 1.0]
needs_bnb = pytest.mark.skipif(importlib.util.find_spec("bitsandbytes") is None, reason="needs bitsandbytes")


def test_independent_nf4_levels_equal_the_papers():
    assert qlora.nf4_levels().tolist() == pytest.approx(PAPER_NF4, abs=1e-6)


def test_nf4_storage_formula():
    assert qlora.nf4_storage_bytes(4096) == 2048 + 4 * 64  # 4.5 bits per weight
    assert qlora.nf4_storage_bytes(64 * 512, double_quant=True) == 64 * 256 + 512 + 4 * 2 + 4


@needs_bnb
def test_bitsandbytes_agrees_with_the_formula_and_the_codebook():
    # rows a multiple of the 64-block: bitsandbytes 0.50.2's CPU dequantize_4bit mis-decodes other shapes
    w = torch.randn(160, 128, generator=torch.Generator().manual_seed(0))
    for dq in (False, True):
        assert qlora.bnb_storage(w, dq) == qlora.nf4_storage_bytes(w.numel(), double_quant=dq)
    assert float((qlora.bnb_round_trip(w) - qlora.nf4_quantize(w)).abs().max() / w.abs().max()) <= checks.NF4_TOL


def test_lora_forward_and_merge_agree():
    g = torch.Generator().manual_seed(0)
    w, a, b, x = (torch.randn(24, 40, generator=g), torch.randn(4, 40, generator=g), torch.randn(24, 4, generator=g),
                  torch.randn(5, 40, generator=g))
    merged = adapters.merge_weight(w, a, b, 2.0)
    assert torch.allclose(adapters.lora_forward(x, w, a, b, 2.0), x @ merged.T, atol=1e-4)


def test_reference_init_starts_at_the_base_and_b_gets_a_gradient():
    a, b = adapters.init_lora_factors(32, 16, 4, torch.Generator().manual_seed(0))
    assert a.abs().sum() > 0 and b.abs().sum() == 0


def test_lora_of_rank_r_stops_at_eckart_young_and_full_finetuning_does_not():
    fit = lowrank.fit(d=32, r=2, delta_rank=8, steps=300, seed=1)
    best = adapters.rank_r_residual(fit.delta, 2)
    assert fit.delta_rank == 8 and best > 0.5
    assert checks.lora_at_best(fit.lora_residual, best, 2, 8).status == "pass"
    assert checks.full_fits(fit.full_residual, fit.lora_residual).status == "pass"


def test_peft_facts_are_demos_and_the_tautology_is_gone():
    assert checks.b_zero(0).kind == checks.first_logits(0.0).kind == checks.no_adapters_left(0, "x").kind == "demo"
    assert "delta_w_rank_at_most_r" not in checks.NAMES
    assert checks.qlora_step(None, None, 0, 0, 0.05).status == "skip"


def test_without_bitsandbytes_its_checks_are_skipped_and_the_learners_nf4_still_graded(lab_context, monkeypatch):
    from labs.lora import lab

    monkeypatch.setattr(qlora, "available", lambda: False)
    found = {c.name: c for c in lab._qlora_checks(lab_context(), lab.SIZES["quick"], dict(lab.REFERENCE))}
    assert found.pop("own_nf4_round_trip_matches_codebook").status == "pass"
    assert {c.status for c in found.values()} == {"skip"} and len(found) == 4
    assert all("bitsandbytes" in c.message for c in found.values())
