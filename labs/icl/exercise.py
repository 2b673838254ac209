"""Your turn: build the prompts and write the Bayes-optimal in-context learner, then run
`python -m labs icl --exercise`.

The lab trains a tiny Llama on a family of tasks. Task t is a lookup table: input token x (0..M-1)
-> output token table[t][x]. A training sequence reads

    BOS  SLOT  x1 ARROW y1 SEP  x2 ARROW y2 SEP  ...

SLOT is the instruction token of the task (vocab.task_token(t)) in some sequences, and vocab.sep
in the others. Nothing else tells the model which task it is: with no instruction, only the
examples (x, y) do. `vocab` has the fields bos, arrow, sep and the method task_token(t).
"""
from __future__ import annotations


def build_prompt(examples: list[tuple[int, int]], query: int, vocab, instruction: int | None = None) -> list[int]:
    """Token ids asking for the answer to `query`: the training layout, cut just before the answer.

    examples: the k demonstrations (x, y) (k = 0 is zero-shot); instruction: a task index or None.
    E.g. one example (3, 17), query 5, no instruction:
    [bos, sep, 3, arrow, 17, sep, 5, arrow]  -> the model's next token is its answer.
    """
    raise NotImplementedError("exercise.py: build_prompt")


def task_posterior(examples: list[tuple[int, int]], table: list[list[int]]) -> list[float]:
    """P(task | examples) for every task, from a uniform prior: the examples are exact, so a task
    either agrees with all of them or is ruled out. With no examples: the prior."""
    raise NotImplementedError("exercise.py: task_posterior")


def bayes_answer(examples: list[tuple[int, int]], query: int, table: list[list[int]]) -> tuple[int, float]:
    """The best possible answer to `query` given the examples, and the probability that it is right:
    add up the posterior of the tasks by the output each gives for `query`; take the largest."""
    raise NotImplementedError("exercise.py: bayes_answer")
