"""The learner's copy of a lab's exercise: where it lives, and copying the starter there without losing work.

The starter is read from the installed `labs` package (site-packages after a non-editable install); the copy
goes to `<home>/labs/ID/exercise.py` (home: the collection folder) or `<workspace>/ID/exercise.py`.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from studyapp.labrunner import catalog

EXERCISE_FILE = "exercise.py"
LABS_FOLDER = "labs"


class NoExercise(RuntimeError):
    """The lab ships no exercise starter."""


@dataclass(frozen=True)
class Started:
    path: Path
    created: bool  # False: a file was already there and was kept
    backup: Path | None = None  # where the replaced file went (--force)

    def to_dict(self) -> dict:
        return {"path": str(self.path), "created": self.created,
                "backup": str(self.backup) if self.backup else None}


def lab_folder(lab_id: str) -> Path:
    return catalog.labs_root() / "labs" / lab_id


def starter_file(lab_id: str) -> Path:
    path = lab_folder(lab_id) / EXERCISE_FILE
    if not path.is_file():
        raise NoExercise(f"lab {lab_id!r} has no exercise ({path} is missing)")
    return path


def default_path(home: Path, lab_id: str) -> Path:
    return Path(home) / LABS_FOLDER / lab_id / EXERCISE_FILE


def workspace_path(lab_id: str, workspace: str | Path) -> Path:
    """`--workspace DIR`: each lab in its own folder under DIR, so several labs can share one workspace."""
    return Path(workspace).expanduser().resolve() / lab_id / EXERCISE_FILE


def _backup_name(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{stamp}.bak")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{stamp}-{n}.bak")
    return candidate


def start(lab_id: str, target: Path, force: bool = False) -> Started:
    """Copy the starter to target. An existing file is kept, unless force: then it is moved to a backup first."""
    starter = starter_file(lab_id)
    target = Path(target)
    backup = None
    if target.exists():
        if not force:
            return Started(target, created=False)
        backup = _backup_name(target)
        target.replace(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(starter, target)
    return Started(target, created=True, backup=backup)
