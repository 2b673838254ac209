"""Least-to-most on parity: a long input as a chain of short sub-problems the k-bit model already solves.

Sub-problem 1 is the parity of the first k bits; sub-problem j + 1 asks for the parity of a prefix
k - 1 bits longer, written as k bits: the answer to sub-problem j followed by the next k - 1 bits.
The model is only ever asked what it was trained on, while the whole long input at once is a
length it has never seen.
"""
from __future__ import annotations

import itertools

import torch

from . import parity, reference


def long_length(k: int, subproblems: int = 3) -> int:
    return k + (subproblems - 1) * (k - 1)


def answer_table(model, k: int) -> dict[tuple[int, ...], int]:
    """The model's greedy answer (after its own scratchpad) to every one of the 2^k inputs of k bits.

    Greedy decoding is deterministic, so looking an input up here is the same as asking the model.
    """
    inputs = torch.tensor(list(itertools.product((0, 1), repeat=k)))
    rows = parity.examples(inputs, reference.scratchpad).to(next(model.parameters()).device)
    cut = parity.prompt_length(k, True)
    answers = parity.complete(model, rows[:, :cut], rows.shape[1] - cut, None).tolist()
    return {tuple(bits): int(a) for bits, a in zip(inputs.tolist(), answers)}


def solver(table: dict[tuple[int, ...], int], k: int):
    """`solve(sub_bits) -> bit`: the model on one sub-problem of exactly k bits."""
    def solve(sub_bits) -> int:
        key = tuple(int(b) for b in sub_bits)
        if len(key) != k or key not in table:
            raise ValueError(f"solve takes a list of exactly {k} bits (0 or 1), got {list(sub_bits)!r}")
        return table[key]
    return solve


def predicted_chain_accuracy(table: dict[tuple[int, ...], int], k: int, length: int) -> float:
    """P(the chain's last answer is the parity) over uniform random inputs, exactly, from the table.

    Tracks the joint distribution of (true prefix parity, the chain's answer so far); two wrong
    steps can cancel, so this is not simply the per-step accuracy to the power of the steps.
    """
    state: dict[tuple[int, int], float] = {}
    for bits, answer in table.items():
        key = (sum(bits) % 2, answer)
        state[key] = state.get(key, 0.0) + 1 / len(table)
    chunks = list(itertools.product((0, 1), repeat=k - 1))
    for _ in range((length - k) // (k - 1)):
        nxt: dict[tuple[int, int], float] = {}
        for (truth, answer), mass in state.items():
            for chunk in chunks:
                key = (truth ^ (sum(chunk) % 2), table[(answer, *chunk)])
                nxt[key] = nxt.get(key, 0.0) + mass / len(chunks)
        state = nxt
    return sum(mass for (truth, answer), mass in state.items() if truth == answer)


def chain_accuracy(least_to_most, table, k: int, inputs: torch.Tensor) -> float:
    """How often the last answer of `least_to_most` (the learner's) with the model as solver is the parity."""
    solve = solver(table, k)
    right = 0
    for row in inputs.tolist():
        answers = least_to_most(list(row), k, solve)
        right += int(int(answers[-1]) == sum(row) % 2)
    return right / len(inputs)


def whole_input_accuracy(model, inputs: torch.Tensor) -> float:
    """The same model given the long input at once, with its scratchpad, as it was trained on k bits."""
    rows = parity.examples(inputs, reference.scratchpad).to(next(model.parameters()).device)
    return parity.greedy_accuracy(model, rows, inputs.shape[1], True)
