"""A small AdamW whose m and v live in 8 bits, blockwise, like bitsandbytes' 8-bit optimizers.

Each block of BLOCK elements stores one byte per element (an index into a fixed 256-entry code
book) and one fp32 absmax. The code books are logarithmic, not linear: v spans many orders of
magnitude, and a linear int8 grid would round most of it to 0 and blow up m / sqrt(v).
"""
from __future__ import annotations

import math

import torch

BLOCK = 256


def _log_codes(count: int, smallest: float) -> torch.Tensor:
    return torch.logspace(0.0, math.log10(smallest), count, dtype=torch.float32)


SIGNED_CODES = torch.cat([-_log_codes(127, 1e-7), torch.zeros(1), _log_codes(127, 1e-7).flip(0)])  # 255 codes
UNSIGNED_CODES = torch.cat([torch.zeros(1), _log_codes(255, 1e-14).flip(0)])  # 256 codes, for v >= 0


class Quantized:
    """A tensor kept as uint8 code indices plus one fp32 absmax per block."""

    def __init__(self, like: torch.Tensor, codes: torch.Tensor):
        self.shape, self.numel = like.shape, like.numel()
        self.codes = codes.to(like.device)
        self.bounds = (self.codes[1:] + self.codes[:-1]) / 2  # nearest code by bucketing midpoints
        self.index = torch.zeros(self.numel, dtype=torch.uint8, device=like.device)
        self.absmax = torch.zeros(math.ceil(self.numel / BLOCK), dtype=torch.float32, device=like.device)
        self.store(torch.zeros_like(like, dtype=torch.float32))

    def tensors(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.index, self.absmax

    def _blocks(self, flat: torch.Tensor) -> torch.Tensor:
        pad = self.absmax.numel() * BLOCK - self.numel
        return torch.nn.functional.pad(flat, (0, pad)).view(-1, BLOCK)

    def store(self, value: torch.Tensor) -> None:
        blocks = self._blocks(value.detach().float().flatten())
        absmax = blocks.abs().amax(dim=1)
        normed = blocks / absmax.clamp_min(1e-30).unsqueeze(1)
        self.index.copy_(torch.bucketize(normed, self.bounds).flatten()[: self.numel].to(torch.uint8))
        self.absmax.copy_(absmax)

    def load(self) -> torch.Tensor:
        values = self.codes[self.index.long()]
        scale = self.absmax.repeat_interleave(BLOCK)[: self.numel]
        return (values * scale).view(self.shape)


class Int8AdamW(torch.optim.Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["steps"] = 0
                    state["m"] = Quantized(p, SIGNED_CODES)
                    state["v"] = Quantized(p, UNSIGNED_CODES)
                state["steps"] += 1
                g = p.grad.float()
                m = state["m"].load().mul_(beta1).add_(g, alpha=1 - beta1)
                v = state["v"].load().mul_(beta2).addcmul_(g, g, value=1 - beta2)
                m_hat = m / (1 - beta1 ** state["steps"])
                v_hat = v / (1 - beta2 ** state["steps"])
                p.mul_(1 - group["lr"] * group["weight_decay"])
                p.add_((m_hat / (v_hat.sqrt() + group["eps"])).to(p.dtype), alpha=-group["lr"])
                state["m"].store(m)
                state["v"].store(v)

    def state_tensors(self):
        """Every tensor the optimizer keeps between steps."""
        for state in self.state.values():
            for key in ("m", "v"):
                yield from state[key].tensors()
