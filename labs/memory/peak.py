"""Predict the peak memory of one training step, then measure it.

Prediction, made before the step from counted tensors:
    resident (weights + buffers + AdamW state + input ids)
  + activations autograd saves in the forward pass (saved-tensor hooks)
  + 2 x tokens x vocab x 4 bytes: when the backward pass starts, every activation is still held
    while cross-entropy's backward allocates the gradient of its log-softmax output and then that
    of the logits. Later in the backward, activations are freed faster than gradients appear.
Gradients are set to None before the step, so they take no memory at that moment.

Measured: torch.cuda.max_memory_allocated on a GPU; on a CPU, the running sum of the allocation
events torch.profiler records (profile_memory=True) above the level at the start of the step.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from labs import tinyllama
from labs.memory.activations import SavedTensorMeter


@dataclass(frozen=True)
class Peak:
    resident: int
    activations: int
    loss_gradients: int
    measured_total: int | None  # CUDA: max_memory_allocated
    measured_above_start: int | None  # None: this torch's profiler exposes no allocation events

    @property
    def predicted_total(self) -> int:
        return self.resident + self.predicted_above_start

    @property
    def predicted_above_start(self) -> int:
        return self.activations + self.loss_gradients


def _resident(model, opt, ids) -> int:
    states = [t for s in opt.state.values() for t in s.values() if torch.is_tensor(t)]
    return tinyllama.unique_tensor_bytes([*model.parameters(), *model.buffers(), *states, ids])


def _step(model, opt, ids) -> int:
    opt.zero_grad(set_to_none=True)
    with SavedTensorMeter(model) as meter:
        loss = model(input_ids=ids, labels=ids).loss
    loss.backward()
    opt.step()
    return meter.bytes


def _profiler_peak(run) -> int | None:
    """Highest running total of CPU allocations recorded while `run()` executes (a private profiler API)."""
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        run()
    try:
        events = [e for e in prof.profiler.kineto_results.events() if e.name() == "[memory]"]
        sizes = [(e.start_ns(), e.nbytes()) for e in events]
    except AttributeError:
        return None
    if not sizes:
        return None
    level = peak = 0
    for _, nbytes in sorted(sizes):
        level += nbytes
        peak = max(peak, level)
    return peak


def training_step_peak(model, ids: torch.Tensor, vocab: int) -> Peak:
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, foreach=False)
    _step(model, opt, ids)  # warm-up: creates the optimizer state (and, on CUDA, library workspaces)
    opt.zero_grad(set_to_none=True)
    resident = _resident(model, opt, ids)
    loss_grads = 2 * ids.numel() * vocab * 4
    saved = {}
    if ids.device.type == "cuda":
        torch.cuda.synchronize()
        start = torch.cuda.memory_allocated()
        torch.cuda.reset_peak_memory_stats()
        saved["a"] = _step(model, opt, ids)
        torch.cuda.synchronize()
        total = torch.cuda.max_memory_allocated()
        return Peak(resident, saved["a"], loss_grads, total, total - start)
    above = _profiler_peak(lambda: saved.setdefault("a", _step(model, opt, ids)))
    return Peak(resident, saved["a"], loss_grads, None, above)
