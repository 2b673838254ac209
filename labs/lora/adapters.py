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
