"""Trains the tiny Llama on the task family: next-token loss on the answers only."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from labs import tinyllama
from labs.icl.family import Family, sample


def train(family: Family, *, steps: int, batch: int, pairs: int, p_instruction: float, lr: float, hidden: int,
          layers: int, device: str, seed: int, on_step=None):
    cfg = tinyllama.config(family.vocab.size, hidden, layers, heads=4, kv_heads=4, intermediate=2 * hidden,
                           max_positions=2 + 4 * pairs)
    model = tinyllama.build(cfg, seed=seed, device=device)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    gen = torch.Generator().manual_seed(seed + 1)
    losses = []
    for step in range(steps):
        b = sample(family, batch, pairs, p_instruction, gen)
        tokens = b.tokens.to(device)
        positions = b.answer_positions()
        logits = model(tokens).logits[:, positions]
        loss = F.cross_entropy(logits.flatten(0, 1).float(), tokens[:, [p + 1 for p in positions]].flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
        if on_step:
            on_step(step, losses[-1])
    model.eval()
    return model, losses


@torch.no_grad()
def next_token(model, prompts: torch.Tensor, device: str) -> torch.Tensor:
    """Greedy answer to each prompt (equal lengths): the most likely next token."""
    return model(prompts.to(device)).logits[:, -1].argmax(dim=-1).cpu()
