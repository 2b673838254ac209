"""Reference answers to the exercise: what `python -m labs cot` runs without --exercise."""
from __future__ import annotations

import math
from collections import Counter


def scratchpad(bits: list[int]) -> list[int]:
    steps, state = [], 0
    for bit in bits:
        state ^= int(bit)
        steps.append(state)
    return steps


def majority_vote(answers: list) -> object:
    return Counter(answers).most_common(1)[0][0]  # most_common keeps first-seen order among ties


def vote_accuracy(p: float, n: int) -> float:
    def term(k: int) -> float:
        return math.comb(n, k) * p**k * (1 - p) ** (n - k)

    wins = sum(term(k) for k in range(n // 2 + 1, n + 1))
    return wins + (0.5 * term(n // 2) if n % 2 == 0 else 0.0)


def least_to_most(bits: list[int], k: int, solve) -> list[int]:
    answers = [int(solve(list(bits[:k])))]
    for start in range(k, len(bits), k - 1):
        answers.append(int(solve([answers[-1], *bits[start:start + k - 1]])))
    return answers
