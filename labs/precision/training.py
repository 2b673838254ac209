"""One small regression model trained several ways from the same start on the same batches.

The autocast variants call a step function `step(model, loss_fn, x, y, optimizer, scaler, dtype)`:
the lab's reference `amp_train_step` or the learner's. Each run records the loss curve, the updates
the optimizer step lost, the gradient elements that were exactly zero, and the steps GradScaler skipped.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

VARIANTS = ("fp32", "bf16_autocast", "fp16_autocast_scaler", "fp16_pure")
AUTOCAST_DTYPES = {"bf16_autocast": torch.bfloat16, "fp16_autocast_scaler": torch.float16,
                   "fp16_autocast_no_scaler": torch.float16}
SMALL_LOSS_FACTOR = 2.0 ** -24  # a power of two: in fp32 the scaled run is the plain run, exactly rescaled


@dataclass
class TrainRun:
    variant: str
    losses: list[float]
    lost_updates: int  # weight elements with a non-zero gradient that the step left unchanged
    intended_updates: int
    skipped_steps: int  # steps GradScaler skipped because of inf/nan gradients
    zero_grads: int = 0  # gradient elements exactly zero (an underflowed gradient is zero)
    grad_elements: int = 0
    forward_dtypes: set = field(default_factory=set)  # dtypes the Linear layers computed in

    @property
    def lost_fraction(self) -> float:
        return self.lost_updates / max(self.intended_updates, 1)

    @property
    def zero_grad_fraction(self) -> float:
        return self.zero_grads / max(self.grad_elements, 1)


@dataclass(frozen=True)
class Task:
    inputs: torch.Tensor
    targets: torch.Tensor
    model: torch.nn.Module
    steps: int
    batch: int
    lr: float
    loss_factor: float = 1.0  # the loss is loss_factor * MSE; the learning rate is divided by it

    def loss_fn(self, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.loss_factor * F.mse_loss(out.float(), y)

    def scaled_down(self, factor: float, steps: int) -> "Task":
        """The same task with a tiny loss (a small-gradient loss) and a learning rate that compensates."""
        return Task(self.inputs, self.targets, self.model, steps, self.batch, self.lr / factor, factor)


def make_task(device: str, dim: int, width: int, samples: int, steps: int, batch: int, lr: float, seed: int) -> Task:
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(samples, dim, generator=g)
    teacher = torch.randn(dim, 1, generator=g) / dim ** 0.5
    y = torch.tanh(2 * x @ teacher) + 0.05 * torch.randn(samples, 1, generator=g)
    torch.manual_seed(seed + 1)
    model = torch.nn.Sequential(torch.nn.Linear(dim, width), torch.nn.GELU(), torch.nn.Linear(width, width),
                                torch.nn.GELU(), torch.nn.Linear(width, 1))
    return Task(x.to(device), y.to(device), model.to(device), steps, batch, lr)


def amp_train_step(model, loss_fn, x, y, optimizer, scaler, dtype) -> torch.Tensor:
    """One mixed-precision step: forward under autocast, scaled backward, unscale-and-step, update the scale."""
    with torch.autocast(device_type=x.device.type, dtype=dtype):
        out = model(x)
    loss = loss_fn(out.float(), y)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    return loss


def _plain_step(model, loss_fn, x, y, optimizer, half_inputs: bool) -> torch.Tensor:
    loss = loss_fn(model(x.half() if half_inputs else x).float(), y)
    loss.backward()
    optimizer.step()
    return loss


def _batches(task: Task):
    g = torch.Generator().manual_seed(1234)  # every variant sees the same batches
    for _ in range(task.steps):
        idx = torch.randint(0, task.inputs.shape[0], (task.batch,), generator=g).to(task.inputs.device)
        yield task.inputs[idx], task.targets[idx]


def _record_linear_dtypes(model, found: set):
    def hook(_module, _inputs, output):
        found.add(str(output.dtype).removeprefix("torch."))
    return [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, torch.nn.Linear)]


def train(task: Task, variant: str, step_fn=amp_train_step) -> TrainRun:
    """Trains a copy of the task's model; autocast variants use `step_fn`, fp32 and fp16_pure plain SGD steps."""
    device = task.inputs.device.type
    model = copy.deepcopy(task.model)
    if variant == "fp16_pure":
        model = model.half()
    opt = torch.optim.SGD(model.parameters(), lr=task.lr)
    scaler = torch.amp.GradScaler(device, enabled=variant == "fp16_autocast_scaler")
    run = TrainRun(variant, [], 0, 0, 0)
    hooks = _record_linear_dtypes(model, run.forward_dtypes)
    try:
        for x, y in _batches(task):
            opt.zero_grad(set_to_none=True)
            before = [p.detach().clone() for p in model.parameters()]
            scale_before = scaler.get_scale() if scaler.is_enabled() else 1.0
            if variant in AUTOCAST_DTYPES:
                loss = step_fn(model, task.loss_fn, x, y, opt, scaler, AUTOCAST_DTYPES[variant])
            else:
                loss = _plain_step(model, task.loss_fn, x, y, opt, half_inputs=variant == "fp16_pure")
            if scaler.is_enabled() and scaler.get_scale() < scale_before:
                run.skipped_steps += 1
            else:
                _count_updates(run, model, before)
            run.losses.append(float(loss.detach() if torch.is_tensor(loss) else loss) / task.loss_factor)
    finally:
        for h in hooks:
            h.remove()
    return run


def _count_updates(run: TrainRun, model, before) -> None:
    for old, p in zip(before, model.parameters()):
        if p.grad is None:
            run.zero_grads += p.numel()
            run.grad_elements += p.numel()
            continue
        moving = p.grad != 0
        run.zero_grads += int((~moving).sum())
        run.grad_elements += p.numel()
        run.intended_updates += int(moving.sum())
        run.lost_updates += int(((p.detach() == old) & moving).sum())


def window_means(losses: list[float], window: int) -> torch.Tensor:
    t = torch.tensor(losses, dtype=torch.float64)
    return t[: len(t) // window * window].reshape(-1, window).mean(dim=1)


def max_relative_gap(losses: list[float], reference: list[float], window: int = 20) -> float:
    """Largest relative gap between the two loss curves, each averaged over windows of steps."""
    a, b = window_means(losses, window), window_means(reference, window)
    return float(((a - b).abs() / b).max())
