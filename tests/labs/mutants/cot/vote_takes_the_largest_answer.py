"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def majority_vote(answers):  # max() of the answers, not of their counts
    return max(answers, key=str)
