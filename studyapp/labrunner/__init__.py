"""Launches labs as subprocesses, streams their progress, judges their results.

Pure Python: no Textual, no database, and torch is never imported here (only inside the lab process).

    lab_index() -> LabIndex                  the lab catalogue (LabMeta from labs.registry) and note -> lab index
    list_labs() -> [LabMeta]                 what `studyapp lab list` shows (lab_index().labs)
    run_lab(lab_id, device, mode, timeout, on_event, cancel) -> LabResult (judged; lab_result.py)
    exit_code(result) -> 0 pass / 1 a check failed / 2 could not run

The names are loaded on first use: a review card asks only the catalog which lab it has, and should not pay
for the runner (subprocess, threads) to know it.
"""
from __future__ import annotations

import importlib

_HOMES = {
    "LabIndex": "catalog", "LabMeta": "catalog", "lab_index": "catalog",
    "LabsNotFound": "catalog", "CheckResult": "lab_result", "LabResult": "lab_result", "get_lab": "catalog",
    "list_labs": "catalog", "exit_code": "results", "judge": "results", "DEFAULT_TIMEOUT": "runner",
    "DEVICES": "runner", "MODES": "runner", "run_lab": "runner",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
