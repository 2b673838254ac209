"""The CoT lab's checks. Each takes the implementation or measurement under test."""
from __future__ import annotations

import itertools
import math
import random

import torch

from labs.protocol import Check, check_at_least, check_true

from . import reference

NAMES = (
    "scratchpad_steps_are_running_parities",
    "majority_vote_matches_counter",
    "vote_formula_matches_simulation",
    "least_to_most_subproblems_chain_answers",
    "self_consistency_matches_binomial",
    "voting_beats_one_sample",
    "scratchpad_beats_direct_answers",
    "least_to_most_chain_matches_prediction",
    "least_to_most_beats_whole_input",
)

VOTE_CASES = ((0.6, 1), (0.6, 4), (0.7, 5), (0.3, 9), (0.55, 10), (0.8, 15))
SIM_TRIALS = 200_000


def scratchpad_steps(scratchpad, k: int) -> Check:
    wrong = []
    for bits in itertools.product((0, 1), repeat=k):
        mine = [int(s) for s in scratchpad(list(bits))]
        if mine != reference.scratchpad(list(bits)):
            wrong.append({"bits": list(bits), "yours": mine})
    return check_true("scratchpad_steps_are_running_parities", not wrong, expected="0 of the inputs differ",
                      measured=f"{len(wrong)} of {2 ** k} differ, e.g. {wrong[0]}" if wrong else f"all {2 ** k} equal",
                      why=f"for every one of the {2 ** k} inputs of {k} bits, step i is the parity of bits 1..i")


def majority_vote_matches(majority_vote, rng: random.Random, cases: int = 400) -> Check:
    wrong = []
    for i in range(cases):
        pool = ["7", "12", "9", "x"] if i % 2 else [0, 1, 2]
        answers = [rng.choice(pool) for _ in range(rng.randint(1, 9))]
        if majority_vote(list(answers)) != reference.majority_vote(answers):
            wrong.append(answers)
    return check_true("majority_vote_matches_counter", not wrong, expected="0 lists differ",
                      measured=f"{len(wrong)} of {cases} differ, e.g. {wrong[0]}" if wrong else f"all {cases} equal",
                      why="majority_vote picks the answer collections.Counter counts most often (ties: first seen)")


def vote_formula_matches_simulation(vote_accuracy, gen: torch.Generator) -> Check:
    """Monte Carlo: draw n right/wrong answers, vote, break ties with a coin."""
    worst, table = 0.0, {}
    for p, n in VOTE_CASES:
        right = (torch.rand(SIM_TRIALS, n, generator=gen) < p).sum(dim=1)
        coin = torch.rand(SIM_TRIALS, generator=gen) < 0.5
        wins = (2 * right > n) | ((2 * right == n) & coin)
        simulated = float(wins.float().mean())
        yours = float(vote_accuracy(p, n))
        sigma = math.sqrt(max(simulated * (1 - simulated), 1e-6) / SIM_TRIALS)
        worst = max(worst, abs(yours - simulated) / sigma)
        table[f"p={p},n={n}"] = {"yours": round(yours, 4), "simulated": round(simulated, 4)}
    return Check("vote_formula_matches_simulation", "pass" if worst <= 5 else "fail", "within 5 sigma",
                 table, f"vote_accuracy equals a simulation of {SIM_TRIALS:,} votes per case (odd and even n, "
                    "ties settled by a coin); worst deviation {:.1f} sigma".format(worst), "5 sigma")


def self_consistency_matches_binomial(measured: float, predicted: float, tol: float) -> Check:
    return check_true("self_consistency_matches_binomial", abs(measured - predicted) <= tol,
                      expected=f"{predicted:.3f} ± {tol}", measured=round(measured, 4),
                      why="majority votes over the model's sampled chains of thought are right as often as your "
                          "binomial formula predicts from each question's single-sample accuracy")


def voting_beats_one_sample(vote: float, single: float, margin: float = 0.05) -> Check:
    return check_at_least("voting_beats_one_sample", round(vote - single, 4), margin,
                          why=f"a majority of sampled chains (accuracy {vote:.3f}) beats one chain ({single:.3f}) "
                              "when most questions are answered right more often than not")


def scratchpad_beats_direct(scratch: float, direct: float) -> Check:
    ok = scratch >= 0.95 and direct <= 0.7
    return check_true("scratchpad_beats_direct_answers", ok, expected="scratchpad >= 0.95, direct <= 0.7",
                      measured={"scratchpad": round(scratch, 3), "direct": round(direct, 3)},
                      why="on held-out inputs the same model trained with a step-by-step scratchpad solves parity; "
                          "trained to answer at once, it stays near chance (0.5)")


def least_to_most_subproblems(least_to_most, rng: random.Random, cases: int = 300) -> Check:
    """With an exact parity oracle as `solve`: the sub-problems asked, and the answers returned."""
    wrong = []
    for _ in range(cases):
        k = rng.choice((3, 5, 8))
        bits = [rng.randint(0, 1) for _ in range(k + rng.randint(0, 4) * (k - 1))]
        ends = list(range(k, len(bits) + 1, k - 1))
        wanted = [bits[:k]] + [[sum(bits[:a]) % 2, *bits[a:b]] for a, b in zip(ends, ends[1:])]
        asked = []

        def oracle(sub_bits):
            asked.append([int(b) for b in sub_bits])
            return sum(asked[-1]) % 2

        answers = [int(a) for a in least_to_most(list(bits), k, oracle)]
        if asked != wanted or answers != [sum(bits[:e]) % 2 for e in ends]:
            wrong.append({"k": k, "bits": bits, "asked": asked, "expected": wanted, "answers": answers})
    return check_true("least_to_most_subproblems_chain_answers", not wrong, expected="0 inputs differ",
                      measured=f"{len(wrong)} of {cases} differ, e.g. {wrong[0]}" if wrong else f"all {cases} equal",
                      why="with an exact parity solver, sub-problem 1 is the first k bits and each next one the "
                          "previous answer plus the next k-1 bits; the answers are the prefix parities")


def least_to_most_chain_matches_prediction(measured: float, predicted: float, inputs: int) -> Check:
    tol = 3 * math.sqrt(max(predicted * (1 - predicted), 0.01) / inputs)
    return check_true("least_to_most_chain_matches_prediction", abs(measured - predicted) <= tol,
                      expected=f"{predicted:.3f} ± {tol:.3f}", measured=round(measured, 4),
                      why="your least_to_most with the k-bit model as solver is right on long inputs as often as "
                          "the model's answers to all 2^k sub-problems predict (exact, 3 sigma)")


def least_to_most_beats_whole_input(chained: float, whole: float) -> Check:
    ok = chained >= 0.9 and whole <= 0.7
    return check_true("least_to_most_beats_whole_input", ok, expected="least-to-most >= 0.9, whole input <= 0.7",
                      measured={"least_to_most": round(chained, 3), "whole_input": round(whole, 3)},
                      why="the model trained on k bits solves a 3k-2 bit parity as a chain of k-bit sub-problems; "
                          "given the long input at once (a length it never saw), it stays near chance (0.5)")
