"""A wrong solution, appended to the reference: it replaces the function of the same name."""


def majority_vote(answers):  # greedy habit: the first sample wins
    return answers[0]
