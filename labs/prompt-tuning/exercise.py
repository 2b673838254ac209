"""Your turn: what each prompt-based method trains, and what a soft prompt does to the input.

Run `python -m labs prompt-tuning --exercise`. The checks compare YOUR counts with the trainable
parameters peft reports for PromptTuningConfig, PromptEncoderConfig (P-tuning), PrefixTuningConfig
(prefix tuning / P-tuning v2) and LoraConfig on a tiny Llama with grouped-query attention, and YOUR
soft-prompt forward pass with peft's.
"""
from __future__ import annotations

import torch


def prompt_tuning_params(num_virtual_tokens: int, hidden_size: int) -> int:
    """Prompt tuning (Lester et al. 2021): one trainable embedding per virtual token, nothing else."""
    raise NotImplementedError("exercise.py: prompt_tuning_params")


def p_tuning_params(num_virtual_tokens: int, hidden_size: int, encoder_hidden_size: int) -> int:
    """P-tuning (Liu et al. 2021) with peft's MLP prompt encoder, all of it trained.

    The virtual-token embeddings (hidden_size each) pass through Linear(hidden, enc) -> ReLU ->
    Linear(enc, enc) -> ReLU -> Linear(enc, hidden); every Linear has a bias.
    """
    raise NotImplementedError("exercise.py: p_tuning_params")


def prefix_tuning_params(num_virtual_tokens: int, num_layers: int, kv_heads: int, head_dim: int,
                         projection_hidden: int | None = None) -> int:
    """Prefix tuning / P-tuning v2: trained keys AND values for every layer, per virtual token.

    Each virtual token holds, for every layer, a key and a value of kv_heads * head_dim numbers
    (with grouped-query attention only the KV heads are cached, so only they get a prefix).
    Without projection they are stored directly. With projection (prefix_projection=True), a
    kv_heads * head_dim embedding per virtual token feeds Linear(kv_dim, projection_hidden) -> Tanh
    -> Linear(projection_hidden, num_layers * 2 * kv_dim), both with biases.
    """
    raise NotImplementedError("exercise.py: prefix_tuning_params")


def lora_params(matrix_shapes: list[tuple[int, int]], r: int) -> int:
    """LoRA of rank r on each (in_features, out_features) weight: A is r x in, B is out x r, no bias."""
    raise NotImplementedError("exercise.py: lora_params")


def soft_prompt_logits(model, prompt: torch.Tensor, input_ids: torch.Tensor) -> torch.Tensor:
    """What prompt tuning does at run time: logits of `model` for `input_ids` behind a soft prompt.

    prompt: (num_virtual_tokens, hidden) trained vectors; input_ids: (batch, seq). Look the ids up
    in model.get_input_embeddings(), put the prompt IN FRONT of every sequence of the batch, run
    model(inputs_embeds=...), and return the logits of the real tokens only: (batch, seq, vocab).
    """
    raise NotImplementedError("exercise.py: soft_prompt_logits")
