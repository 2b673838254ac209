"""The one judge of a lab run: a run that did not finish, or disagrees with itself, never passes.

Every result the app keeps or shows comes from here: `load` (the lab's document, parsed into a `LabResult`),
then `judge`; or `error_result` for a run that could not finish. The store saves the status it is given.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from labs import protocol
from studyapp.labrunner.lab_result import LabResult, error_result, now_utc, parse

EXIT_CODES = {protocol.PASS: protocol.EXIT_PASS, protocol.FAIL: protocol.EXIT_FAIL}

__all__ = ["EXIT_CODES", "error_result", "exit_code", "judge", "judged", "load", "now_utc"]


def load(path: Path, lab_id: str = "?", **facts: Any) -> LabResult | None:
    """The result in the document a lab wrote; None when there is none (missing, not JSON). A document that is
    JSON but not a result document is an error result naming the bad field (facts: what the runner knows)."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return parse(doc, lab_id, **facts)


def judged(document: Any, returncode: int | None, lab_id: str = "?", **facts: Any) -> LabResult:
    """A lab's document (a dict, e.g. from a remote launcher) parsed, then judged."""
    return judge(parse(document, lab_id, **facts), returncode)


def judge(result: LabResult, returncode: int | None) -> LabResult:
    """Re-derives the status from the checks and the exit code; returns a corrected copy."""
    statuses = [c.status for c in result.counted_checks]
    if result.status == protocol.PASS:
        if protocol.FAIL in statuses:
            return result.but(status=protocol.FAIL,
                              message=f"a check failed although the lab said pass; {result.message}")
        if protocol.PASS not in statuses:
            return result.but(status=protocol.ERROR, message="the lab reported pass without a single passing check")
        if returncode != protocol.EXIT_PASS:
            return result.but(status=protocol.ERROR, message=f"the lab reported pass but exited with code {returncode}")
    elif result.status == protocol.FAIL and protocol.FAIL not in statuses:
        return result.but(status=protocol.ERROR,
                          message=f"the lab reported fail without a failed check; {result.message}")
    return result


def exit_code(result: LabResult) -> int:
    """0 when every check passed, 1 when one failed, 2 when the lab could not run."""
    return EXIT_CODES.get(result.status, protocol.EXIT_ERROR)
