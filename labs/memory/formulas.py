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


FP32 = 4
INT64 = 8


def activation_bytes(batch: int, seq: int, hidden: int, intermediate: int, heads: int, kv_heads: int, vocab: int,
                     layers: int, checkpointed: bool = False) -> int:
    """Bytes autograd saves in one fp32 forward pass of the tiny Llama (SDPA attention, no dropout).

    Korthikanti et al. (2022) count s*b*h*(34 + 5*a*s/h) bytes per layer for a GPT layer in fp16 with
    dropout. Here, in fp32 with a flash-style SDPA kernel (no s x s matrix kept), per layer and token:
      2 RMSNorms, each keeping its input, the normalised x, its output (h each) and 1/rms  -> 6h + 2
      attention: the rotated q (h), rotated k and v (kv_dim each), SDPA's output (h; o_proj's input
      is the same storage seen through a transpose), one log-sum-exp per head           -> 2h + 2 kv_dim + heads
      (RoPE's products keep only cos and sin, which need no gradient)
      MLP: gate, SiLU(gate), up, and their product                                      -> 4 * intermediate
    Once: the final norm (3h + 1 per token), the log-softmax over the vocabulary (the loss term, vocab
    per token), int64 input ids and labels, cos and sin (seq x head_dim each) when there are layers,
    and cross-entropy's fp32 total weight. With checkpointing each layer keeps only its input (h per token).
    """
    tokens = batch * seq
    kv_dim = kv_heads * (hidden // heads)
    if checkpointed:
        per_layer, rope = hidden, 0
    else:
        per_layer = 8 * hidden + 2 * kv_dim + 4 * intermediate + heads + 2
        rope = 2 * seq * (hidden // heads) if layers else 0
    head = 3 * hidden + 1 + vocab
    return FP32 * (layers * tokens * per_layer + rope + tokens * head) + 2 * INT64 * tokens + FP32


def step_peak_bytes(activation_bytes: int, batch: int, seq: int, vocab: int) -> int:
    """Memory above the step's start at its peak: every activation is still held when cross-entropy's
    backward allocates the fp32 gradient of its log-softmax output and then that of the logits."""
    return activation_bytes + 2 * FP32 * batch * seq * vocab
