"""Measure the memory one AdamW training step takes above the level at its start.

Measured: on a GPU, torch.cuda.max_memory_allocated minus memory_allocated at the step's start; on a
CPU, the running sum of the allocation events torch.profiler records (profile_memory=True) above the
level at the start of the step. The prediction (activations + the loss's two fp32 tokens x vocab
buffers) is made by the caller from a formula, before the step.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from labs.memory.activations import SavedTensorMeter


@dataclass(frozen=True)
class Peak:
    saved: int  # bytes the saved-tensor hooks saw in the measured step's forward pass
    measured_above_start: int | None  # None: this torch's profiler exposes no allocation events
    how: str


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


def training_step_peak(model, ids: torch.Tensor) -> Peak:
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, foreach=False)
    _step(model, opt, ids)  # warm-up: creates the optimizer state (and, on CUDA, library workspaces)
    opt.zero_grad(set_to_none=True)
    saved = {}
    if ids.device.type == "cuda":
        torch.cuda.synchronize()
        start = torch.cuda.memory_allocated()
        torch.cuda.reset_peak_memory_stats()
        saved["a"] = _step(model, opt, ids)
        torch.cuda.synchronize()
        return Peak(saved["a"], torch.cuda.max_memory_allocated() - start,
                    "torch.cuda.max_memory_allocated above the step's start")
    above = _profiler_peak(lambda: saved.setdefault("a", _step(model, opt, ids)))
    return Peak(saved["a"], above, "CPU profiler allocations above the step's start")
