"""A lab run's result as typed values: `LabResult` with its `CheckResult`s, parsed once from the JSON document a
lab writes (labs/protocol.py) and written back as the same document (`to_document`) for `--json` and the store.

`parse` validates every field it reads; a malformed document becomes an `error` result whose message names the
field, never an exception. Judging the parsed result (may it pass?) is `results.judge`, the one judge.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from labs import protocol

# the keys with a typed field; any other key of the document is kept, as it came, in `extra`
_TYPED = ("version", "lab", "status", "mode", "device", "device_name", "torch", "started", "seconds", "metrics",
          "checks", "message", "backend", "fault", "exercise_file", "unfinished")
_DOCUMENT_ORDER = ("version", "lab", "status", "mode", "device", "device_name", "dtypes", "torch", "versions",
                   "started", "seconds", "metrics", "checks", "message")
_OPTIONAL_TEXT = ("backend", "fault", "exercise_file")  # written only when set


class Malformed(ValueError):
    """A field of the document is missing or of the wrong kind; `field` names it (`checks[2].status`)."""

    def __init__(self, field_name: str, problem: str):
        super().__init__(f"{field_name}: {problem}")
        self.field = field_name


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # pass, fail or skip
    kind: str  # exercise, experiment or demo (demos are shown, never counted)
    expected: Any
    measured: Any
    message: str  # the claim the check tests
    tolerance: str | None = None

    @property
    def counted(self) -> bool:
        return self.kind != protocol.DEMO

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "expected": self.expected, "measured": self.measured,
                "tolerance": self.tolerance, "message": self.message, "kind": self.kind}


@dataclass(frozen=True)
class LabResult:
    lab: str
    status: str  # pass, fail or error: what results.judge decided
    message: str = ""
    checks: tuple[CheckResult, ...] = ()
    version: int = protocol.VERSION
    mode: str | None = None
    device: str | None = None
    device_name: str | None = None
    torch: str | None = None
    started: str | None = None  # ISO 8601
    seconds: float | None = None
    metrics: Mapping[str, Any] = field(default_factory=dict)
    backend: str | None = None  # local, or the name of an SSH / Ray backend
    fault: str | None = None  # why a remote run did not finish: unreachable, auth, timeout, ...
    exercise_file: str | None = None  # the checks graded the learner's file
    unfinished: tuple[str, ...] | None = None  # the learner's functions still raising NotImplementedError
    extra: Mapping[str, Any] = field(default_factory=dict)  # the document's other keys (versions, dtypes, host...)
    absent: frozenset[str] = field(default=frozenset(), compare=False)  # `mode`, `device_name`: not in the source

    @property
    def counted_checks(self) -> tuple[CheckResult, ...]:
        return tuple(c for c in self.checks if c.counted)

    @property
    def failed_checks(self) -> tuple[CheckResult, ...]:
        return tuple(c for c in self.counted_checks if c.status == protocol.FAIL)

    def tally(self) -> dict[str, int]:
        """pass / fail / skip counts among the checks that count (demos never do)."""
        counted = self.counted_checks
        return {s: sum(c.status == s for c in counted) for s in protocol.CHECK_STATUSES}

    def but(self, **changes: Any) -> LabResult:
        """A copy with some fields changed (`extra`'s keys may be given too: host, remote_python, ...)."""
        typed = {k: v for k, v in changes.items() if k in _TYPED}
        rest = {k: v for k, v in changes.items() if k not in _TYPED}
        if rest:
            typed["extra"] = {**self.extra, **rest}
        return replace(self, **typed, absent=self.absent - typed.keys())

    def to_document(self) -> dict[str, Any]:
        """The JSON document, as the lab wrote it plus what the runner added (backend, exercise_file...)."""
        typed = {
            "version": self.version, "lab": self.lab, "status": self.status, "mode": self.mode,
            "device": self.device, "device_name": self.device_name, "torch": self.torch, "started": self.started,
            "seconds": self.seconds, "metrics": dict(self.metrics), "checks": [c.to_dict() for c in self.checks],
            "message": self.message}
        doc: dict[str, Any] = {}
        for key in _DOCUMENT_ORDER:  # the order protocol.result_document writes, for a byte-identical `--json`
            if key in typed and key not in self.absent:
                doc[key] = typed[key]
            elif key in self.extra:
                doc[key] = self.extra[key]
        doc.update(self.extra)
        doc.update({k: getattr(self, k) for k in _OPTIONAL_TEXT if getattr(self, k) is not None})
        if self.unfinished is not None:
            doc["unfinished"] = list(self.unfinished)
        return doc


def parse(document: Any, lab_id: str = "?", **facts: Any) -> LabResult:
    """The typed result of a lab's document; a malformed one is an error result naming the field.

    facts (device, mode, started, seconds, metrics): what the runner knows, used for that error result."""
    try:
        return _parse(document)
    except Malformed as problem:
        named = document.get("lab") if isinstance(document, dict) else None
        lab = named if isinstance(named, str) and named else lab_id
        return error_result(lab, f"the lab's result document is malformed: {problem}", **facts)


def stored_result(row: Mapping[str, Any]) -> LabResult:
    """A run as the store hands it back (`Collection.lab_runs`: the saved document plus `id` and `exercise`)."""
    return parse({k: v for k, v in row.items() if k not in ("id", "exercise")}, str(row.get("lab", "?")))


def error_result(lab_id: str, message: str, *, device: str | None = None, mode: str | None = None,
                 started: str | None = None, seconds: float | None = None, metrics: dict | None = None) -> LabResult:
    """The result of a run that could not finish: timed out, cancelled, crashed, a malformed document."""
    return _parse(protocol.result_document(lab_id, protocol.ERROR, message=message, device=device, mode=mode,
                                           started=started or now_utc(), seconds=seconds, metrics=metrics))


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# -- reading the document ---------------------------------------------------------------------------------
def _parse(doc: Any) -> LabResult:
    if not isinstance(doc, dict):
        raise Malformed("document", f"must be a JSON object, not {_kind(doc)}")
    for key in protocol.RESULT_KEYS:
        if key not in doc:
            raise Malformed(key, "missing")
    version = doc["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise Malformed("version", f"must be a whole number, not {_kind(version)}")
    lab = _text(doc, "lab")
    if not lab:
        raise Malformed("lab", "must name the lab")
    status = _choice(doc, "status", protocol.RUN_STATUSES)
    started = _text(doc, "started", optional=True)
    if started is not None:
        try:
            dt.datetime.fromisoformat(started)
        except ValueError:
            raise Malformed("started", f"must be an ISO 8601 time, not {started!r}") from None
    seconds = doc["seconds"]
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))):
        raise Malformed("seconds", f"must be a number, not {_kind(seconds)}")
    if not isinstance(doc["metrics"], dict):
        raise Malformed("metrics", f"must be an object, not {_kind(doc['metrics'])}")
    if not isinstance(doc["checks"], list):
        raise Malformed("checks", f"must be a list, not {_kind(doc['checks'])}")
    unfinished = doc.get("unfinished")
    if unfinished is not None and not (isinstance(unfinished, list) and all(isinstance(u, str) for u in unfinished)):
        raise Malformed("unfinished", "must be a list of function names")
    return LabResult(
        lab=lab, status=status, message=_text(doc, "message"), version=version,
        checks=tuple(_check(c, f"checks[{i}]") for i, c in enumerate(doc["checks"])),
        mode=_text(doc, "mode", optional=True), device=_text(doc, "device", optional=True),
        device_name=_text(doc, "device_name", optional=True), torch=_text(doc, "torch", optional=True),
        started=started, seconds=seconds, metrics=doc["metrics"],
        backend=_text(doc, "backend", optional=True), fault=_text(doc, "fault", optional=True),
        exercise_file=_text(doc, "exercise_file", optional=True),
        unfinished=None if unfinished is None else tuple(unfinished),
        extra={k: v for k, v in doc.items() if k not in _TYPED},
        absent=frozenset(k for k in ("mode", "device_name") if k not in doc))


def _check(check: Any, where: str) -> CheckResult:
    if not isinstance(check, dict):
        raise Malformed(where, f"must be an object, not {_kind(check)}")
    if "name" not in check:
        raise Malformed(f"{where}.name", "missing")
    name = _text(check, "name", where=where)
    kind = _choice(check, "kind", protocol.CHECK_KINDS, where=where) if "kind" in check else protocol.EXPERIMENT
    return CheckResult(name=name, status=_choice(check, "status", protocol.CHECK_STATUSES, where=where), kind=kind,
                       expected=check.get("expected"), measured=check.get("measured"),
                       message=_text(check, "message", optional=True, where=where) or "",
                       tolerance=_text(check, "tolerance", optional=True, where=where))


def _text(doc: dict, key: str, *, optional: bool = False, where: str = "") -> Any:
    value = doc.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise Malformed(f"{where}.{key}" if where else key, f"must be text, not {_kind(value)}")
    return value


def _choice(doc: dict, key: str, allowed: tuple[str, ...], *, where: str = "") -> str:
    value = doc.get(key)
    if value not in allowed:
        name = f"{where}.{key}" if where else key
        raise Malformed(name, f"must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), f"a {type(value).__name__}")
