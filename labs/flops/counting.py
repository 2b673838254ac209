"""Measurements: FLOPs counted by torch.utils.flop_counter, and wall-clock time of the same work.

The counter records the FLOPs of each aten matmul it sees. On the CPU, SDPA's default fused kernel
is invisible to it, so every count here forces the MATH backend, which runs attention as two
batched matmuls. Counts on the meta device run shape functions only: a 7B model costs nothing.
"""
from __future__ import annotations

import time

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from torch.utils.flop_counter import FlopCounterMode

from labs import runtime, tinyllama


def counted(fn, math_attention: bool = True) -> int:
    """Total FLOPs torch's counter records while fn() runs."""
    counter = FlopCounterMode(display=False)
    if math_attention:
        with sdpa_kernel(SDPBackend.MATH), counter:
            fn()
    else:
        with counter:
            fn()
    return int(counter.get_total_flops())


def matmul(m: int, k: int, n: int) -> int:
    a = torch.empty(m, k, device="meta")
    b = torch.empty(k, n, device="meta")
    return counted(lambda: a @ b)


def attention(batch: int, heads: int, seq: int, head_dim: int, causal: bool) -> int:
    q, k, v = (torch.empty(batch, heads, seq, head_dim, device="meta") for _ in range(3))
    return counted(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=causal))


def model(cfg, device: str = "meta", seed: int = 0):
    # eager attention on the meta device: its mask preparation needs no tensor values, which meta lacks
    cfg._attn_implementation = "eager" if device == "meta" else "sdpa"
    return tinyllama.build(cfg, seed=None if device == "meta" else seed, device=device)


def tokens(cfg, batch: int, seq: int, device: str) -> torch.Tensor:
    if device == "meta":
        return torch.empty(batch, seq, dtype=torch.long, device="meta")
    return torch.randint(0, cfg.vocab_size, (batch, seq), device=device)


def _logits(net, ids: torch.Tensor) -> torch.Tensor:
    # an explicit all-ones mask spares transformers a value-dependent check that meta tensors cannot run
    return net(ids, attention_mask=torch.ones_like(ids)).logits


def _loss(net, ids: torch.Tensor) -> torch.Tensor:
    logits = _logits(net, ids)
    return F.cross_entropy(logits.flatten(0, 1).float(), ids.flatten())


def forward_and_backward(cfg, batch: int, seq: int, device: str = "meta") -> tuple[int, int]:
    """(forward FLOPs, backward FLOPs) of one training step, counted separately."""
    net = model(cfg, device)
    ids = tokens(cfg, batch, seq, device)
    box = {}
    fwd = counted(lambda: box.setdefault("loss", _loss(net, ids)))
    bwd = counted(lambda: box["loss"].backward())
    return fwd, bwd


def forward(cfg, batch: int, seq: int, device: str = "meta", math_attention: bool = True) -> int:
    net = model(cfg, device)
    ids = tokens(cfg, batch, seq, device)
    with torch.no_grad():
        return counted(lambda: _logits(net, ids), math_attention)


def best_seconds(fn, device: str, repeats: int) -> float:
    """The fastest of `repeats` timed runs after one warm-up: the least disturbed by other work."""
    fn()
    runtime.synchronize(device)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runtime.synchronize(device)
        best = min(best, time.perf_counter() - t0)
    return best


def matmul_seconds(n: int, device: str, dtype: torch.dtype, repeats: int) -> float:
    gen = torch.Generator(device=device).manual_seed(n)
    a = torch.randn(n, n, device=device, dtype=dtype, generator=gen)
    b = torch.randn(n, n, device=device, dtype=dtype, generator=gen)
    return best_seconds(lambda: a @ b, device, repeats)


def training_step_seconds(cfg, batch: int, seq: int, device: str, dtype: torch.dtype, repeats: int) -> float:
    net = model(cfg, device).to(dtype)
    ids = tokens(cfg, batch, seq, device)

    def step():
        net.zero_grad(set_to_none=True)
        _loss(net, ids).backward()

    return best_seconds(step, device, repeats)
