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


def measure(n: int) -> dict[str, float]:
    """TFLOP/s of an n x n x n matmul: bf16, true fp32 (TF32 off) and TF32."""
    saved = torch.get_float32_matmul_precision()
    try:
        torch.set_float32_matmul_precision("highest")
        found = {"bf16": matmul_tflops(torch.bfloat16, n), "fp32": matmul_tflops(torch.float32, n)}
        torch.set_float32_matmul_precision("high")
        found["tf32"] = matmul_tflops(torch.float32, n)
        return found
    finally:
        torch.set_float32_matmul_precision(saved)
