"""Judging a lab's result document: a run that did not finish, or disagrees with itself, never passes."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from labs import protocol

EXIT_CODES = {protocol.PASS: protocol.EXIT_PASS, protocol.FAIL: protocol.EXIT_FAIL}


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def error_result(lab_id: str, message: str, *, device: str | None = None, mode: str | None = None,
                 started: str | None = None, seconds: float | None = None, metrics: dict | None = None) -> dict:
    """The document for a run that could not finish: timed out, cancelled, crashed."""
    return protocol.result_document(lab_id, protocol.ERROR, message=message, device=device, mode=mode,
                                    started=started or now_utc(), seconds=seconds, metrics=metrics)


def load(path: Path) -> dict | None:
    """The document a lab wrote, or None when it is missing or not a result document."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or any(k not in doc for k in protocol.RESULT_KEYS):
        return None
    if doc["status"] not in protocol.RUN_STATUSES or not isinstance(doc["checks"], list):
        return None
    if not all(isinstance(c, dict) and c.get("status") in protocol.CHECK_STATUSES for c in doc["checks"]):
        return None
    return doc


def judge(doc: dict, returncode: int | None) -> dict:
    """Re-derives the status from the checks and the exit code; returns a corrected copy."""
    doc = dict(doc)
    statuses = [c["status"] for c in doc["checks"] if c.get("kind") != protocol.DEMO]
    if doc["status"] == protocol.PASS:
        if protocol.FAIL in statuses:
            doc.update(status=protocol.FAIL, message=f"a check failed although the lab said pass; {doc['message']}")
        elif protocol.PASS not in statuses:
            doc.update(status=protocol.ERROR, message="the lab reported pass without a single passing check")
        elif returncode != protocol.EXIT_PASS:
            doc.update(status=protocol.ERROR, message=f"the lab reported pass but exited with code {returncode}")
    elif doc["status"] == protocol.FAIL and protocol.FAIL not in statuses:
        doc.update(status=protocol.ERROR, message=f"the lab reported fail without a failed check; {doc['message']}")
    return doc


def exit_code(result: dict) -> int:
    """0 when every check passed, 1 when one failed, 2 when the lab could not run."""
    return EXIT_CODES.get(result.get("status"), protocol.EXIT_ERROR)
