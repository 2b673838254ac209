"""Lab runs kept with their whole result document."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.store.models import LabRun
from studyapp.store.timeutil import as_utc, utcnow


def save_run(session: Session, result: dict) -> int:
    """A result that did not come to pass/fail is kept as error: a run that did not finish is never a pass."""
    status = result.get("status") if result.get("status") in ("pass", "fail", "error") else "error"
    checks = result.get("checks") or []
    if status == "pass" and (not checks or any(c.get("status") == "fail" for c in checks)):
        status = "error" if not checks else "fail"
    started = result.get("started")
    started_at = as_utc(datetime.fromisoformat(started)) if isinstance(started, str) else utcnow()
    row = LabRun(lab_id=str(result.get("lab", "?")), status=status, mode=str(result.get("mode", "")),
                 device=str(result.get("device") or ""), started_at=started_at, seconds=result.get("seconds"),
                 backend=str(result.get("backend") or "local")[:100],
                 device_name=str(result["device_name"])[:200] if result.get("device_name") else None,
                 result_json=json.dumps({**result, "status": status}, ensure_ascii=False, default=str))
    session.add(row)
    session.flush()
    return row.id


def last_status(session: Session) -> dict[str, dict]:
    newest = select(LabRun.lab_id, func.max(LabRun.id).label("id")).group_by(LabRun.lab_id).subquery()
    rows = session.execute(select(LabRun).join(newest, LabRun.id == newest.c.id)).scalars()
    return {r.lab_id: {"status": r.status, "device": r.device, "backend": r.backend,
                       "started": r.started_at.isoformat(), "id": r.id}
            for r in rows}


def runs(session: Session, lab_id: str | None = None, limit: int = 50) -> list[dict]:
    query = select(LabRun).order_by(LabRun.id.desc()).limit(limit)
    if lab_id:
        query = query.where(LabRun.lab_id == lab_id)
    return [{"id": r.id, **json.loads(r.result_json)} for r in session.scalars(query)]
