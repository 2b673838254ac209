"""Where a lab runs: this machine (the default), an SSH host or a Ray cluster, behind one interface.

    backend = open_backend(config)       # None or a BackendConfig; None is the local subprocess
    backend.run(lab_id, device, mode, exercise_file=None, on_event=None, cancel=None, timeout=None) -> LabResult
    backend.test() -> {python, torch, devices, ...}    (raises ProbeFailed)

Every backend returns the same judged `LabResult` as a local run, with `backend=NAME`, and turns each fault
(unreachable, refused login, unknown host key, no torch, lab killed, connection lost, head down, stopped,
time-out) into an `error` result with a clear message and a `fault` word; none raises for a lab fault.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from studyapp.labrunner.backends.config import LOCAL, BackendConfig, BackendError

if TYPE_CHECKING:
    from studyapp.labrunner.lab_result import LabResult


class Backend(Protocol):
    name: str

    def run(self, lab_id: str, device: str = "auto", mode: str = "quick", exercise_file: str | None = None,
            on_event: Callable[[dict], None] | None = None, cancel=None, timeout: float | None = None) -> LabResult: ...

    def test(self) -> dict: ...


def open_backend(config: BackendConfig | None) -> Backend:
    if config is None:
        from studyapp.labrunner.backends.local import LocalBackend

        return LocalBackend()
    if config.kind == "ssh":
        from studyapp.labrunner.backends.ssh import SshBackend

        return SshBackend(config)
    if config.kind == "ray":
        from studyapp.labrunner.backends.ray_job import RayBackend

        return RayBackend(config)
    raise BackendError(f"backend {config.name!r} has an unknown kind {config.kind!r}")


__all__ = ["LOCAL", "Backend", "BackendConfig", "BackendError", "open_backend"]
