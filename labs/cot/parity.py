"""Parity with and without a scratchpad: the data, two tiny Llamas, greedy answers and sampled chains.

Tokens: 0 and 1 are bits, SEP opens the scratchpad, EQ announces the answer. A direct example is
`b1..bk = a`; a step-by-step one is `b1..bk : s1..sk = a` with s_i the running parity. Half of all
2^k inputs train, the other half is held out: an answer there must come from the rule, not memory.
"""
from __future__ import annotations

import itertools

import torch
import torch.nn.functional as F

from labs import tinyllama

SEP, EQ = 2, 3
VOCAB = 4


def split_inputs(k: int, gen: torch.Generator, train_fraction: float = 0.6) -> tuple[torch.Tensor, torch.Tensor]:
    inputs = torch.tensor(list(itertools.product((0, 1), repeat=k)))
    order = torch.randperm(len(inputs), generator=gen)
    cut = int(train_fraction * len(inputs))
    return inputs[order[:cut]], inputs[order[cut:]]


def examples(bits: torch.Tensor, scratchpad) -> torch.Tensor:
    """Token rows; `scratchpad` is None for direct answers, else the function that writes the steps."""
    n = bits.shape[0]
    answer = bits.sum(dim=1, keepdim=True) % 2
    if scratchpad is None:
        return torch.cat((bits, torch.full((n, 1), EQ), answer), dim=1)
    steps = torch.tensor([list(scratchpad(row.tolist())) for row in bits], dtype=torch.long)
    return torch.cat((bits, torch.full((n, 1), SEP), steps, torch.full((n, 1), EQ), answer), dim=1)


def prompt_length(k: int, scratch: bool) -> int:
    return k + 1 if scratch else k  # the bits, and SEP for a scratchpad


def train(rows: torch.Tensor, k: int, hidden: int, steps: int, lr: float, batch: int, seed: int, device: str):
    """Next-token loss on everything after the bits."""
    config = tinyllama.config(VOCAB, hidden, layers=2, heads=4, kv_heads=4, intermediate=2 * hidden, max_positions=64)
    model = tinyllama.build(config, seed=seed, device=device)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    gen = torch.Generator().manual_seed(seed)
    rows = rows.to(device)
    losses = []
    for _ in range(steps):
        x = rows[torch.randint(0, len(rows), (batch,), generator=gen).to(device)]
        target = x[:, 1:].clone()
        target[:, : k - 1] = -100  # the bits themselves are given, not predicted
        logits = model(input_ids=x[:, :-1]).logits
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), target.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    return model.eval(), losses


@torch.no_grad()
def complete(model, prompts: torch.Tensor, new_tokens: int, temperature: float | None,
             gen: torch.Generator | None = None) -> torch.Tensor:
    """Greedy (temperature None) or sampled continuation; the last token is forced to be a bit."""
    rows = prompts
    for i in range(new_tokens):
        logits = model(input_ids=rows).logits[:, -1, :].float()
        if i == new_tokens - 1:
            logits[:, 2:] = float("-inf")  # the answer is read as the likelier bit
        if temperature is None:
            nxt = logits.argmax(dim=-1, keepdim=True)
        else:
            probs = (logits / temperature).softmax(dim=-1).cpu()
            nxt = torch.multinomial(probs, 1, generator=gen).to(rows.device)
        rows = torch.cat((rows, nxt), dim=1)
    return rows[:, -1]


def greedy_accuracy(model, rows: torch.Tensor, k: int, scratch: bool) -> float:
    cut = prompt_length(k, scratch)
    answers = complete(model, rows[:, :cut], rows.shape[1] - cut, None)
    return float((answers == rows[:, -1]).float().mean())


def sample_correct(model, rows: torch.Tensor, k: int, samples: int, temperature: float,
                   gen: torch.Generator) -> torch.Tensor:
    """(questions, samples) booleans: did each sampled chain of thought end in the right answer?"""
    cut = prompt_length(k, True)
    prompts = rows[:, :cut].repeat_interleave(samples, dim=0)
    answers = complete(model, prompts, rows.shape[1] - cut, temperature, gen)
    truth = rows[:, -1].repeat_interleave(samples)
    return (answers == truth).reshape(len(rows), samples)
