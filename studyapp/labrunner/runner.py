"""run_lab: one lab in its own process (`python -m labs ID ...`), judged into a `LabResult`."""
from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Mapping

from studyapp.labrunner import catalog, results
from studyapp.labrunner.lab_result import LabResult
from studyapp.labrunner.process import Event, Outcome, supervise

DEVICES = ("auto", "cpu", "cuda")
MODES = ("quick", "full")
DEFAULT_TIMEOUT = {"quick": 300.0, "full": 1200.0}  # seconds; quick labs take well under a minute


FOLDER_PREFIX = "studyapp-lab-"


def sweep_stale_folders() -> None:
    """Removes the scratch folders of runs whose studyapp was killed (SIGKILL leaves no chance to clean up)."""
    import re
    import shutil

    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*-*"):
        found = re.match(rf"{FOLDER_PREFIX}(\d+)-", folder.name)
        if found is None or _alive(int(found[1])):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The parent's environment, the labs package on PYTHONPATH, unbuffered output, no model hub."""
    env = {**os.environ, **(extra or {})}
    paths = [str(catalog.labs_root())] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env.update(PYTHONPATH=os.pathsep.join(paths), PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


def _crash_message(outcome: Outcome) -> str:
    code = outcome.returncode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        head = f"the lab process was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    else:
        head = f"the lab process exited with code {code} without a result"
    tail = outcome.stderr_tail.strip()
    return f"{head}: {tail[-2000:]}" if tail else head


def _collect_metrics(on_event: Callable[[Event], None] | None, metrics: dict) -> Callable[[Event], None]:
    def handle(event: Event) -> None:
        if event.get("event") == "metric" and "name" in event:
            metrics[str(event["name"])] = event.get("value")
        if on_event is not None:
            on_event(event)
    return handle


def run_lab(lab_id: str, device: str = "auto", mode: str = "quick", timeout: float | None = None,
            on_event: Callable[[Event], None] | None = None, cancel: threading.Event | None = None, *,
            exercise: bool = False, exercise_file: str | os.PathLike | None = None, python: str | None = None,
            env: Mapping[str, str] | None = None) -> LabResult:
    """Runs the lab to completion and returns its judged result (never raises for a lab fault).

    exercise: the checks grade the lab's own exercise.py; exercise_file: they grade this file (the learner's).

    on_event gets each {"event": "progress"|"log"|"metric"|"result", ...} dict, on the calling thread.
    Raises ValueError for an unknown lab, device or mode.
    """
    if device not in DEVICES or mode not in MODES:
        raise ValueError(f"device must be one of {DEVICES} and mode one of {MODES}")
    try:
        catalog.lab_index().lab(lab_id)
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None
    limit = DEFAULT_TIMEOUT[mode] if timeout is None else timeout
    started, t0 = results.now_utc(), time.monotonic()
    metrics: dict = {}
    sweep_stale_folders()
    with tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-") as tmp:
        out = Path(tmp) / "result.json"
        argv = [python or sys.executable, "-m", "labs", lab_id, "--device", device, "--mode", mode, "--out", str(out)]
        if exercise_file is not None:
            argv += ["--exercise-file", os.fspath(exercise_file)]
        elif exercise:
            argv.append("--exercise")
        outcome = supervise(argv, timeout=limit,
                            on_event=_collect_metrics(on_event, metrics), cancel=cancel, env=child_env(env))
        facts = dict(device=None if device == "auto" else device, mode=mode, started=started,
                     seconds=time.monotonic() - t0, metrics=metrics)
        result = None if (outcome.timed_out or outcome.cancelled) else results.load(out, lab_id, **facts)
    if outcome.timed_out:
        return results.error_result(lab_id, f"timed out after {limit:g} s", **facts)
    if outcome.cancelled:
        return results.error_result(lab_id, "cancelled", **facts)
    if result is None:
        return results.error_result(lab_id, _crash_message(outcome), **facts)
    return results.judge(result, outcome.returncode)
