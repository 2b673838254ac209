"""The task family and its token layout.

Inputs are tokens 0..M-1. Task t maps them, by a random permutation, onto M output tokens of its
own window; windows of neighbouring tasks overlap, so one output can belong to two tasks and an
example (x, y) is what identifies the task. A sequence reads

    BOS  SLOT  x1 ARROW y1 SEP  x2 ARROW y2 SEP  ...  xq ARROW  -> yq

where SLOT is the task's instruction token (zero-shot with an instruction) or SEP (none).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Vocab:
    inputs: int  # input tokens are 0 .. inputs-1
    outputs: int  # output tokens follow them
    tasks: int  # then one instruction token per task
    bos: int
    arrow: int
    sep: int

    def task_token(self, task: int) -> int:
        return self.inputs + self.outputs + task

    @property
    def size(self) -> int:
        return self.sep + 1


@dataclass(frozen=True)
class Family:
    vocab: Vocab
    table: torch.Tensor  # (tasks, inputs): the output token of each task for each input

    @property
    def tasks(self) -> int:
        return self.table.shape[0]

    @property
    def inputs(self) -> int:
        return self.table.shape[1]

    def rows(self) -> list[list[int]]:
        return self.table.tolist()


def make_family(inputs: int, tasks: int, stride: int, seed: int) -> Family:
    """Task t's outputs are tokens inputs + t·stride + [0, inputs): windows overlap when stride < inputs."""
    outputs = stride * (tasks - 1) + inputs
    first_special = inputs + outputs + tasks
    vocab = Vocab(inputs, outputs, tasks, bos=first_special, arrow=first_special + 1, sep=first_special + 2)
    gen = torch.Generator().manual_seed(seed)
    table = torch.stack([inputs + t * stride + torch.randperm(inputs, generator=gen) for t in range(tasks)])
    return Family(vocab, table)


@dataclass(frozen=True)
class Batch:
    tokens: torch.Tensor  # (n, 2 + 4·pairs)
    tasks: torch.Tensor  # (n,)
    inputs: torch.Tensor  # (n, pairs): x of every pair; the last pair can serve as the query
    instructed: torch.Tensor  # (n,) bool

    def answer_positions(self) -> list[int]:
        """Positions whose next token is an answer y: every ARROW."""
        return list(range(3, self.tokens.shape[1], 4))


def sample(family: Family, n: int, pairs: int, p_instruction: float, gen: torch.Generator) -> Batch:
    """n sequences of `pairs` complete (x ARROW y SEP) groups, built directly as tensors."""
    v = family.vocab
    tasks = torch.randint(0, family.tasks, (n,), generator=gen)
    xs = torch.randint(0, family.inputs, (n, pairs), generator=gen)
    ys = family.table[tasks.unsqueeze(1), xs]
    instructed = torch.rand(n, generator=gen) < p_instruction
    tokens = torch.full((n, 2 + 4 * pairs), v.sep)
    tokens[:, 0] = v.bos
    tokens[:, 1] = torch.where(instructed, v.task_token(0) + tasks, torch.full_like(tasks, v.sep))
    tokens[:, 2::4], tokens[:, 3::4], tokens[:, 4::4] = xs, v.arrow, ys
    return Batch(tokens, tasks, xs, instructed)


def prompt_prefix(batch: Batch, shots: int) -> torch.Tensor:
    """The first `shots` examples and the next x followed by ARROW: a prompt asking for that x's y."""
    return batch.tokens[:, : 2 + 4 * shots + 2]
