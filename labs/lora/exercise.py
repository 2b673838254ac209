"""Your turn: LoRA and QLoRA in seven small functions, then check them with `studyapp lab check lora`
(or `python -m labs lora --exercise-file THIS_FILE`).

LoRA freezes a weight W (d_out x d_in) and learns W + scaling * B @ A with A (r x d_in),
B (d_out x r) and scaling = alpha / r. The lab compares YOUR functions with peft (parameter count,
forward, merge), trains an update of rank above r to see what LoRA cannot learn, and compares your
NF4 (QLoRA's 4-bit NormalFloat) with bitsandbytes and with the QLoRA paper's codebook.
"""
from __future__ import annotations

import torch


def lora_trainable_params(d_in: int, d_out: int, r: int) -> int:
    """Trainable parameters LoRA adds to one d_in -> d_out linear layer."""
    raise NotImplementedError("exercise.py: lora_trainable_params")


def merge_weight(weight: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor, scaling: float) -> torch.Tensor:
    """The merged weight, so that inference needs no extra matmul (no added latency)."""
    raise NotImplementedError("exercise.py: merge_weight")


def init_lora_factors(d_in: int, d_out: int, r: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """(A, B) for a new adapter. The adapted layer must start exactly as the frozen one, and the first
    training step must be able to move it (think about which factor gets which gradient)."""
    raise NotImplementedError("exercise.py: init_lora_factors")


def lora_forward(x: torch.Tensor, weight: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor,
                 scaling: float) -> torch.Tensor:
    """The adapted layer's output for x (..., d_in), without forming the d_out x d_in product B @ A."""
    raise NotImplementedError("exercise.py: lora_forward")


def rank_r_residual(delta: torch.Tensor, r: int) -> float:
    """Lora 存在的缺点: LoRA of rank r cannot represent an update `delta` of higher rank. Return the
    smallest relative error any rank-r update leaves, ||delta - best||_F / ||delta||_F (Eckart-Young;
    torch.linalg.svdvals). The lab trains LoRA on such an update and compares."""
    raise NotImplementedError("exercise.py: rank_r_residual")


def nf4_quantize(weight: torch.Tensor, blocksize: int = 64) -> torch.Tensor:
    """QLoRA's NF4 round trip: split the flattened weight into blocks of `blocksize`, divide each block
    by its absolute maximum, round every value to the nearest of the 16 NF4 levels, multiply back.
    Return the dequantised tensor (fp32, weight's shape). The levels (QLoRA paper, section 3) are
    quantiles of N(0, 1) scaled to [-1, 1]: 8 at probabilities evenly spaced from 1 - delta down to
    1/2 (excluded), 7 negative ones from the same construction with 8 points, and 0, where
    delta = (1/30 + 1/32) / 2. Hint: torch.special.ndtri is the inverse normal CDF."""
    raise NotImplementedError("exercise.py: nf4_quantize")


def nf4_storage_bytes(n_params: int, blocksize: int = 64, double_quant: bool = False) -> int:
    """Bytes bitsandbytes stores for one NF4 tensor of n_params values: 4-bit codes plus one fp32
    absmax per block. With double quantisation the absmax values are kept as 8-bit codes, plus one fp32
    absmax per 256 of them and one fp32 offset. (The shared code books are not counted.)"""
    raise NotImplementedError("exercise.py: nf4_storage_bytes")
