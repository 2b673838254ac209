"""Bytes of weights, gradients and optimizer state, counted from the real tensors after a real step."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from labs import tinyllama
from labs.memory.int8_adam import Int8AdamW


@dataclass(frozen=True)
class Counted:
    parts: dict[str, int]  # e.g. {"fp16 weights": ..., "fp16 grads": ...}

    @property
    def total(self) -> int:
        return sum(self.parts.values())


def _bytes(tensors) -> int:
    return tinyllama.unique_tensor_bytes(list(tensors))


def _loss(model, ids):
    return model(input_ids=ids, labels=ids).loss


def fp16_inference(cfg, device) -> Counted:
    model = tinyllama.build(cfg, device=device).half()
    return Counted({"fp16 weights": _bytes(model.parameters())})


def adamw_mixed_precision(cfg, ids) -> Counted:
    """fp16 model and gradients, fp32 master weights that AdamW updates, fp32 m and v."""
    model = tinyllama.build(cfg, device=ids.device).half()
    master = [p.detach().float().clone().requires_grad_(True) for p in model.parameters()]
    opt = torch.optim.AdamW(master, lr=1e-4, foreach=False)
    _loss(model, ids).backward()
    for p, m in zip(model.parameters(), master):
        m.grad = p.grad.float()
    opt.step()
    with torch.no_grad():
        for p, m in zip(model.parameters(), master):
            p.copy_(m)
            m.grad = None  # the fp32 gradient is a per-step transient, not resident state
    states = [opt.state[m] for m in master]
    return Counted({
        "fp16 weights": _bytes(model.parameters()), "fp16 grads": _bytes(p.grad for p in model.parameters()),
        "fp32 master": _bytes(master), "fp32 m": _bytes(s["exp_avg"] for s in states),
        "fp32 v": _bytes(s["exp_avg_sq"] for s in states),
    })


def sgd_momentum_fp32(cfg, ids) -> Counted:
    model = tinyllama.build(cfg, device=ids.device)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9, foreach=False)
    _loss(model, ids).backward()
    opt.step()
    return Counted({
        "fp32 weights": _bytes(model.parameters()), "fp32 grads": _bytes(p.grad for p in model.parameters()),
        "fp32 momentum": _bytes(opt.state[p]["momentum_buffer"] for p in model.parameters()),
    })


def int8_adam_states(cfg, ids) -> tuple[Counted, list[int]]:
    """(the 8-bit optimizer's state bytes, the parameter sizes) after one step."""
    model = tinyllama.build(cfg, device=ids.device)
    opt = Int8AdamW(model.parameters(), lr=1e-3)
    _loss(model, ids).backward()
    opt.step()
    return Counted({"int8 m, v + fp32 absmax": _bytes(opt.state_tensors())}), [p.numel() for p in model.parameters()]


def adam_tracking(cfg, batches: list[torch.Tensor], lr: float) -> tuple[list[float], list[float]]:
    """Loss curves of torch's AdamW and the 8-bit AdamW from the same start on the same batches."""
    curves = []
    for make in (lambda ps: torch.optim.AdamW(ps, lr=lr, weight_decay=0.0), lambda ps: Int8AdamW(ps, lr=lr)):
        model = tinyllama.build(cfg, seed=11, device=batches[0].device)
        opt, losses = make(model.parameters()), []
        for ids in batches:
            opt.zero_grad(set_to_none=True)
            loss = _loss(model, ids)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        curves.append(losses)
    return curves[0], curves[1]

