"""Your turn: write the pieces of a supervised fine-tuning (instruction-tuning) pipeline, then run
`python -m labs sft --exercise`.

The checks compare each piece with transformers (apply_chat_template, DataCollatorForSeq2Seq,
LlamaForCausalLM's own loss, get_cosine_schedule_with_warmup), check with autograd which tokens
your labels train, and fine-tune a tiny Llama with your whole pipeline on digit instructions
("next after 3" -> "4", "double 7" -> "4", "number before 0" -> "9").
"""
from __future__ import annotations

import torch

IGNORE = -100  # the label that cross-entropy (and transformers) leaves out


def render_chat(messages: list[dict], add_generation_prompt: bool) -> str:
    """The chat template as text. Each message {"role", "content"} becomes
        system:    <|system|>CONTENT + newline
        user:      <|user|>CONTENT + newline
        assistant: <|assistant|>CONTENT<|end|> + newline
    and with add_generation_prompt the text ends with <|assistant|>, where the model's answer starts.
    """
    raise NotImplementedError("exercise.py: render_chat")


def build_labels(input_ids: list[int], prompt_length: int) -> list[int]:
    """Labels for one conversation: the first `prompt_length` tokens (everything up to and including
    <|assistant|>) are the prompt and must not be trained, so they get IGNORE; the response tokens keep
    their ids. Do not shift: the loss (and transformers) shifts by one itself."""
    raise NotImplementedError("exercise.py: build_labels")


def collate(examples: list[dict], pad_id: int) -> dict[str, torch.Tensor]:
    """A batch from examples {"input_ids": [...], "labels": [...]} of different lengths: pad on the
    right to the longest; input_ids with pad_id, labels with IGNORE; attention_mask 1 on real tokens,
    0 on padding. Returns long tensors "input_ids", "attention_mask", "labels"."""
    raise NotImplementedError("exercise.py: collate")


def causal_lm_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy: logits (batch, seq, vocab) at position t predict labels at t+1;
    positions whose label is IGNORE do not count (neither in the sum nor in the mean)."""
    raise NotImplementedError("exercise.py: causal_lm_loss")


def lr_at(step: int, peak: float, warmup: int, total: int) -> float:
    """Learning rate at `step` (0-based) of `total`: linear warm-up from 0 to `peak` over `warmup`
    steps (step / warmup), then a half cosine from `peak` down to 0 at step `total`."""
    raise NotImplementedError("exercise.py: lr_at")
