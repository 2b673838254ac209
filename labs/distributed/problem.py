"""The model and batch every rank (and the single-process reference) builds identically from a seed."""
from __future__ import annotations

import torch

LR = 1e-2
# Adam divides by sqrt(v) + eps: with the default eps (1e-8) a gradient near zero turns the rounding
# difference of a reordered sum (~1e-10) into a visible change of the weights. A larger eps keeps every
# run's weights within 1e-5 of one process's; the optimizer is otherwise AdamW's.
EPS = 1e-4
STEPS = 2


def make_model(width: int, layers: int, seed: int = 0) -> torch.nn.Sequential:
    """Square bias-free layers: every ZeRO partition and FSDP shard splits evenly over 2 ranks."""
    torch.manual_seed(seed)
    blocks = []
    for i in range(layers):
        blocks.append(torch.nn.Linear(width, width, bias=False))
        if i < layers - 1:
            blocks.append(torch.nn.Tanh())
    return torch.nn.Sequential(*blocks)


def make_ragged_model() -> torch.nn.Sequential:
    """Odd sizes on dim 0 (7, 1, 3 rows), to see how fully_shard splits what does not divide."""
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(6, 7), torch.nn.Linear(7, 1), torch.nn.Linear(1, 3))


def make_batches(width: int, batch: int, seed: int = 1) -> list[tuple[torch.Tensor, torch.Tensor]]:
    gen = torch.Generator().manual_seed(seed)
    return [(torch.randn(batch, width, generator=gen), torch.randn(batch, width, generator=gen))
            for _ in range(STEPS)]


def loss_fn(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (model(x) - y).pow(2).mean()


def flat(tensors) -> torch.Tensor:
    return torch.cat([t.detach().reshape(-1).float().cpu() for t in tensors])


def single_process(width: int, layers: int, batch: int) -> dict[str, torch.Tensor]:
    """The reference: one process, the whole batch, AdamW. First-step gradients and the final weights."""
    model = make_model(width, layers)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, eps=EPS)
    first_grads = None
    for x, y in make_batches(width, batch):
        optimizer.zero_grad()
        loss_fn(model, x, y).backward()
        if first_grads is None:
            first_grads = flat(p.grad for p in model.parameters())
        optimizer.step()
    return {"grads": first_grads, "params": flat(model.parameters())}
