"""Your turn: chain of thought on the smallest task that needs it, parity; self-consistency; least-to-most.

Run `python -m labs cot --exercise`. A tiny Llama learns parity with a scratchpad; the
checks then sample its chains of thought, vote with YOUR majority_vote and compare the result with
YOUR vote_accuracy formula. Last, YOUR least_to_most feeds that model, trained on 8 bits only, a 22-bit
input as a chain of 8-bit sub-problems.
"""
from __future__ import annotations


def scratchpad(bits: list[int]) -> list[int]:
    """The chain of thought for the parity of `bits`: the running parity after each bit.

    scratchpad([1, 0, 1, 1]) == [1, 1, 0, 1]; its last element is the answer. Each step needs only
    the previous step and one input bit, which a small transformer learns easily; the parity of all
    bits at once it does not.
    """
    raise NotImplementedError("exercise.py: scratchpad")


def majority_vote(answers: list) -> object:
    """Self-consistency (Wang et al. 2022): the most frequent answer; a tie goes to the one seen first."""
    raise NotImplementedError("exercise.py: majority_vote")


def vote_accuracy(p: float, n: int) -> float:
    """P(the majority of n independent answers is right) when each is right with probability p.

    Answers are binary (right or wrong): the vote is right when more than n/2 are right. For even n
    a tie (exactly n/2) is settled by a coin: count half of it. Binomial: C(n, k) p^k (1-p)^(n-k).
    """
    raise NotImplementedError("exercise.py: vote_accuracy")


def least_to_most(bits: list[int], k: int, solve) -> list[int]:
    """Least-to-most prompting (Zhou et al. 2022): a long parity as a chain of k-bit sub-problems.

    `solve(sub_bits)` answers the parity of exactly k bits (in the lab: the model trained on k bits).
    len(bits) is k + m (k - 1). Sub-problem 1 is bits[:k]; every next one is the previous answer
    followed by the next k - 1 bits, so its answer is the parity of a prefix k - 1 bits longer.
    Return the answers in order; the last one is the parity of all the bits.

    least_to_most([1, 0, 1, 1, 1], 3, solve) asks solve([1, 0, 1]) -> 0, then solve([0, 1, 1]) -> 0
    and returns [0, 0].
    """
    raise NotImplementedError("exercise.py: least_to_most")
