"""Labs: the catalogue, running a lab and keeping its result, the learner's exercise (its file, hints, the
reference solution after a checked attempt), and where labs run (backends kept in the collection's settings).

The result of a run is a `LabResult`, parsed once from the lab protocol's document and judged by the runner
(labrunner/results.py); the store keeps what it is given. Which lab a card opens is `card_labs.CardLabs` (light, for the review screen)."""
from __future__ import annotations

from pathlib import Path

from studyapp.labrunner import DEVICES, MODES, LabMeta, exit_code, get_lab, lab_index, list_labs, run_lab
from studyapp.labrunner.attempt import by_kind, check_file, counted_tally
from studyapp.labrunner.backends import LOCAL, Backend, BackendConfig, BackendError, open_backend
from studyapp.labrunner.backends.config import configs_from
from studyapp.labrunner.backends.remote_run import ProbeFailed
from studyapp.labrunner.hints import Hints, HintsError
from studyapp.labrunner.hints import load as load_hints
from studyapp.labrunner.lab_result import CheckResult, LabResult, stored_result
from studyapp.labrunner.results import error_result
from studyapp.labrunner.workspace import NoExercise, Started
from studyapp.service.card_labs import CardLabs
from studyapp.service.collection import Collection
from studyapp.store import lab_backends

__all__ = [
    "DEVICES", "LOCAL", "MODES", "Backend", "BackendConfig", "BackendError", "CheckResult", "Hints", "HintsError",
    "CardLabs", "LabMeta", "LabResult", "NoExercise", "ProbeFailed", "Started", "add_backend", "attempt_counts", "backend_configs", "by_kind",
    "check_file", "counted_tally", "error_result", "exercise_path", "exercise_target", "exit_code", "get_lab", "lab_index", "lab_runs",
    "lab_status", "list_labs", "load_hints", "open_backend", "reference_solution", "remove_backend", "run_lab",
    "save_run", "solution_module", "start_exercise", "stored_result", "take_hint",
]


# -- runs ----------------------------------------------------------------------------------
def save_run(collection: Collection, result: LabResult, exercise: bool = False) -> int:
    """Keep a run's result document; exercise: the checks ran on the learner's file (an attempt)."""
    return collection.save_lab_run(result, exercise=exercise)


def lab_status(collection: Collection, exercise: bool = False) -> dict[str, dict]:
    """Each lab's newest run (or, exercise=True, newest exercise attempt): status, device, when."""
    return collection.lab_status(exercise)


def lab_runs(collection: Collection, lab_id: str | None = None, limit: int = 50,
             exercise: bool | None = None) -> list[dict]:
    return collection.lab_runs(lab_id, limit, exercise)


# -- the learner's exercise ------------------------------------------------------------------
def exercise_path(collection: Collection, lab_id: str) -> Path:
    """Where the learner's file of a lab is: remembered from its start, else the default place in the data
    folder."""
    from studyapp.labrunner import workspace

    state = collection.lab_exercise(lab_id)
    return Path(state["path"]) if state else workspace.default_path(collection.home, lab_id)


def exercise_target(collection: Collection, lab_id: str, workspace_dir: str | Path | None = None) -> Path:
    """Where `start_exercise` puts the learner's file: in `workspace_dir` if given, else where it was before."""
    from studyapp.labrunner import workspace

    return workspace.workspace_path(lab_id, workspace_dir) if workspace_dir else exercise_path(collection, lab_id)


def start_exercise(collection: Collection, lab_id: str, target: Path, force: bool = False) -> Started:
    """Copy the lab's starter to `target` (never over the learner's file without `force`) and remember where.
    NoExercise: the lab has no exercise; OSError: the place cannot be written."""
    from studyapp.labrunner import workspace

    started = workspace.start(lab_id, target, force=force)
    collection.remember_lab_exercise(lab_id, str(started.path))
    return started


def take_hint(collection: Collection, lab_id: str, available: int) -> int:
    """The index of the next hint to show (the counter is kept per lab); the last one repeats."""
    from studyapp.labrunner import workspace

    return collection.take_lab_hint(lab_id, available, str(workspace.default_path(collection.home, lab_id)))


def attempt_counts(collection: Collection, lab_id: str) -> dict[str, int]:
    """How many exercise attempts of the lab ended pass, fail, error."""
    return collection.lab_attempts(lab_id)


def reference_solution(lab_id: str):
    """(references, names without one) of the lab's exercise functions, read from the lab's source."""
    from studyapp.labrunner import solution

    return solution.references(lab_id)


def solution_module(found) -> str:
    from studyapp.labrunner import solution

    return solution.as_module(found)


# -- backends ------------------------------------------------------------------------------
def backend_configs(collection: Collection) -> dict[str, BackendConfig]:
    """name -> BackendConfig, as stored in the collection's settings."""
    return configs_from(lab_backends.load_from(collection))


def add_backend(collection: Collection, config: BackendConfig) -> None:
    with collection.db(write=True) as conn:
        lab_backends.save(conn, config.name, {k: v for k, v in config.to_dict().items() if k != "name"})


def remove_backend(collection: Collection, name: str) -> bool:
    with collection.db(write=True) as conn:
        return lab_backends.remove(conn, name)

