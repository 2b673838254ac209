"""Your turn: write the memory formulas, then run `python -m labs memory --exercise`.

The lab counts the bytes of real tensors (weights, gradients, optimizer states) and compares each
count with YOUR formula. Dtype sizes: fp32 4 bytes, fp16/bf16 2, int8 1.
"""
from __future__ import annotations


def inference_bytes(n_params: int, dtype: str = "fp16") -> int:
    """Bytes of the weights alone, stored in `dtype` ("fp32", "fp16", "bf16" or "int8")."""
    raise NotImplementedError("exercise.py: inference_bytes")


def training_bytes(n_params: int, optimizer: str, mixed_precision: bool) -> int:
    """Weights + gradients + optimizer state for optimizer "adamw", "sgd_momentum" or "sgd".

    mixed_precision=True: fp16 weights and gradients plus an fp32 master copy the optimizer updates.
    """
    raise NotImplementedError("exercise.py: training_bytes")


def int8_state_bytes(numels: list[int], block: int) -> int:
    """An 8-bit Adam keeps m and v as one byte per element, plus one fp32 scale per block of `block`
    elements for each of them. `numels` lists the sizes of the parameter tensors."""
    raise NotImplementedError("exercise.py: int8_state_bytes")
