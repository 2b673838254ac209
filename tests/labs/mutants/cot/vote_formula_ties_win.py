"""A wrong solution, appended to the reference: it replaces the function of the same name."""
import math


def vote_accuracy(p, n):  # a tie counted as a win for even n
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range((n + 1) // 2, n + 1))
