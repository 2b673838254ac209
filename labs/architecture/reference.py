"""Reference answers to the exercise: what `python -m labs architecture` runs without --exercise."""
from __future__ import annotations

import math

import torch

from labs.tinyllama import params_from_config


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    x32 = x.float()
    normed = x32 * torch.rsqrt(x32.pow(2).mean(dim=-1, keepdim=True) + eps)
    return (weight.float() * normed).to(x.dtype)


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rope(x: torch.Tensor, positions: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    dim = x.shape[-1]
    inv_freq = base ** (-torch.arange(0, dim, 2, dtype=torch.float32, device=x.device) / dim)
    angle = positions.to(x.device, torch.float32)[:, None] * inv_freq[None, :]
    angle = torch.cat((angle, angle), dim=-1)
    return (x * angle.cos() + _rotate_half(x) * angle.sin()).to(x.dtype)


def _power_of_two_slopes(n: int) -> list[float]:
    return [2.0 ** (-8.0 * (h + 1) / n) for h in range(n)]


def alibi_slopes(num_heads: int) -> torch.Tensor:
    closest = 2 ** math.floor(math.log2(num_heads))
    slopes = _power_of_two_slopes(closest)
    if closest < num_heads:
        slopes += _power_of_two_slopes(2 * closest)[0::2][: num_heads - closest]
    return torch.tensor(slopes, dtype=torch.float32)


def pre_norm_block(x: torch.Tensor, norm, sublayer) -> torch.Tensor:
    return x + sublayer(norm(x))


def post_norm_block(x: torch.Tensor, norm, sublayer) -> torch.Tensor:
    return norm(x + sublayer(x))


def llama_param_count(config) -> int:
    return params_from_config(config)
