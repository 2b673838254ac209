"""PPO's four models built from one tiny Llama config, and the bytes their tensors really hold."""
from __future__ import annotations

import copy

import torch
from transformers import LlamaForSequenceClassification, LlamaForTokenClassification

from labs import tinyllama
from labs.rlhf.formulas import ROLES, TRAINED


def build_models(cfg, device: str, seed: int = 0) -> dict[str, torch.nn.Module]:
    """actor: the SFT model being tuned; critic: a value per token; reward: one score per sequence;
    reference: a frozen copy of the actor."""
    actor = tinyllama.build(cfg, seed=seed, device=device)
    head_cfg = copy.deepcopy(cfg)
    head_cfg.num_labels = 1
    head_cfg.pad_token_id = 0
    with torch.device(device):
        critic = LlamaForTokenClassification(head_cfg)
        reward = LlamaForSequenceClassification(head_cfg)
    reference = copy.deepcopy(actor)
    return {"actor": actor, "critic": critic, "reference": reference, "reward": reward}


def _optimizer_tensors(optimizer: torch.optim.Optimizer) -> list[torch.Tensor]:
    # AdamW's "step" counter is a one-element tensor per parameter: bookkeeping, left out of the count
    return [t for state in optimizer.state.values() for key, t in state.items()
            if torch.is_tensor(t) and key != "step"]


def measure(models: dict[str, torch.nn.Module], vocab: int, device: str, seq: int = 16) -> dict[str, int]:
    """One PPO-shaped step: trained models get gradients and AdamW state; frozen ones run without grad."""
    ids = torch.randint(1, vocab, (2, seq), device=device)
    measured = {}
    for role in ROLES:
        model = models[role]
        params = list(model.parameters())
        if role in TRAINED:
            optimizer = torch.optim.AdamW(params, lr=1e-4)
            model(input_ids=ids).logits.float().pow(2).mean().backward()
            optimizer.step()
            tensors = params + [p.grad for p in params] + _optimizer_tensors(optimizer)
        else:
            model.requires_grad_(False)
            with torch.no_grad():
                model(input_ids=ids)
            tensors = params + [p.grad for p in params]  # grads are None: nothing to count
        measured[role] = tinyllama.unique_tensor_bytes(tensors)
    return measured


def parameter_counts(models: dict[str, torch.nn.Module]) -> dict[str, int]:
    return {role: sum(p.numel() for p in m.parameters()) for role, m in models.items()}
