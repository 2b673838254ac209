"""Starts the ranks as separate processes (spawned, gloo over localhost on a free port), waits for them with
a deadline, and never leaves one behind."""
from __future__ import annotations

import os
import socket
import tempfile
import time

import torch
import torch.multiprocessing as mp

from labs.distributed import worker
from labs.protocol import LabError


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(processes) -> None:
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(5)
        if p.is_alive():
            p.kill()
            p.join(5)


def _attempt(world: int, impl_path: str | None, size: dict, tmp: str, deadline_s: float, target=None):
    context = mp.get_context("spawn")
    port = free_port()
    processes = [context.Process(target=target or worker.main, args=(r, world, port, tmp, impl_path, size),
                                 daemon=True) for r in range(world)]
    try:
        for p in processes:
            p.start()
        deadline = time.monotonic() + deadline_s
        for p in processes:
            p.join(max(deadline - time.monotonic(), 0.1))
        if any(p.is_alive() for p in processes):
            raise LabError(f"the {world} ranks did not finish within {deadline_s:.0f} s (stopped)")
    finally:
        _stop(processes)
    return [p.exitcode for p in processes]


def run_ranks(world: int, impl_path: str | None, size: dict, deadline_s: float = 180, attempts: int = 2,
              target=None) -> list[dict]:
    """Each rank's saved measurements; a LabError with the first rank's traceback when one failed."""
    for attempt in range(attempts):
        with tempfile.TemporaryDirectory(prefix="lab-distributed-") as tmp:
            codes = _attempt(world, impl_path, size, tmp, deadline_s, target)
            files = [os.path.join(tmp, f"rank{r}.pt") for r in range(world)]
            if all(c == 0 for c in codes) and all(os.path.exists(f) for f in files):
                return [torch.load(f, weights_only=False) for f in files]
            errors = [open(os.path.join(tmp, f), encoding="utf-8").read() for f in sorted(os.listdir(tmp))
                      if f.startswith("error")]
        if attempt == attempts - 1 or (errors and "Address already in use" not in errors[0]):
            detail = errors[0].strip().splitlines()[-1] if errors else f"exit codes {codes}"
            raise LabError(f"a rank failed: {detail}")
    raise AssertionError("unreachable")
