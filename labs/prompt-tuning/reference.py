"""Reference answers to the exercise: what `python -m labs prompt-tuning` runs without --exercise."""
from __future__ import annotations

import torch


def prompt_tuning_params(num_virtual_tokens: int, hidden_size: int) -> int:
    return num_virtual_tokens * hidden_size


def _linear(n_in: int, n_out: int) -> int:
    return n_in * n_out + n_out


def p_tuning_params(num_virtual_tokens: int, hidden_size: int, encoder_hidden_size: int) -> int:
    h, e = hidden_size, encoder_hidden_size
    return num_virtual_tokens * h + _linear(h, e) + _linear(e, e) + _linear(e, h)


def prefix_tuning_params(num_virtual_tokens: int, num_layers: int, kv_heads: int, head_dim: int,
                         projection_hidden: int | None = None) -> int:
    kv_dim = kv_heads * head_dim
    per_token = num_layers * 2 * kv_dim
    if projection_hidden is None:
        return num_virtual_tokens * per_token
    return num_virtual_tokens * kv_dim + _linear(kv_dim, projection_hidden) + _linear(projection_hidden, per_token)


def lora_params(matrix_shapes: list[tuple[int, int]], r: int) -> int:
    return sum(r * (n_in + n_out) for n_in, n_out in matrix_shapes)


def soft_prompt_logits(model, prompt: torch.Tensor, input_ids: torch.Tensor) -> torch.Tensor:
    embedded = model.get_input_embeddings()(input_ids)
    batch_prompt = prompt.to(embedded.dtype).unsqueeze(0).expand(input_ids.shape[0], -1, -1)
    logits = model(inputs_embeds=torch.cat((batch_prompt, embedded), dim=1)).logits
    return logits[:, prompt.shape[0]:]
