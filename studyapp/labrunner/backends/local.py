"""The default backend: the lab as a subprocess of this machine (runner.run_lab), marked `"backend": "local"`."""
from __future__ import annotations

import platform
import sys
from typing import TYPE_CHECKING, Callable

from studyapp.labrunner.backends.config import LOCAL

if TYPE_CHECKING:
    from studyapp.labrunner.lab_result import LabResult


class LocalBackend:
    name = LOCAL

    def run(self, lab_id: str, device: str = "auto", mode: str = "quick", exercise_file: str | None = None,
            on_event: Callable[[dict], None] | None = None, cancel=None, timeout: float | None = None) -> LabResult:
        from studyapp.labrunner.runner import run_lab

        kwargs = {"exercise_file": exercise_file} if exercise_file is not None else {}
        result = run_lab(lab_id, device=device, mode=mode, timeout=timeout, on_event=on_event, cancel=cancel, **kwargs)
        return result.but(backend=LOCAL)

    def test(self) -> dict:
        info = {"backend": LOCAL, "kind": LOCAL, "python": sys.executable,
                "python_version": platform.python_version(), "host": platform.node()}
        try:
            import torch
        except ImportError as exc:
            return {**info, "torch": None, "torch_error": str(exc)}
        cuda = torch.cuda.is_available()
        devices = ["cpu"] + ([f"cuda:{i} {torch.cuda.get_device_name(i)}" for i in range(torch.cuda.device_count())]
                             if cuda else [])
        return {**info, "torch": torch.__version__, "cuda": cuda, "devices": devices}
