"""Your turn: write the memory formulas and gradient accumulation, then check them with
`studyapp lab check memory` (or `python -m labs memory --exercise-file THIS_FILE`).

The lab counts the bytes of real tensors (weights, gradients, optimizer states), records what
autograd saves for the backward pass (saved-tensor hooks) and measures a training step's peak,
and compares each with YOUR formula, computed before the run. Dtype sizes: fp32 4 bytes,
fp16/bf16 2, int8 1, int64 8.
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


def activation_bytes(batch: int, seq: int, hidden: int, intermediate: int, heads: int, kv_heads: int, vocab: int,
                     layers: int, checkpointed: bool = False) -> int:
    """Bytes autograd keeps for the backward pass after one fp32 forward of the lab's tiny Llama
    (labels = input ids), in the spirit of Korthikanti et al. 2022 ("Reducing Activation Recomputation
    in Large Transformer Models"), adapted: fp32, no dropout, and an SDPA kernel that keeps no
    seq x seq matrix. Count distinct tensors, per layer and token, then the parts that come once:
      - each of the 2 RMSNorms keeps its input, the normalised x and its output (hidden values each)
        and 1/rms (one value);
      - attention keeps the rotated q (hidden values), the rotated k and the v (kv_heads * head_dim
        each), SDPA's output (hidden; o_proj's input is the same tensor) and one log-sum-exp per head;
      - the MLP keeps gate, SiLU(gate), up and their product (intermediate values each);
      - once per token: the final norm (like one RMSNorm), the log-softmax over the vocabulary (the
        loss term), and the int64 input ids and labels;
      - once per forward: cos and sin (seq x head_dim each, only if layers > 0) and one fp32 scalar.
    checkpointed=True: every layer keeps only its input (hidden per token), cos and sin are not kept.
    All floats are fp32. A sequence length off by one is wrong at seq = 8: the lab tests short ones.
    """
    raise NotImplementedError("exercise.py: activation_bytes")


def step_peak_bytes(activation_bytes: int, batch: int, seq: int, vocab: int) -> int:
    """Memory above the step's start at the peak of one training step, given the activation bytes.
    Gradients are set to None before the step. Hint: when the backward pass starts every activation is
    still held, and cross-entropy's backward allocates fp32 gradients as large as its log-softmax
    output and then as the logits."""
    raise NotImplementedError("exercise.py: step_peak_bytes")


def accumulate_gradients(model, ids, micro_batches: int) -> None:
    """Gradient accumulation: split `ids` (batch, seq) into `micro_batches` chunks along the batch and
    leave in the parameters' .grad the gradient of the whole batch's mean loss (gradients start at
    None). Use `model(input_ids=chunk, labels=chunk).loss`. Hold only one micro-batch's activations
    at a time."""
    raise NotImplementedError("exercise.py: accumulate_gradients")
