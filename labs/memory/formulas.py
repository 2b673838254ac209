"""Bytes per parameter, by formula (the reference the exercise is compared with)."""
from __future__ import annotations

import math

DTYPE_BYTES = {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1}


def inference_bytes(n_params: int, dtype: str = "fp16") -> int:
    return n_params * DTYPE_BYTES[dtype]


def training_bytes(n_params: int, optimizer: str, mixed_precision: bool) -> int:
    """Weights + gradients + optimizer state (activations excluded).

    Mixed precision keeps fp16 weights and gradients (2 + 2) plus an fp32 master copy (4) that the
    optimizer updates; plain fp32 keeps weights and gradients in fp32 (4 + 4).
    """
    weights_and_grads = (2 + 2 + 4) if mixed_precision else (4 + 4)
    state = {"adamw": 4 + 4, "sgd_momentum": 4, "sgd": 0}[optimizer]  # fp32 m and v / momentum
    return n_params * (weights_and_grads + state)


def int8_state_bytes(numels: list[int], block: int) -> int:
    """Blockwise 8-bit Adam: one byte each for m and v per element, plus one fp32 absmax per block for each."""
    return sum(2 * n + 2 * 4 * math.ceil(n / block) for n in numels)
