"""Facts about floating-point formats, measured with torch."""
from __future__ import annotations

import math

import torch


def layout_bits(finfo) -> tuple[int, int]:
    """(exponent bits, mantissa bits) from a torch.finfo: eps = 2^-mantissa, max exponent = 2^(e-1) - 1."""
    mantissa = round(-math.log2(finfo.eps))
    max_exponent = math.floor(math.log2(finfo.max))
    exponent = round(math.log2(max_exponent + 1)) + 1
    return exponent, mantissa


def unscale(scaled_grad: torch.Tensor, scale: float) -> torch.Tensor:
    """Back to the true gradient, in fp32 so that the small value survives the division."""
    return scaled_grad.float() / scale


def cast(value: float, dtype: torch.dtype) -> float:
    return float(torch.tensor(value, dtype=torch.float32).to(dtype).float())


def weight_gradient(true_grad: float, dtype: torch.dtype, scale: float, unscale_fn=unscale) -> float:
    """The gradient a `dtype` weight receives when d(loss)/dw = true_grad and the loss is scaled by `scale`."""
    w = torch.ones(1, dtype=dtype, requires_grad=True)
    loss = (w.float() * true_grad).sum()  # the backward of .float() casts the gradient to `dtype`
    (loss * scale).backward()
    return float(unscale_fn(w.grad, scale))
