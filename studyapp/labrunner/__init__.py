"""Launches labs as subprocesses, streams their progress, judges their results.

Pure Python: no Textual, no database, and torch is never imported here (only inside the lab process).

    list_labs() -> [LabInfo]                 what `studyapp lab list` shows
    run_lab(lab_id, device, mode, timeout, on_event, cancel) -> result document (dict)
    exit_code(result) -> 0 pass / 1 a check failed / 2 could not run
"""
from studyapp.labrunner.catalog import LabInfo, LabsNotFound, get_lab, labs_by_note, list_labs
from studyapp.labrunner.results import exit_code, judge
from studyapp.labrunner.runner import DEFAULT_TIMEOUT, DEVICES, MODES, run_lab

__all__ = ["DEFAULT_TIMEOUT", "DEVICES", "MODES", "LabInfo", "LabsNotFound", "exit_code", "get_lab", "judge",
           "labs_by_note", "list_labs", "run_lab"]
