"""The lab's reference answers to exercise.py: the pieces of a supervised fine-tuning pipeline."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

IGNORE = -100


def render_chat(messages: list[dict], add_generation_prompt: bool) -> str:
    text = ""
    for m in messages:
        if m["role"] == "system":
            text += f"<|system|>{m['content']}\n"
        elif m["role"] == "user":
            text += f"<|user|>{m['content']}\n"
        else:
            text += f"<|assistant|>{m['content']}<|end|>\n"
    return text + ("<|assistant|>" if add_generation_prompt else "")


def build_labels(input_ids: list[int], prompt_length: int) -> list[int]:
    return [IGNORE] * prompt_length + list(input_ids[prompt_length:])


def collate(examples: list[dict], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(e["input_ids"]) for e in examples)

    def padded(key: str, fill: int) -> torch.Tensor:
        return torch.tensor([list(e[key]) + [fill] * (width - len(e[key])) for e in examples])

    mask = torch.tensor([[1] * len(e["input_ids"]) + [0] * (width - len(e["input_ids"])) for e in examples])
    return {"input_ids": padded("input_ids", pad_id), "attention_mask": mask, "labels": padded("labels", IGNORE)}


def causal_lm_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(logits[:, :-1].flatten(0, 1).float(), labels[:, 1:].flatten(), ignore_index=IGNORE)


def lr_at(step: int, peak: float, warmup: int, total: int) -> float:
    if step < warmup:
        return peak * step / max(1, warmup)
    progress = (step - warmup) / max(1, total - warmup)
    return peak * max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
