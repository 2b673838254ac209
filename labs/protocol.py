"""The lab protocol: JSON-line events, check records, the result document and exit codes.

Standard library only: the runner in `studyapp.labrunner` and every lab share this module, and a
lab must run on a bare machine that has only Python, torch, transformers, peft and numpy.
"""
from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass, field, replace
from typing import Any, Callable, TextIO

VERSION = 1

PASS, FAIL, ERROR, SKIP = "pass", "fail", "error", "skip"
RUN_STATUSES = (PASS, FAIL, ERROR)
CHECK_STATUSES = (PASS, FAIL, SKIP)  # a skipped check (e.g. GPU-only on a CPU) never fails a run

# What a check grades. An "exercise" check is computed from the learner's functions (exercise.py);
# an "experiment" check compares a measurement with an independent reference; a "demo" illustrates
# a fact and cannot fail, so it is shown apart and never counted as a pass.
EXERCISE, EXPERIMENT, DEMO = "exercise", "experiment", "demo"
CHECK_KINDS = (EXERCISE, EXPERIMENT, DEMO)

EXIT_PASS, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
_EXIT_CODES = {PASS: EXIT_PASS, FAIL: EXIT_FAIL}

RESULT_KEYS = ("version", "lab", "status", "device", "torch", "started", "seconds", "metrics", "checks", "message")


def jsonable(value: Any) -> Any:
    """Plain JSON values: inf/nan become strings, tuples lists, numpy/torch scalars Python numbers."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ("nan" if math.isnan(value) else ("inf" if value > 0 else "-inf"))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy / torch scalar
        return jsonable(value.item())
    return str(value)


# --- events ---------------------------------------------------------------------------------


class Emitter:
    """Writes one JSON object per line; the runner turns them into live progress and log lines."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream

    def emit(self, event: str, **fields: Any) -> None:
        stream = self.stream or sys.stdout
        stream.write(json.dumps(jsonable({"event": event, **fields}), ensure_ascii=False) + "\n")
        stream.flush()

    def progress(self, fraction: float, message: str = "") -> None:
        self.emit("progress", fraction=round(min(max(float(fraction), 0.0), 1.0), 4), message=message)

    def log(self, message: str, level: str = "info") -> None:
        self.emit("log", level=level, message=message)

    def metric(self, name: str, value: Any, unit: str | None = None) -> None:
        self.emit("metric", name=name, value=value, **({"unit": unit} if unit else {}))


# --- checks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One judged claim: what was expected (value or bound), what was measured, and why it matters."""

    name: str
    status: str
    expected: Any
    measured: Any
    message: str  # one line: the claim this check tests
    tolerance: str | None = None
    kind: str = EXPERIMENT

    def __post_init__(self) -> None:
        if self.status not in CHECK_STATUSES:
            raise ValueError(f"check {self.name!r}: status must be one of {CHECK_STATUSES}, not {self.status!r}")
        if self.kind not in CHECK_KINDS:
            raise ValueError(f"check {self.name!r}: kind must be one of {CHECK_KINDS}, not {self.kind!r}")

    def as_kind(self, kind: str) -> "Check":
        return replace(self, kind=kind)

    @property
    def passed(self) -> bool:
        return self.status == PASS

    def to_dict(self) -> dict[str, Any]:
        return jsonable({
            "name": self.name, "status": self.status, "expected": self.expected,
            "measured": self.measured, "tolerance": self.tolerance, "message": self.message,
            "kind": self.kind,
        })


def _verdict(ok: bool) -> str:
    return PASS if ok else FAIL


def _finite(x: Any) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def check_close(name: str, measured: float, expected: float, *, why: str, rel: float = 0.0, abs: float = 0.0,
                kind: str = EXPERIMENT) -> Check:
    """|measured - expected| <= abs + rel * |expected| (NaN or a non-number never passes)."""
    ok = _finite(measured) and math.fabs(float(measured) - expected) <= abs + rel * math.fabs(expected)
    parts = [f"rel {rel:g}" if rel else "", f"abs {abs:g}" if abs else ""]
    tol = ", ".join(p for p in parts if p) or "exact"
    return Check(name, _verdict(ok), expected, measured, why, tol, kind)


def check_at_most(name: str, measured: float, bound: float, *, why: str, kind: str = EXPERIMENT) -> Check:
    ok = _finite(measured) and float(measured) <= bound
    return Check(name, _verdict(ok), f"<= {bound:g}", measured, why, "bound", kind)


def check_at_least(name: str, measured: float, bound: float, *, why: str, kind: str = EXPERIMENT) -> Check:
    ok = _finite(measured) and float(measured) >= bound
    return Check(name, _verdict(ok), f">= {bound:g}", measured, why, "bound", kind)


def check_equal(name: str, measured: Any, expected: Any, *, why: str, kind: str = EXPERIMENT) -> Check:
    return Check(name, _verdict(measured == expected), expected, measured, why, "exact", kind)


def check_true(name: str, ok: bool, *, expected: Any, measured: Any, why: str, kind: str = EXPERIMENT) -> Check:
    return Check(name, _verdict(bool(ok)), expected, measured, why, None, kind)


def check_skipped(name: str, *, expected: Any, why: str, kind: str = EXPERIMENT) -> Check:
    return Check(name, SKIP, expected, None, why, None, kind)


def demo(name: str, *, shown: Any, why: str) -> Check:
    """A fact worth seeing (a constant, a library's own behaviour) that no implementation can get wrong.

    Its status is "pass" only so that it can be listed; it never counts towards a run's verdict.
    """
    return Check(name, PASS, shown, shown, why, None, DEMO)


def graded(name: str, compute: Callable[[], Check], *, expected: Any, why: str) -> Check:
    """An exercise-graded check: `compute()` calls the learner's code and returns the check.

    An exception raised by the learner's code fails this check with the exception shown, instead of
    ending the run; a NotImplementedError (a stub not yet written) still ends it as unfinished.
    """
    try:
        return compute().as_kind(EXERCISE)
    except (NotImplementedError, LabError):
        raise
    except Exception as exc:  # the learner's bug, reported where it happened
        shown = f"raised {type(exc).__name__}: {str(exc)[:300]}"
        return Check(name, FAIL, expected, shown, why, None, EXERCISE)


def counted(checks: list[Check]) -> list[Check]:
    """The checks that judge something: everything but demos."""
    return [c for c in checks if c.kind != DEMO]


def overall_status(checks: list[Check]) -> str:
    """pass only when at least one check that can fail passed and none failed; demos never count."""
    judged = counted(checks)
    if any(c.status == FAIL for c in judged):
        return FAIL
    return PASS if any(c.status == PASS for c in judged) else ERROR


def exit_code(status: str) -> int:
    return _EXIT_CODES.get(status, EXIT_ERROR)


# --- the context a lab runs in --------------------------------------------------------------


@dataclass
class LabContext:
    """What a lab's `run(ctx)` gets: where to run, how big, and where its figures go."""

    device: str  # "cpu" or "cuda"
    mode: str  # "quick" or "full"
    emitter: Emitter = field(default_factory=Emitter)
    exercise: bool = False  # point the checks at the learner's exercise.py
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def quick(self) -> bool:
        return self.mode == "quick"

    def metric(self, name: str, value: Any, unit: str | None = None) -> None:
        self.metrics[name] = jsonable(value)
        self.emitter.metric(name, self.metrics[name], unit)

    def progress(self, fraction: float, message: str = "") -> None:
        self.emitter.progress(fraction, message)

    def log(self, message: str) -> None:
        self.emitter.log(message)

    def pick(self, reference: Callable, exercise_module: Any, name: str) -> Callable:
        """The reference implementation, or the learner's one from exercise.py with --exercise."""
        if not self.exercise:
            return reference
        found = getattr(exercise_module, name, None)
        if found is None:  # an exercise file copied before this function was added to the starter
            raise NotImplementedError(f"exercise.py: {name} (missing: copy it from the lab's starter exercise.py)")
        return found


# --- the result document --------------------------------------------------------------------


def result_document(lab: str, status: str, *, message: str = "", device: str | None = None,
                    device_name: str | None = None, dtypes: list[str] | None = None,
                    torch_version: str | None = None, mode: str | None = None, started: str | None = None,
                    seconds: float | None = None, metrics: dict | None = None,
                    checks: list[Check] | None = None, versions: dict | None = None) -> dict[str, Any]:
    if status not in RUN_STATUSES:
        raise ValueError(f"status must be one of {RUN_STATUSES}, not {status!r}")
    return jsonable({
        "version": VERSION, "lab": lab, "status": status, "mode": mode,
        "device": device, "device_name": device_name, "dtypes": list(dtypes or []),
        "torch": torch_version, "versions": versions or {},
        "started": started, "seconds": None if seconds is None else round(seconds, 3),
        "metrics": metrics or {}, "checks": [c.to_dict() for c in (checks or [])],
        "message": message,
    })


def check_result_path(path: str | os.PathLike) -> None:
    """Refuses, before the lab runs, a target that is not (or will not be) a regular file: a directory, or
    a device such as /dev/full, which the atomic rename below would replace with a file."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise LabError(f"--out {path}: is a directory; name a file, e.g. {os.path.join(path, 'result.json')}")
    if os.path.lexists(path) and not os.path.isfile(path):
        raise LabError(f"--out {path}: exists and is not a regular file; name a new or regular file")


def write_result(path: str | os.PathLike, doc: dict[str, Any]) -> None:
    """Atomic: a reader never sees half a document."""
    path = os.fspath(path)
    check_result_path(path)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = f"{path}.partial"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class LabError(Exception):
    """The lab could not run (no CUDA when asked for, an unfinished exercise, ...): status error, exit 2."""
