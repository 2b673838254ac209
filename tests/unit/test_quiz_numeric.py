"""Numeric items: every formula against an independent computation, and the grader's tolerance and units."""
from __future__ import annotations

import math
from decimal import Decimal
from random import Random

import pytest

from studyapp.deck import parse_file
from studyapp.quiz import FORMULAS, evaluate, format_quantity, generate_quiz, grade, parse_quantity
from studyapp.quiz.numeric import make_items
from studyapp.resources import default_deck_path

REQUIRED = {"inference_memory", "training_memory_adamw_mixed", "lora_params", "matmul_flops", "training_flops"}


@pytest.fixture(scope="module")
def notes():
    return parse_file(default_deck_path()).notes


def independent(name: str, p: dict) -> float:
    """The same quantities, computed another way."""
    if name == "inference_memory":
        return float(Decimal(str(p["params"])) * Decimal(str(p["bytes_per_param"])))
    if name == "training_memory_adamw_mixed":
        fp16_weights, fp16_grads, fp32_copy, momentum, variance = 2, 2, 4, 4, 4
        return p["params"] * (fp16_weights + fp16_grads + fp32_copy + momentum + variance)
    if name == "optimizer_memory":
        parts = {"adamw": [4, 4, 4], "adamw_8bit": [4, 1, 1], "sgd_momentum": [4, 4]}[p["optimizer"]]
        return sum(part * p["params"] for part in parts)
    if name == "lora_params":
        a_shape, b_shape = (p["r"], p["d_in"]), (p["d_out"], p["r"])
        return p["matrices"] * (math.prod(a_shape) + math.prod(b_shape))
    if name == "matmul_flops":
        return p["m"] * p["n"] * (p["k"] + p["k"])  # per output: k multiplies, k additions
    if name == "training_flops":
        forward, backward = 2 * p["params"], 4 * p["params"]
        return p["tokens"] * (forward + backward)
    raise AssertionError(f"no independent computation for {name}")


def brute_force_matmul_ops(m: int, n: int, k: int) -> int:
    """Count the floating-point operations of a naive matrix product."""
    a = [[1.0] * k for _ in range(m)]
    b = [[1.0] * n for _ in range(k)]
    ops = 0
    for i in range(m):
        for j in range(n):
            acc = 0.0
            for t in range(k):
                acc += a[i][t] * b[t][j]
                ops += 2
    return ops


def test_the_required_formulas_exist():
    assert REQUIRED <= set(FORMULAS)


def test_every_formula_matches_an_independent_computation_over_many_draws():
    rng = Random(1234)
    for name, formula in FORMULAS.items():
        for _ in range(50):
            params = {k: v for k, v in formula.sample(rng).items() if not k.startswith("_")}
            assert evaluate(name, params) == pytest.approx(independent(name, params), rel=1e-12), (name, params)


@pytest.mark.parametrize(("m", "n", "k"), [(1, 1, 1), (2, 3, 4), (5, 1, 7)])
def test_matmul_flops_counts_what_a_naive_product_does(m, n, k):
    assert evaluate("matmul_flops", {"m": m, "n": n, "k": k}) == brute_force_matmul_ops(m, n, k)


def test_known_values():
    assert evaluate("inference_memory", {"params": 7e9, "bytes_per_param": 2}) == 14e9  # the note's 4G per 1B in fp32, halved
    assert evaluate("training_memory_adamw_mixed", {"params": 7.5e9}) == 120e9  # ZeRO paper: 7.5B -> 120 GB
    assert evaluate("lora_params", {"r": 8, "d_in": 4096, "d_out": 4096, "matrices": 1}) == 2 * 8 * 4096  # 2rd
    assert evaluate("training_flops", {"params": 175e9, "tokens": 300e9}) == pytest.approx(3.15e23)  # GPT-3


def test_items_on_the_bundled_deck_name_formula_params_note_and_tolerance(notes):
    items = make_items(notes, Random(5))
    assert {item.formula for item in items} >= REQUIRED
    slugs = {note.slug for note in notes}
    for item in items:
        assert item.type == "numeric" and item.note in slugs
        assert item.answer == pytest.approx(independent(item.formula, item.params))
        about = "约" in item.prompt.split("（可写成")[0]  # "about how many": an estimate
        assert item.tolerance == (0.1 if about else 0.02)
        assert item.unit in ("bytes", "FLOPs", "params")
        data = item.to_json()
        assert data["formula"] == item.formula and data["params"] == item.params
        assert "options" not in data and "cloze" not in data


def test_the_grader_accepts_the_human_form_and_rejects_a_wrong_number(notes):
    for item in generate_quiz(notes, 50, seed=3, types=["numeric"]):
        assert grade(item, format_quantity(item.answer, item.unit)).correct, item.prompt
        assert grade(item, item.answer).correct
        assert grade(item, str(item.answer * (1 + item.tolerance / 2))).correct
        wrong = grade(item, item.answer * 1.5)
        assert not wrong.correct and wrong.score == 0.0
        assert not grade(item, "no idea").correct


@pytest.mark.parametrize(("text", "unit", "value"), [
    ("14 GB", "bytes", 14e9), ("14GB", "bytes", 14e9), ("14G", "bytes", 14e9), ("1.4e10", "bytes", 1.4e10),
    ("14,000,000,000", "bytes", 14e9), ("1 GiB", "bytes", 2**30), ("112 gb", "bytes", 112e9), ("3 TB", "bytes", 3e12),
    ("3.2 TFLOPs", "FLOPs", 3.2e12), ("4.2e22", "FLOPs", 4.2e22), ("4.2×10^22 FLOPs", "FLOPs", 4.2e22),
    ("4.2 x 10^22", "FLOPs", 4.2e22), ("1.5 PFLOPS", "FLOPs", 1.5e15),
    ("4.19M", "params", 4.19e6), ("4194304", "params", 4194304), ("7B", "params", 7e9), ("1.3亿", "params", 1.3e8),
    ("419万", "params", 4.19e6), ("4.2 million", "params", 4.2e6),
])
def test_parse_quantity(text, unit, value):
    assert parse_quantity(text, unit) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "14 parsecs", "GB"])
def test_parse_quantity_rejects_what_is_not_a_quantity(text):
    assert parse_quantity(text, "bytes") is None


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (14e9, "bytes", "14 GB"), (112e9, "bytes", "112 GB"), (1.6e12, "bytes", "1.6 TB"), (35e6, "bytes", "35 MB"),
    (3.15e12, "FLOPs", "3.15 TFLOPs"), (4.2e22, "FLOPs", "4.2e22 FLOPs"), (2.5e15, "FLOPs", "2.5 PFLOPs"),
    (4194304, "params", "4.19M params"), (7e9, "params", "7B params"),
])
def test_format_quantity(value, unit, shown):
    assert format_quantity(value, unit) == shown
    assert parse_quantity(shown, unit) == pytest.approx(value, rel=0.005)
