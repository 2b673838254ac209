"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def least_to_most(bits, k, solve):  # the next chunk starts at the last bit already solved (off by one)
    answers = [solve(list(bits[:k]))]
    for start in range(k - 1, len(bits) - 1, k - 1):
        answers.append(solve([answers[-1]] + list(bits[start:start + k - 1])))
    return answers
