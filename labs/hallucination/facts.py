"""A synthetic fact table ("entity -> city") and a tiny Llama that learns it.

Token ids: 0 pad, 1 <bos>, 2 <question>, 3 <fact>, then the K city values, then the entities.
Closed book: <bos> <question> e v(e). Open book: <bos> <fact> e v <question> e v — the fact is
given in the prompt. Seen entities appear closed-book in training, so the model can memorise them;
unseen entities never appear in training, so closed-book their answer can only be a guess; a third
set of "context" entities appears only open-book with a fresh random value each time, which teaches
the model to read the answer from the prompt rather than from memory.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from labs import tinyllama

PAD, BOS, QUESTION, FACT = 0, 1, 2, 3
SPECIAL = 4
IGNORE = -100


@dataclass
class Table:
    values: int  # K possible answers
    seen: torch.Tensor  # entity token ids
    unseen: torch.Tensor
    context: torch.Tensor
    truth: dict[int, int]  # entity token -> value token

    @property
    def vocab(self) -> int:
        return SPECIAL + self.values + len(self.seen) + len(self.unseen) + len(self.context)

    def value_token(self, k) -> torch.Tensor:
        return SPECIAL + torch.as_tensor(k)

    def answers(self, entities: torch.Tensor) -> torch.Tensor:
        return torch.tensor([self.truth[int(e)] for e in entities])


def make_table(values: int, seen: int, unseen: int, context: int, gen: torch.Generator) -> Table:
    first = SPECIAL + values
    ids = torch.arange(first, first + seen + unseen + context)
    s, u, c = ids[:seen], ids[seen:seen + unseen], ids[seen + unseen:]
    truth_values = torch.randint(0, values, (len(ids),), generator=gen) + SPECIAL
    return Table(values, s, u, c, {int(e): int(v) for e, v in zip(ids, truth_values)})


def closed_book(entities: torch.Tensor) -> torch.Tensor:
    """Prompts (n, 3): <bos> <question> e; the model's next token is its answer."""
    n = len(entities)
    return torch.stack([torch.full((n,), BOS), torch.full((n,), QUESTION), entities], dim=1)


def open_book(entities: torch.Tensor, given: torch.Tensor) -> torch.Tensor:
    """Prompts (n, 6): <bos> <fact> e v <question> e."""
    n = len(entities)
    return torch.stack([torch.full((n,), BOS), torch.full((n,), FACT), entities, given,
                        torch.full((n,), QUESTION), entities], dim=1)


def _batch(table: Table, size: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Half closed-book questions about seen entities, half open-book (seen or context entities)."""
    half = size // 2
    e = table.seen[torch.randint(0, len(table.seen), (half,), generator=gen)]
    closed = torch.cat([closed_book(e), table.answers(e)[:, None]], dim=1)
    closed = F.pad(closed, (0, 3), value=PAD)
    pool = torch.cat([table.seen, table.context])
    e2 = pool[torch.randint(0, len(pool), (size - half,), generator=gen)]
    random_v = table.value_token(torch.randint(0, table.values, (size - half,), generator=gen))
    is_seen = torch.isin(e2, table.seen)
    v2 = torch.where(is_seen, table.answers(e2), random_v)
    opened = torch.cat([open_book(e2, v2), v2[:, None]], dim=1)
    ids = torch.cat([closed, opened])
    labels = torch.full_like(ids, IGNORE)
    labels[:half, 3] = ids[:half, 3]
    labels[half:, 6] = ids[half:, 6]
    return ids, labels


def train(table: Table, hidden: int, layers: int, steps: int, batch: int, device: str, gen: torch.Generator,
          lr: float = 3e-3, on_step=None):
    cfg = tinyllama.config(table.vocab, hidden, layers, 4, 4, 4 * hidden, max_positions=16)
    model = tinyllama.build(cfg, seed=0, device=device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    losses = []
    for step in range(steps):
        ids, labels = _batch(table, batch, gen)
        logits = model(input_ids=ids.to(device)).logits[:, :-1]
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels[:, 1:].reshape(-1).to(device),
                               ignore_index=IGNORE)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
        if on_step:
            on_step(step, losses[-1])
    return model.eval(), losses


@torch.no_grad()
def answer_logits(model, prompts: torch.Tensor, table: Table, device: str) -> torch.Tensor:
    """Next-token logits after each prompt, restricted to the K value tokens: (n, K), float64."""
    logits = model(input_ids=prompts.to(device)).logits[:, -1].double().cpu()
    return logits[:, SPECIAL:SPECIAL + table.values]
