"""Your turn: two small functions, then run `python -m labs precision --exercise`.

1. `layout_bits(finfo)`: return (exponent bits, mantissa bits) of a float format using only what
   torch.finfo(dtype) tells you (eps, max, ...). fp16 should give (5, 10) and bf16 (8, 7).
   Hint: eps = 2**-mantissa_bits; the largest exponent is 2**(exponent_bits - 1) - 1.
2. `unscale(scaled_grad, scale)`: a gradient computed from loss * scale; return the true gradient
   without losing a value like 1e-8 (think about which dtype to divide in).
"""
from __future__ import annotations

import torch


def layout_bits(finfo) -> tuple[int, int]:
    raise NotImplementedError("exercise.py: layout_bits")


def unscale(scaled_grad: torch.Tensor, scale: float) -> torch.Tensor:
    raise NotImplementedError("exercise.py: unscale")
