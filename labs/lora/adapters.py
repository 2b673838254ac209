"""LoRA by formula (the reference the exercise is compared with) and helpers around peft."""
from __future__ import annotations

import torch
from peft import LoraConfig, get_peft_model
from peft.tuners.lora import LoraLayer

TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def lora_trainable_params(d_in: int, d_out: int, r: int) -> int:
    """A is r x d_in, B is d_out x r."""
    return r * (d_in + d_out)


def merge_weight(weight: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor, scaling: float) -> torch.Tensor:
    """W' = W + scaling * B A: the adapter folded into the base weight."""
    return weight + scaling * (lora_b @ lora_a)


def lora_forward(x: torch.Tensor, weight: torch.Tensor, lora_a: torch.Tensor, lora_b: torch.Tensor,
                 scaling: float) -> torch.Tensor:
    """y = x W^T + scaling * (x A^T) B^T: the frozen path plus the low-rank path, never forming B A."""
    return x @ weight.T + scaling * ((x @ lora_a.T) @ lora_b.T)


def init_lora_factors(d_in: int, d_out: int, r: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """A random (Kaiming-uniform bound, as nn.Linear), B zero: the adapted layer starts as the base
    layer, and B's gradient (which needs A != 0) is not zero, so training can start."""
    bound = 1 / d_in ** 0.5
    a = (torch.rand(r, d_in, generator=generator) * 2 - 1) * bound
    return a, torch.zeros(d_out, r)


def rank_r_residual(delta: torch.Tensor, r: int) -> float:
    """Eckart-Young: the best rank-r approximation of delta leaves ||delta - best||_F / ||delta||_F =
    sqrt(sum of squared singular values beyond the r largest / sum of all squared)."""
    s2 = torch.linalg.svdvals(delta.double()) ** 2
    return float((s2[r:].sum() / s2.sum()).sqrt())


def target_linears(model) -> dict[str, torch.nn.Linear]:
    """The base model's Linear layers LoRA will adapt, by module name."""
    return {name: m for name, m in model.named_modules()
            if isinstance(m, torch.nn.Linear) and name.rsplit(".", 1)[-1] in TARGETS}


def wrap(model, r: int, alpha: int):
    config = LoraConfig(r=r, lora_alpha=alpha, lora_dropout=0.0, target_modules=list(TARGETS), bias="none")
    return get_peft_model(model, config)


def lora_layers(model) -> dict[str, LoraLayer]:
    return {name: m for name, m in model.named_modules() if isinstance(m, LoraLayer)}


def base_weights(peft_model) -> dict[str, torch.Tensor]:
    """The frozen weights under the adapters, named as in the unwrapped model."""
    inner = peft_model.get_base_model()
    return {name.replace(".base_layer", ""): p for name, p in inner.named_parameters() if "lora_" not in name}


def adapter_factors(layer: LoraLayer) -> tuple[torch.Tensor, torch.Tensor, float]:
    """(A, B, scaling) of the default adapter."""
    return (layer.lora_A["default"].weight.detach(), layer.lora_B["default"].weight.detach(),
            float(layer.scaling["default"]))
