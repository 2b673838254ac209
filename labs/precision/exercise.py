"""Your turn: three small functions, then check them with `studyapp lab check precision`
(or `python -m labs precision --exercise-file THIS_FILE`).

1. `layout_bits(finfo)`: return (exponent bits, mantissa bits) of a float format using only what
   torch.finfo(dtype) tells you (eps, max, ...). fp16 gives (5, 10), bf16 (8, 7), and the same
   function must also give fp32's (8, 23) and fp64's (11, 52).
   Hint: eps = 2**-mantissa_bits exactly; the largest exponent is 2**(exponent_bits - 1) - 1.
   (finfo.resolution is a rounded decimal, not a power of two.)
2. `unscale(scaled_grad, scale)`: a gradient computed from loss * scale; return the true gradient
   without losing a value like 1e-8 (think about which dtype to divide in).
3. `amp_train_step(model, loss_fn, x, y, optimizer, scaler, dtype)`: one mixed-precision training
   step. Gradients are already zeroed. Run the forward pass under torch.autocast with `dtype` on
   x's device, compute `loss_fn(output, y)`, and backpropagate, step and update through the
   `scaler` (a torch.amp.GradScaler; for bf16 it is created disabled, where its methods pass
   through). Return the loss (not multiplied by the scale). The lab trains with it in bf16 and
   fp16, and on a loss so small that fp16 gradients underflow unless they are scaled.
"""
from __future__ import annotations

import torch


def layout_bits(finfo) -> tuple[int, int]:
    raise NotImplementedError("exercise.py: layout_bits")


def unscale(scaled_grad: torch.Tensor, scale: float) -> torch.Tensor:
    raise NotImplementedError("exercise.py: unscale")


def amp_train_step(model, loss_fn, x, y, optimizer, scaler, dtype) -> torch.Tensor:
    raise NotImplementedError("exercise.py: amp_train_step")
