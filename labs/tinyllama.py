"""Tiny Llama models built from a config with random weights (no hub, no downloads)."""
from __future__ import annotations

import torch
from transformers import LlamaConfig, LlamaForCausalLM

from labs import runtime  # noqa: F401  (sets HF_HUB_OFFLINE before transformers is used)


def config(vocab: int, hidden: int, layers: int, heads: int, kv_heads: int, intermediate: int,
           max_positions: int = 512) -> LlamaConfig:
    return LlamaConfig(vocab_size=vocab, hidden_size=hidden, intermediate_size=intermediate,
                       num_hidden_layers=layers, num_attention_heads=heads, num_key_value_heads=kv_heads,
                       max_position_embeddings=max_positions, tie_word_embeddings=False,
                       attention_dropout=0.0, use_cache=False)


def build(cfg: LlamaConfig, seed: int | None = None, device: str = "cpu") -> LlamaForCausalLM:
    if seed is not None:
        torch.manual_seed(seed)
    with torch.device(device):  # initialise on the device: a big model's CPU init is slow
        return LlamaForCausalLM(cfg)


def params_from_config(cfg: LlamaConfig) -> int:
    """The parameter count by formula, independent of any tensor: embeddings, layers, norm, head."""
    d, v, inter = cfg.hidden_size, cfg.vocab_size, cfg.intermediate_size
    head_dim = getattr(cfg, "head_dim", None) or d // cfg.num_attention_heads
    q_out, kv_out = cfg.num_attention_heads * head_dim, cfg.num_key_value_heads * head_dim
    attention = d * q_out + 2 * d * kv_out + q_out * d
    mlp = 3 * d * inter
    layer = attention + mlp + 2 * d  # two RMSNorm weights
    head = 0 if cfg.tie_word_embeddings else v * d
    return v * d + cfg.num_hidden_layers * layer + d + head


def unique_tensor_bytes(tensors) -> int:
    """Bytes of distinct storages, so tied or viewed tensors count once."""
    seen: dict[int, int] = {}
    for t in tensors:
        if t is not None:
            storage = t.untyped_storage()
            seen[storage.data_ptr()] = storage.nbytes()
    return sum(seen.values())
