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
    return [torch.zeros_like(p) if p.grad is None else p.grad.detach().clone() for p in model.parameters()]


def step_activations(model, ids: torch.Tensor) -> tuple[int, list[torch.Tensor]]:
    """(saved activation bytes of one forward, the gradients of its backward)."""
    model.zero_grad(set_to_none=True)
    with SavedTensorMeter(model) as meter:
        loss = model(input_ids=ids, labels=ids).loss
    loss.backward()
    return meter.bytes, gradients(model)


class LiveSavedMeter:
    """Inside `with`, the largest number of bytes autograd holds for backward at any one moment.

    Every saved tensor is wrapped in a small holder; autograd drops the holder when the backward
    pass that needed it frees it, so the count goes down again. Weights are not counted.
    """

    def __init__(self, model: torch.nn.Module):
        self._weights = {p.untyped_storage().data_ptr() for p in model.parameters()}
        self._refs: dict[int, int] = {}
        self._sizes: dict[int, int] = {}
        self.live = self.peak = 0
        self._hooks = torch.autograd.graph.saved_tensors_hooks(self._pack, _unpack)

    def _pack(self, t: torch.Tensor):
        storage = t.untyped_storage()
        ptr = storage.data_ptr()
        if not ptr or ptr in self._weights:
            return t
        if self._refs.get(ptr, 0) == 0:
            self._sizes[ptr] = storage.nbytes()
            self.live += self._sizes[ptr]
            self.peak = max(self.peak, self.live)
        self._refs[ptr] = self._refs.get(ptr, 0) + 1
        return _Held(t, self, ptr)

    def release(self, ptr: int) -> None:
        self._refs[ptr] -= 1
        if self._refs[ptr] == 0:
            self.live -= self._sizes.pop(ptr)

    def __enter__(self) -> "LiveSavedMeter":
        self._hooks.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._hooks.__exit__(*exc)


class _Held:
    __slots__ = ("tensor", "meter", "ptr")

    def __init__(self, tensor, meter, ptr):
        self.tensor, self.meter, self.ptr = tensor, meter, ptr

    def __del__(self):
        self.meter.release(self.ptr)


def _unpack(packed):
    return packed.tensor if isinstance(packed, _Held) else packed


def accumulate_gradients(model, ids: torch.Tensor, micro_batches: int) -> None:
    """Gradient accumulation (the reference): backward each micro-batch's loss / k as soon as it is computed."""
    for chunk in ids.chunk(micro_batches):
        loss = model(input_ids=chunk, labels=chunk).loss / micro_batches
        loss.backward()


def accumulated(model, ids: torch.Tensor, micro_batches: int, accumulate=accumulate_gradients):
    """(the most saved-activation bytes held at once, the accumulated gradients) of `accumulate`."""
    model.zero_grad(set_to_none=True)
    with LiveSavedMeter(model) as meter:
        accumulate(model, ids, micro_batches)
    return meter.peak, gradients(model)


def relative_difference(a: list[torch.Tensor], b: list[torch.Tensor]) -> float:
    """max |a - b| over all elements, relative to max |b|."""
    diff = max(float((x - y).abs().max()) for x, y in zip(a, b))
    return diff / max(float(y.abs().max()) for y in b)
