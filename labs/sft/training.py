"""Fine-tuning a tiny Llama on chat-formatted instructions with a given pipeline (the learner's or the reference)."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable

import torch

from labs import tinyllama
from labs.sft import data


@dataclass(frozen=True)
class Pipeline:
    render_chat: Callable
    build_labels: Callable
    collate: Callable
    causal_lm_loss: Callable
    lr_at: Callable


@dataclass(frozen=True)
class Sizes:
    hidden: int
    layers: int
    batch: int


def encode(pipe: Pipeline, tok, instruction: str, answer: str, system: bool = False) -> dict:
    """input_ids of the whole conversation, labels from the pipeline's mask, and the prompt length."""
    prompt = pipe.render_chat(data.messages(instruction, system=system), add_generation_prompt=True)
    full = pipe.render_chat(data.messages(instruction, answer, system=system), add_generation_prompt=False)
    ids = tok(full, add_special_tokens=False)["input_ids"]
    prompt_length = len(tok(prompt, add_special_tokens=False)["input_ids"])
    return {"input_ids": ids, "labels": pipe.build_labels(ids, prompt_length), "prompt_length": prompt_length}


def build_model(tok, sizes: Sizes, seed: int, device: str):
    cfg = tinyllama.config(len(tok), sizes.hidden, sizes.layers, heads=4, kv_heads=4,
                           intermediate=2 * sizes.hidden, max_positions=64)
    return tinyllama.build(cfg, seed=seed, device=device)


def train(pipe: Pipeline, tok, encoded: list[dict], *, steps: int, sizes: Sizes, peak_lr: float, warmup: int,
          device: str, seed: int, every: int = 0, on_eval=None):
    """AdamW with the pipeline's schedule; epochs over `encoded` in a fresh order each. Returns model, losses."""
    model = build_model(tok, sizes, seed, device)
    opt = torch.optim.AdamW(model.parameters(), lr=peak_lr, weight_decay=0.0)
    rng = random.Random(seed)
    order: list[int] = []
    losses = []
    for step in range(steps):
        if len(order) < sizes.batch:
            order += rng.sample(range(len(encoded)), len(encoded))
        batch = [encoded[i] for i in order[:sizes.batch]]
        del order[:sizes.batch]
        tensors = pipe.collate([{"input_ids": e["input_ids"], "labels": e["labels"]} for e in batch],
                               tok.pad_token_id)
        tensors = {k: v.to(device) for k, v in tensors.items()}
        logits = model(input_ids=tensors["input_ids"], attention_mask=tensors["attention_mask"]).logits
        loss = pipe.causal_lm_loss(logits, tensors["labels"])
        for group in opt.param_groups:
            group["lr"] = pipe.lr_at(step, peak_lr, warmup, steps)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
        if on_eval and every and (step + 1) % every == 0:
            on_eval(step + 1, model)
    return model, losses


@torch.no_grad()
def evaluate(model, tok, encoded: list[dict], device: str) -> tuple[float, float]:
    """(mean loss on the answer token, share of answers the model ranks first), teacher-forced."""
    model.eval()
    width = max(len(e["input_ids"]) for e in encoded)
    ids = torch.tensor([e["input_ids"] + [tok.pad_token_id] * (width - len(e["input_ids"])) for e in encoded])
    mask = (torch.arange(width) < torch.tensor([len(e["input_ids"]) for e in encoded]).unsqueeze(1)).long()
    logits = model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits.float().cpu()
    rows = torch.arange(len(encoded))
    where = torch.tensor([e["prompt_length"] - 1 for e in encoded])  # this position predicts the answer
    answer_logits = logits[rows, where]
    answers = ids[rows, where + 1]
    model.train()
    loss = float(torch.nn.functional.cross_entropy(answer_logits, answers))
    return (loss if math.isfinite(loss) else float("inf")), float((answer_logits.argmax(-1) == answers).double().mean())
