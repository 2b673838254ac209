"""The Bayes-optimal in-context learner, vectorised: the closed-form reference for the model's accuracy.

With a uniform prior over tasks and exact examples, the posterior is uniform over the tasks
consistent with every example; the best answer is the output most of them give for the query,
right with probability (its count) / (number of consistent tasks).
"""
from __future__ import annotations

import torch


def consistent(table: torch.Tensor, xs: torch.Tensor, ys: torch.Tensor) -> torch.Tensor:
    """(n, tasks) bool: task t agrees with all k examples of row i (xs, ys: (n, k))."""
    return (table[:, xs] == ys.unsqueeze(0)).all(dim=-1).T


def posterior(table: torch.Tensor, xs: torch.Tensor, ys: torch.Tensor) -> torch.Tensor:
    mask = consistent(table, xs, ys).double()
    return mask / mask.sum(dim=-1, keepdim=True)


def best_answer_probability(table: torch.Tensor, xs: torch.Tensor, ys: torch.Tensor,
                            queries: torch.Tensor, instructed_task: torch.Tensor | None = None) -> torch.Tensor:
    """(n,) probability that the Bayes-optimal answer is right, given the examples (and instruction)."""
    post = posterior(table, xs, ys)
    if instructed_task is not None:
        post = torch.nn.functional.one_hot(instructed_task, table.shape[0]).double()
    outputs = table[:, queries].T  # (n, tasks): each task's answer to row i's query
    mass = torch.zeros(outputs.shape[0], int(table.max()) + 1, dtype=torch.float64)
    mass.scatter_add_(1, outputs, post)
    return mass.max(dim=-1).values
