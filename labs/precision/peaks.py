"""Published dense (no sparsity) peak matmul throughput of common GPUs, in TFLOP/s, from the vendors'
datasheets: bf16 tensor cores with fp32 accumulation, TF32 tensor cores, and plain fp32 (CUDA cores).
Matched against torch.cuda.get_device_name(); the first pattern that matches wins, so the more specific
names come first."""
from __future__ import annotations

import re

# (pattern, card, {"bf16": ..., "tf32": ..., "fp32": ...})
PEAKS = (
    (r"H100.*PCIe", "H100 PCIe", {"bf16": 756.5, "tf32": 378.0, "fp32": 51.2}),
    (r"H100.*NVL", "H100 NVL", {"bf16": 835.5, "tf32": 417.5, "fp32": 60.0}),
    (r"H200.*NVL", "H200 NVL", {"bf16": 835.5, "tf32": 417.5, "fp32": 60.0}),
    (r"H100", "H100 SXM", {"bf16": 989.4, "tf32": 494.7, "fp32": 66.9}),
    (r"H200", "H200 SXM", {"bf16": 989.4, "tf32": 494.7, "fp32": 66.9}),
    (r"A100", "A100", {"bf16": 312.0, "tf32": 156.0, "fp32": 19.5}),
    (r"\bL4\b", "L4", {"bf16": 121.0, "tf32": 60.0, "fp32": 30.3}),
    (r"RTX 4090", "GeForce RTX 4090", {"bf16": 165.2, "tf32": 82.6, "fp32": 82.6}),
)


def lookup(device_name: str) -> tuple[str, dict[str, float]] | None:
    """(card, peaks) for a CUDA device name, or None for a card not in the table."""
    for pattern, card, peaks in PEAKS:
        if re.search(pattern, device_name, flags=re.IGNORECASE):
            return card, peaks
    return None
