"""What SSH and Ray runs share: sorting the launcher's own lines from the lab's events, and the final document.

The lab's events (progress, log, metric, result) go to `on_event` as they would from a local run; the
launcher's (`remote`, `result_document`, `remote_exit`) are kept here. Every way a run ends becomes a `LabResult`
carrying `backend` and, for a fault, a `fault` word (unreachable, auth, host_key, no_python,
killed, connection_lost, head_down, cancelled, timeout, failed).
"""
from __future__ import annotations

import signal
import time
from typing import Callable

from studyapp.labrunner import results
from studyapp.labrunner.lab_result import LabResult

PRIVATE_EVENTS = ("remote", "result_document", "remote_exit")


class RemoteRun:
    def __init__(self, backend: str, lab_id: str, device: str, mode: str,
                 on_event: Callable[[dict], None] | None, facts: dict | None = None):
        self.backend, self.lab_id, self.device, self.mode = backend, lab_id, device, mode
        self.on_event = on_event
        self.facts = dict(facts or {})  # host, address, bundle, sent_bytes... recorded with the result
        self.started, self.t0 = results.now_utc(), time.monotonic()
        self.metrics: dict = {}
        self.document: dict | None = None
        self.remote: dict | None = None  # the launcher's opening line: pid, host, python
        self.returncode: int | None = None

    def handle(self, event: dict) -> None:
        kind = event.get("event")
        if kind == "remote":
            self.remote = event
            return
        if kind == "result_document":
            if isinstance(event.get("document"), dict):
                self.document = event["document"]
            return
        if kind == "remote_exit":
            if isinstance(event.get("returncode"), int):
                self.returncode = event["returncode"]
            return
        if kind == "metric" and "name" in event:
            self.metrics[str(event["name"])] = event.get("value")
        if self.on_event is not None:
            self.on_event(event)

    def log(self, message: str) -> None:
        if self.on_event is not None:
            self.on_event({"event": "log", "level": "info", "message": message})

    def seconds(self) -> float:
        return time.monotonic() - self.t0

    @property
    def lab_started(self) -> bool:
        return self.remote is not None

    def _stamp(self, result: LabResult) -> LabResult:
        stamps = {k: v for k, v in self.facts.items() if v is not None}
        if self.remote:
            stamps.setdefault("remote_host", result.extra.get("remote_host", self.remote.get("host")))
            stamps.setdefault("remote_python", result.extra.get("remote_python", self.remote.get("python")))
        return result.but(backend=self.backend, **stamps)

    def error(self, fault: str, message: str) -> LabResult:
        result = results.error_result(self.lab_id, message, device=None if self.device == "auto" else self.device,
                                      mode=self.mode, started=self.started, seconds=time.monotonic() - self.t0,
                                      metrics=self.metrics)
        return self._stamp(result.but(fault=fault))

    def finish(self, stderr_tail: str = "") -> LabResult:
        """The judged result when the lab wrote a document; otherwise why it did not (killed, crashed)."""
        if self.document is None:
            return self.error("killed", killed_message(self.returncode, stderr_tail))
        result = self._stamp(results.judged(
            self.document, self.returncode, self.lab_id, device=None if self.device == "auto" else self.device,
            mode=self.mode, started=self.started, seconds=self.seconds(), metrics=self.metrics))
        if result.status == "error" and "torch is not installed" in result.message:
            where = (self.remote or {}).get("host") or self.backend
            python = (self.remote or {}).get("python") or "python3"
            result = result.but(fault="no_torch", message=f"torch is not installed for {python} on {where}: "
                                                          f"install it there ({python} -m pip install torch; for a "
                                                          "GPU, the CUDA build that matches its driver)")
        return result


class ProbeFailed(Exception):
    """`backend test` could not get an answer: a fault word and a message for the user."""

    def __init__(self, fault: str, message: str):
        super().__init__(message)
        self.fault, self.message = fault, message


def check_request(lab_id: str, device: str, mode: str) -> None:
    """The same ValueError as run_lab for an unknown lab, device or mode (they end up in a remote command)."""
    from studyapp.labrunner import catalog
    from studyapp.labrunner.runner import DEVICES, MODES

    if device not in DEVICES or mode not in MODES:
        raise ValueError(f"device must be one of {DEVICES} and mode one of {MODES}")
    try:
        catalog.lab_index().lab(lab_id)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None


def killed_message(returncode: int | None, stderr_tail: str) -> str:
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        head = f"the remote lab process was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    elif returncode is None:
        head = "the remote lab ended without a result"
    else:
        head = f"the remote lab exited with code {returncode} without a result"
    tail = stderr_tail.strip()
    return f"{head}: {tail[-1500:]}" if tail else head
