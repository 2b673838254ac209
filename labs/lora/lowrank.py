"""Where LoRA falls short: an update of rank above r, fitted by LoRA of rank r and by full fine-tuning.

One linear layer W0 (frozen for LoRA) must become W* = W0 + Delta with rank(Delta) > r. Trained on
inputs that are the identity (so the mean squared error is the squared Frobenius distance), LoRA can
reach at best the Eckart-Young error of Delta's best rank-r approximation; full fine-tuning reaches ~0.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from labs.lora.adapters import lora_forward


@dataclass(frozen=True)
class Fit:
    delta: torch.Tensor  # the update to learn
    lora_residual: float  # ||W0 + s B A - W*||_F / ||Delta||_F after training
    full_residual: float  # ||W - W*||_F / ||Delta||_F after full fine-tuning
    delta_rank: int


def make_update(d: int, rank: int, generator: torch.Generator) -> torch.Tensor:
    """A d x d update of the given rank with slowly decaying singular values."""
    u, _ = torch.linalg.qr(torch.randn(d, rank, generator=generator))
    v, _ = torch.linalg.qr(torch.randn(d, rank, generator=generator))
    s = torch.linspace(1.0, 0.3, rank)
    return (u * s) @ v.T


def fit(d: int, r: int, delta_rank: int, steps: int, seed: int) -> Fit:
    g = torch.Generator().manual_seed(seed)
    w0 = torch.randn(d, d, generator=g) / d ** 0.5
    delta = make_update(d, delta_rank, g)
    target = w0 + delta
    x = torch.eye(d)
    y = x @ target.T
    norm = float(delta.norm())

    a = torch.nn.Parameter(torch.randn(r, d, generator=g) / d ** 0.5)
    b = torch.nn.Parameter(torch.zeros(d, r))
    opt = torch.optim.Adam([a, b], lr=0.02)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    for _ in range(steps):
        opt.zero_grad()
        ((lora_forward(x, w0, a, b, 1.0) - y) ** 2).sum().backward()
        opt.step()
        sched.step()
    lora_residual = float((w0 + b.detach() @ a.detach() - target).norm()) / norm

    w = torch.nn.Parameter(w0.clone())
    opt = torch.optim.Adam([w], lr=0.02)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    for _ in range(steps):
        opt.zero_grad()
        ((x @ w.T - y) ** 2).sum().backward()
        opt.step()
        sched.step()
    full_residual = float((w.detach() - target).norm()) / norm
    return Fit(delta, lora_residual, full_residual, int(torch.linalg.matrix_rank(delta)))
