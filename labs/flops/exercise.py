"""Your turn: write the FLOP formulas, then run `python -m labs flops --exercise`.

Convention: a FLOP is one multiply or one add, so a multiply-accumulate is 2 FLOPs (the convention
of torch.utils.flop_counter.FlopCounterMode and of the 6·N·D rule). Count matrix products only:
norms, activations, softmax and the embedding lookup are left out, as the counter leaves them out.
The checks compare your numbers with FlopCounterMode running the real model, exactly.

`cfg` is a transformers LlamaConfig: hidden_size, intermediate_size, num_hidden_layers,
num_attention_heads, num_key_value_heads, vocab_size (head_dim = hidden_size // num_attention_heads).
"""
from __future__ import annotations


def matmul_flops(m: int, k: int, n: int) -> int:
    """FLOPs of an (m x k) @ (k x n) matrix product."""
    raise NotImplementedError("exercise.py: matmul_flops")


def attention_flops(batch: int, heads: int, seq: int, head_dim: int) -> int:
    """FLOPs of the two matmuls inside attention (scores Q·Kᵀ, then probabilities·V) for every head.

    Hint: the counter sees the full seq x seq score matrix even with a causal mask.
    """
    raise NotImplementedError("exercise.py: attention_flops")


def llama_forward_flops(cfg, batch: int, seq: int) -> int:
    """FLOPs of one LlamaForCausalLM forward pass over batch x seq tokens.

    Per layer: the q, k, v, o projections (k and v have num_key_value_heads heads: grouped-query
    attention), attention itself, and the MLP's three projections (gate, up, down). Then the
    output head (hidden -> vocab) once.
    """
    raise NotImplementedError("exercise.py: llama_forward_flops")


def training_step_flops(cfg, batch: int, seq: int) -> int:
    """FLOPs of forward + backward (no optimizer step). Hint: what does a matmul's backward compute?"""
    raise NotImplementedError("exercise.py: training_step_flops")


def six_n_d(n_params: int, tokens: int) -> int:
    """The rule-of-thumb training FLOPs for a model of n_params parameters trained on `tokens` tokens."""
    raise NotImplementedError("exercise.py: six_n_d")
