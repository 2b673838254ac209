"""Lab runs kept with their whole result document; exercise attempts among them; each lab's exercise state."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.store.models import LabExercise, LabRun
from studyapp.store.timeutil import as_utc, utcnow


class JudgedRun(Protocol):
    """What the store keeps of a lab run (labrunner.lab_result.LabResult is one): the status is the lab
    runner's verdict (labrunner.results.judge), stored as given, never decided again here."""

    lab: str
    status: str
    mode: str | None
    device: str | None
    device_name: str | None
    backend: str | None
    started: str | None
    seconds: float | None

    def to_document(self) -> dict[str, Any]: ...


RUN_STATUSES = ("pass", "fail", "error")


def save_run(session: Session, result: JudgedRun, exercise: bool = False) -> int:
    """exercise: the checks ran on the learner's file (an attempt), not on the lab's own code."""
    if result.status not in RUN_STATUSES:
        raise ValueError(f"a lab run's status is one of {RUN_STATUSES}, not {result.status!r}")
    started_at = as_utc(datetime.fromisoformat(result.started)) if result.started else utcnow()
    document = {**result.to_document(), "exercise": bool(exercise)}
    row = LabRun(lab_id=result.lab, status=result.status, mode=result.mode or "", device=result.device or "",
                 started_at=started_at, seconds=result.seconds, backend=(result.backend or "local")[:100],
                 device_name=result.device_name[:200] if result.device_name else None,
                 result_json=json.dumps(document, ensure_ascii=False, default=str), exercise=bool(exercise))
    session.add(row)
    session.flush()
    return row.id


def last_status(session: Session, exercise: bool = False) -> dict[str, dict]:
    """Each lab's newest real result among runs of its own code (exercise=False) or exercise attempts
    (exercise=True). For the lab's own code that is the newest real result, one that produced checks: a run
    that never got that far (no GPU when asked for, cancelled, crashed at start) does not hide it, and shows
    only while there is no real result. For exercises it is the newest attempt, unfinished ones included."""
    found: dict[str, dict] = {}
    for r in session.scalars(select(LabRun).where(LabRun.exercise.is_(exercise)).order_by(LabRun.id.desc())):
        real = exercise or bool(json.loads(r.result_json).get("checks"))
        if r.lab_id in found and (found[r.lab_id]["real"] or not real):
            continue
        found[r.lab_id] = {"status": r.status, "device": r.device, "backend": r.backend,
                           "started": r.started_at.isoformat(), "id": r.id, "real": real}
    return {lab: {k: v for k, v in info.items() if k != "real"} for lab, info in found.items()}


def runs(session: Session, lab_id: str | None = None, limit: int = 50, exercise: bool | None = None) -> list[dict]:
    """Newest first; exercise=None: both kinds, each document saying which (`"exercise": true|false`)."""
    query = select(LabRun).order_by(LabRun.id.desc()).limit(limit)
    if lab_id:
        query = query.where(LabRun.lab_id == lab_id)
    if exercise is not None:
        query = query.where(LabRun.exercise.is_(exercise))
    return [{"id": r.id, **json.loads(r.result_json), "exercise": r.exercise} for r in session.scalars(query)]


def attempt_counts(session: Session, lab_id: str) -> dict[str, int]:
    """How many exercise attempts of a lab ended in each status: {"pass": n, "fail": n, "error": n}."""
    rows = session.execute(select(LabRun.status, func.count()).where(LabRun.lab_id == lab_id, LabRun.exercise.is_(True))
                           .group_by(LabRun.status)).all()
    counts = {"pass": 0, "fail": 0, "error": 0}
    counts.update({status: n for status, n in rows})
    return counts


def exercise_state(session: Session, lab_id: str) -> dict | None:
    row = session.get(LabExercise, lab_id)
    if row is None:
        return None
    return {"lab": row.lab_id, "path": row.path, "hints_shown": row.hints_shown, "started": row.started_at.isoformat()}


def remember_exercise(session: Session, lab_id: str, path: str) -> None:
    """Where the learner's file for this lab is; the hints already seen are kept."""
    row = session.get(LabExercise, lab_id)
    if row is None:
        session.add(LabExercise(lab_id=lab_id, path=path, hints_shown=0, started_at=utcnow()))
    else:
        row.path = path
    session.flush()


def take_hint(session: Session, lab_id: str, available: int, default_path: str) -> int:
    """The index of the hint to show now (0-based) and one more counted as seen; the last one repeats."""
    row = session.get(LabExercise, lab_id)
    if row is None:
        row = LabExercise(lab_id=lab_id, path=default_path, hints_shown=0, started_at=utcnow())
        session.add(row)
    index = min(row.hints_shown, max(available - 1, 0))
    row.hints_shown = min(row.hints_shown + 1, available)
    session.flush()
    return index
