"""Torch-side facts a result records: the device, its name and the dtypes it can compute in."""
from __future__ import annotations

import os
import platform
import sys
import warnings
from importlib import metadata

import torch

from labs.protocol import LabError

# Deprecation notices from the libraries would drown the live log; real errors still surface.
warnings.filterwarnings("ignore", category=FutureWarning, module=r"(transformers|peft)(\.|$)")

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # labs build models from configs; never reach a hub
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

_PROBED = (torch.float64, torch.float32, torch.bfloat16, torch.float16)


def resolve_device(requested: str) -> str:
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise LabError("CUDA was asked for but is not available to torch "
                       f"{torch.__version__} (torch.cuda.is_available() is False); use --device cpu or auto")
    if requested not in ("cpu", "cuda"):
        raise LabError(f"unknown device {requested!r}: use auto, cpu or cuda")
    return requested


def limit_cpu_threads(device: str, mode: str) -> int:
    """Quick CPU runs use one intra-op thread unless OMP_NUM_THREADS says otherwise.

    The quick sizes gain little from a second thread, and on a shared two-core machine OpenMP
    threads waiting for each other turned a 10 s lab into minutes.
    """
    if device == "cpu" and mode == "quick" and "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(1)
    return torch.get_num_threads()


def device_name(device: str) -> str:
    if device == "cuda":
        return torch.cuda.get_device_name(0)
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "cpu"


def supported_dtypes(device: str) -> list[str]:
    """Dtypes a small matmul actually runs in on this device, plus tf32/fp8 where the GPU has them."""
    found = []
    for dtype in _PROBED:
        try:
            a = torch.ones(4, 4, dtype=dtype, device=device)
            if torch.isfinite((a @ a).float()).all():
                found.append(str(dtype).removeprefix("torch."))
        except (RuntimeError, TypeError):
            pass
    if device == "cuda":
        capability = torch.cuda.get_device_capability(0)
        if capability >= (8, 0):
            found.append("tf32")
        if capability >= (8, 9) and hasattr(torch, "float8_e4m3fn"):
            found += ["float8_e4m3fn", "float8_e5m2"]
    return found


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "torch": torch.__version__,
             "cuda": torch.version.cuda or "", "executable": sys.executable}
    for dist in ("transformers", "peft", "numpy"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = ""
    return found


def is_out_of_memory(exc: BaseException) -> bool:
    oom = getattr(torch, "OutOfMemoryError", None) or getattr(torch.cuda, "OutOfMemoryError", ())
    return isinstance(exc, oom) or "out of memory" in str(exc).lower()


def synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()
