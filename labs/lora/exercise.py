"""Your turn: two LoRA formulas, then run `python -m labs lora --exercise`.

LoRA freezes a weight W (d_out x d_in) and learns W + (alpha / r) * B @ A with A (r x d_in) and
B (d_out x r). The lab counts peft's trainable parameters against YOUR count, and merges every
adapter with YOUR merge to compare with peft's merge_and_unload.
"""
from __future__ import annotations

import torch


def lora_trainable_params(d_in: int, d_out: int, r: int) -> int:
    """Trainable parameters LoRA adds to one d_in -> d_out linear layer."""
    raise NotImplementedError("exercise.py: lora_trainable_params")


def merge_weight(weight: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor, scaling: float) -> torch.Tensor:
    """The merged weight, so that inference needs no extra matmul (no added latency)."""
    raise NotImplementedError("exercise.py: merge_weight")
