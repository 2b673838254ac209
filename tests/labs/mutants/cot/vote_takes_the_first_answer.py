

def majority_vote(answers):  # greedy habit: the first sample wins
    return answers[0]
