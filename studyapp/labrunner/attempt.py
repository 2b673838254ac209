"""An exercise attempt: the lab's checks run on the learner's file, explained in the learner's terms.

Before the lab process starts, the file is read and compiled here (a missing file or a syntax error is reported
at once, naming the file and line); after it, an unfinished run names the first function still to write.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Callable, Sequence

from studyapp.labrunner import exercise_source, results
from studyapp.labrunner.lab_result import CheckResult, LabResult
from studyapp.labrunner.process import Event

KIND_ORDER = ("exercise", "experiment", "demo")
_UNFINISHED = ("not finished", "NotImplementedError")  # how `python -m labs` words one (labs/cli.py)
_STUB_NAME = re.compile(r"exercise\.py: ([A-Za-z_][A-Za-z0-9_]*)")


def _error(lab_id: str, path: Path, message: str, device: str, mode: str) -> LabResult:
    result = results.error_result(lab_id, message, device=None if device == "auto" else device, mode=mode,
                                  seconds=0.0)
    return result.but(exercise_file=str(path))


def check_file(lab_id: str, path: str | Path, device: str = "auto", mode: str = "quick", *,
               on_event: Callable[[Event], None] | None = None, cancel: threading.Event | None = None,
               timeout: float | None = None, runner: Callable[..., LabResult] | None = None) -> LabResult:
    """The judged result of the lab run on the learner's file, with `exercise_file` and, when the file still
    has stubs, `unfinished` (their names, in file order). Never raises for the learner's faults."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        return _error(lab_id, path, f"{path}: no such file; `studyapp lab start {lab_id}` puts the exercise there",
                      device, mode)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _error(lab_id, path, f"{path}: cannot be read: {exc}", device, mode)
    problem = exercise_source.syntax_error(path, source)
    if problem:
        return _error(lab_id, path, problem, device, mode)
    if runner is None:
        from studyapp.labrunner.runner import run_lab as runner
    result = runner(lab_id, device=device, mode=mode, on_event=on_event, cancel=cancel, timeout=timeout,
                    exercise_file=path)
    return explain(result, source, path)


def explain(result: LabResult, source: str, path: Path) -> LabResult:
    result = result.but(exercise_file=str(path))
    if result.status != "error" or result.checks or not any(m in result.message for m in _UNFINISHED):
        return result
    names = exercise_source.unfinished(source)
    if not names:  # the NotImplementedError came from elsewhere: the name in its message, if any
        match = _STUB_NAME.search(result.message)
        names = [match.group(1)] if match else []
    if names:
        rest = f" (also still to write: {', '.join(names[1:])})" if len(names) > 1 else ""
        result = result.but(message=f"unfinished: {names[0]} still raises NotImplementedError{rest}")
    return result.but(unfinished=tuple(names))


def by_kind(checks: Sequence[CheckResult]) -> dict[str, list[CheckResult]]:
    """The checks grouped as exercise / experiment / demo, each group in the lab's order."""
    groups: dict[str, list[CheckResult]] = {kind: [] for kind in KIND_ORDER}
    for check in checks:
        groups.get(check.kind, groups["experiment"]).append(check)
    return groups


def counted_tally(checks: Sequence[CheckResult]) -> dict[str, int]:
    """pass / fail / skip counts among the checks that count (demos never do)."""
    counted = [c for c in checks if c.counted]
    return {s: sum(c.status == s for c in counted) for s in ("pass", "fail", "skip")}
