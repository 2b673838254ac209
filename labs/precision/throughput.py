"""Matrix-multiply throughput per dtype on a GPU, timed with CUDA events."""
from __future__ import annotations

import torch


def matmul_tflops(dtype: torch.dtype, n: int, repeats: int = 20) -> float:
    a = torch.randn(n, n, device="cuda", dtype=dtype)
    b = torch.randn(n, n, device="cuda", dtype=dtype)
    for _ in range(3):
        a @ b
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(repeats):
        a @ b
    end.record()
    torch.cuda.synchronize()
    seconds = start.elapsed_time(end) / 1000 / repeats
    return 2 * n ** 3 / seconds / 1e12


def bf16_vs_fp32(n: int) -> tuple[float, float]:
    """(bf16 TFLOP/s, fp32 TFLOP/s) with TF32 off, so fp32 means true fp32."""
    saved = torch.get_float32_matmul_precision()
    torch.set_float32_matmul_precision("highest")
    try:
        return matmul_tflops(torch.bfloat16, n), matmul_tflops(torch.float32, n)
    finally:
        torch.set_float32_matmul_precision(saved)
