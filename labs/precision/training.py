"""One small regression model trained four ways from the same start on the same batches."""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
import torch.nn.functional as F

VARIANTS = ("fp32", "bf16_autocast", "fp16_autocast_scaler", "fp16_pure")


@dataclass
class TrainRun:
    variant: str
    losses: list[float]
    lost_updates: int  # weight elements with a non-zero gradient that the step left unchanged
    intended_updates: int
    skipped_steps: int  # steps GradScaler skipped because of inf/nan gradients

    @property
    def lost_fraction(self) -> float:
        return self.lost_updates / max(self.intended_updates, 1)


@dataclass(frozen=True)
class Task:
    inputs: torch.Tensor
    targets: torch.Tensor
    model: torch.nn.Module
    steps: int
    batch: int
    lr: float


def make_task(device: str, dim: int, width: int, samples: int, steps: int, batch: int, lr: float, seed: int) -> Task:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(samples, dim, generator=g)
    teacher = torch.randn(dim, 1, generator=g) / dim ** 0.5
    y = torch.tanh(2 * x @ teacher) + 0.05 * torch.randn(samples, 1, generator=g)
    torch.manual_seed(seed + 1)
    model = torch.nn.Sequential(torch.nn.Linear(dim, width), torch.nn.GELU(), torch.nn.Linear(width, width),
                                torch.nn.GELU(), torch.nn.Linear(width, 1))
    return Task(x.to(device), y.to(device), model.to(device), steps, batch, lr)


def _batches(task: Task):
    g = torch.Generator().manual_seed(1234)  # every variant sees the same batches
    for _ in range(task.steps):
        idx = torch.randint(0, task.inputs.shape[0], (task.batch,), generator=g).to(task.inputs.device)
        yield task.inputs[idx], task.targets[idx]


def _forward_loss(model, x, y, variant: str, device: str) -> torch.Tensor:
    if variant == "fp16_pure":
        return F.mse_loss(model(x.half()).float(), y)
    if variant == "fp32":
        return F.mse_loss(model(x), y)
    dtype = torch.bfloat16 if variant == "bf16_autocast" else torch.float16
    with torch.autocast(device_type=device, dtype=dtype):
        out = model(x)
    return F.mse_loss(out.float(), y)


def train(task: Task, variant: str) -> TrainRun:
    device = task.inputs.device.type
    model = copy.deepcopy(task.model)
    if variant == "fp16_pure":
        model = model.half()
    opt = torch.optim.SGD(model.parameters(), lr=task.lr)
    scaler = torch.amp.GradScaler(device, enabled=variant == "fp16_autocast_scaler")
    run = TrainRun(variant, [], 0, 0, 0)
    for x, y in _batches(task):
        opt.zero_grad(set_to_none=True)
        loss = _forward_loss(model, x, y, variant, device)
        scaler.scale(loss).backward()
        before = [p.detach().clone() for p in model.parameters()]
        scale_before = scaler.get_scale() if scaler.is_enabled() else 1.0
        scaler.step(opt)
        scaler.update()
        if scaler.is_enabled() and scaler.get_scale() < scale_before:
            run.skipped_steps += 1
        else:
            for old, p in zip(before, model.parameters()):
                moving = p.grad != 0
                run.intended_updates += int(moving.sum())
                run.lost_updates += int(((p.detach() == old) & moving).sum())
        run.losses.append(loss.item())
    return run


def window_means(losses: list[float], window: int) -> torch.Tensor:
    t = torch.tensor(losses, dtype=torch.float64)
    return t[: len(t) // window * window].reshape(-1, window).mean(dim=1)


def max_relative_gap(losses: list[float], reference: list[float], window: int = 20) -> float:
    """Largest relative gap between the two loss curves, each averaged over windows of steps."""
    a, b = window_means(losses, window), window_means(reference, window)
    return float(((a - b).abs() / b).max())
