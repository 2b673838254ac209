"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def vote_accuracy(p, n):  # C(n, k) forgotten
    return sum(p**k * (1 - p) ** (n - k) for k in range(n // 2 + 1, n + 1))
