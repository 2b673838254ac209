"""A tiny Llama pre-trained on tagged skills, then tuned to one skill without its tag.

Pre-training sequences are `tag x1 .. xL y`: tag t (one of TAGS tokens) asks for y = x_{t+1}.
The downstream task drops the tag and always wants skill TARGET_SKILL: the frozen model can do it,
so a prompt-based method only has to learn a prompt that selects it.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from labs import tinyllama

TAGS, VALUES, LENGTH = 4, 8, 4
VOCAB = TAGS + VALUES
TARGET_SKILL = 2


def batch(gen: torch.Generator, size: int, device: str, skill: int | None = None) -> torch.Tensor:
    """Tagged sequences of random skills (skill None), or untagged ones of one skill."""
    x = torch.randint(TAGS, VOCAB, (size, LENGTH), generator=gen)
    tags = torch.randint(0, TAGS, (size,), generator=gen) if skill is None else torch.full((size,), skill)
    y = x.gather(1, tags[:, None])
    parts = [tags[:, None], x, y] if skill is None else [x, y]
    return torch.cat(parts, dim=1).to(device)


def answer_logits(model, ids: torch.Tensor) -> torch.Tensor:
    """Logits at the last input position, the one that predicts y (peft's virtual tokens come first)."""
    return model(input_ids=ids[:, :-1]).logits[:, -1, :]


def loss(model, ids: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(answer_logits(model, ids), ids[:, -1])


@torch.no_grad()
def accuracy(model, ids: torch.Tensor) -> float:
    return float((answer_logits(model, ids).argmax(-1) == ids[:, -1]).float().mean())


def train(model, steps: int, lr: float, batch_size: int, device: str, skill: int | None, seed: int) -> list[float]:
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    gen = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(steps):
        value = loss(model, batch(gen, batch_size, device, skill))
        opt.zero_grad(set_to_none=True)
        value.backward()
        opt.step()
        losses.append(float(value.detach()))
    return losses


def pretrained_base(device: str, hidden: int, layers: int, steps: int, seed: int):
    config = tinyllama.config(VOCAB, hidden, layers, heads=4, kv_heads=2, intermediate=2 * hidden, max_positions=64)
    model = tinyllama.build(config, seed=seed, device=device)
    losses = train(model, steps, 1e-2, 64, device, skill=None, seed=seed)
    return model.eval(), losses


@dataclass(frozen=True)
class Tuned:
    method: str
    model: object
    trainable: int
    accuracy: float
    accuracy_at_start: float
    seconds: float
    base_unchanged: bool


def init_prompt_from_tags(tuned) -> None:
    """Every virtual token starts as the mean embedding of the skill tags: an init from the task's vocabulary.

    Lester et al. (2021) found such inits (class labels, vocabulary) far more reliable than random ones; on
    this tiny model a random soft prompt gets stuck in most runs.
    """
    embedding = tuned.prompt_encoder["default"].embedding.weight
    tags = tuned.get_base_model().get_input_embeddings().weight[:TAGS].mean(dim=0)
    with torch.no_grad():
        embedding.copy_(tags.expand_as(embedding))


def tune(method: str, base, peft_config, steps: int, lr: float, device: str, eval_ids: torch.Tensor,
         seed: int = 1, prepare=None) -> Tuned:
    """Trains a copy of the base with `peft_config` (None: full fine-tuning) on the untagged task."""
    from peft import get_peft_model

    model = copy.deepcopy(base)
    before = [(p, p.detach().clone()) for p in model.parameters()]  # the same objects survive peft's wrapping
    torch.manual_seed(seed)
    tuned = get_peft_model(model, peft_config) if peft_config is not None else model
    if prepare is not None:
        prepare(tuned)
    trainable = sum(p.numel() for p in tuned.parameters() if p.requires_grad)
    at_start = accuracy(tuned.eval(), eval_ids)
    t0 = time.perf_counter()
    train(tuned.train(), steps, lr, 32, device, TARGET_SKILL, seed)
    seconds = time.perf_counter() - t0
    tuned.eval()
    base_unchanged = all(torch.equal(p, saved) for p, saved in before)
    return Tuned(method, tuned, trainable, accuracy(tuned, eval_ids), at_start, seconds, base_unchanged)
