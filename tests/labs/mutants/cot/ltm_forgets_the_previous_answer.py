"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def least_to_most(bits, k, solve):  # each chunk solved on its own: a 0 where the previous answer belongs
    answers = [solve(list(bits[:k]))]
    for start in range(k, len(bits), k - 1):
        answers.append(solve([0] + list(bits[start:start + k - 1])))
    return answers
