"""Activation memory measured with saved-tensor hooks: the bytes autograd keeps for the backward pass."""
from __future__ import annotations

import torch


class SavedTensorMeter:
    """Inside `with`, records every distinct storage autograd saves, except the model's own weights."""

    def __init__(self, model: torch.nn.Module):
        self._weights = {p.untyped_storage().data_ptr() for p in model.parameters()}
        self._storages: dict[int, int] = {}
        self._hooks = torch.autograd.graph.saved_tensors_hooks(self._pack, lambda t: t)

    def _pack(self, t: torch.Tensor) -> torch.Tensor:
        storage = t.untyped_storage()
        ptr = storage.data_ptr()
        if ptr and ptr not in self._weights:
            self._storages[ptr] = storage.nbytes()
        return t

    @property
    def bytes(self) -> int:
        return sum(self._storages.values())

    def __enter__(self) -> "SavedTensorMeter":
        self._hooks.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._hooks.__exit__(*exc)


def set_checkpointing(model, enabled: bool) -> None:
    """Non-reentrant checkpointing of every decoder layer (transformers 5.24 renamed the methods)."""
    kwargs = {"use_reentrant": False}
    if hasattr(model, "activation_checkpointing_enable"):
        if enabled:
            model.activation_checkpointing_enable(activation_checkpointing_kwargs=kwargs)
        else:
            model.activation_checkpointing_disable()
    elif enabled:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=kwargs)
    else:
        model.gradient_checkpointing_disable()


def gradients(model) -> list[torch.Tensor]:
    return [p.grad.detach().clone() for p in model.parameters()]


def step_activations(model, ids: torch.Tensor) -> tuple[int, list[torch.Tensor]]:
    """(saved activation bytes of one forward, the gradients of its backward)."""
    model.zero_grad(set_to_none=True)
    with SavedTensorMeter(model) as meter:
        loss = model(input_ids=ids, labels=ids).loss
    loss.backward()
    return meter.bytes, gradients(model)


def accumulated(model, ids: torch.Tensor, micro_batches: int) -> tuple[int, list[torch.Tensor]]:
    """Gradient accumulation: (largest micro-batch's activation bytes, the summed gradients)."""
    model.zero_grad(set_to_none=True)
    peak = 0
    for chunk in ids.chunk(micro_batches):
        with SavedTensorMeter(model) as meter:
            loss = model(input_ids=chunk, labels=chunk).loss / micro_batches
        loss.backward()
        peak = max(peak, meter.bytes)
    return peak, gradients(model)


def relative_difference(a: list[torch.Tensor], b: list[torch.Tensor]) -> float:
    """max |a - b| over all elements, relative to max |b|."""
    diff = max(float((x - y).abs().max()) for x, y in zip(a, b))
    return diff / max(float(y.abs().max()) for y in b)
