"""The report of a session: total score, score per section and topic, time per question, missed key
points, and what to do next. Built from the answers alone, so it can be rebuilt from the store."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .model import AnswerRecord
from .scoring import BAD, GOOD


@dataclass(frozen=True)
class SessionMeta:
    minutes: int
    mode: str
    affects_schedule: bool = True
    sections: tuple[str, ...] = ()
    started_at: datetime | None = None
    finished_at: datetime | None = None
    session_id: int | None = None
    labs: dict[str, str] = field(default_factory=dict, hash=False)  # lab id -> title


@dataclass(frozen=True)
class Report:
    data: dict[str, Any]

    @property
    def score(self) -> float:
        return self.data["score"]

    def to_json(self) -> dict[str, Any]:
        return self.data

    def to_markdown(self) -> str:
        return render_markdown(self.data)


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def _groups(rows: Sequence[dict], key: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(row["score"])
    return {name: {"score": _mean(scores), "questions": len(scores)} for name, scores in sorted(out.items())}


def answer_row(r: AnswerRecord) -> dict[str, Any]:
    q = r.question
    return {
        "position": r.position, "note": q.note, "card_id": q.card_id, "section": q.section, "topic": q.topic,
        "type": q.type, "prompt": q.prompt, "answer": r.answer, "seconds_allowed": q.seconds,
        "seconds_used": round(r.seconds_used, 1), "timed_out": r.timed_out, "skipped": r.skipped,
        "coverage": round(r.coverage, 4), "self_rating": r.self_rating, "score": round(r.score, 4),
        "found": list(r.found), "missed": list(r.missed), "lab": q.lab, "followup_of": q.followup_of,
    }


def build_report(answers: Sequence[AnswerRecord], meta: SessionMeta) -> Report:
    rows = [answer_row(r) for r in answers]
    weak = sorted((row for row in rows if row["score"] < GOOD), key=lambda row: (row["score"], row["position"]))
    cards, seen = [], set()
    for row in weak:
        if row["card_id"] is not None and row["card_id"] not in seen:
            seen.add(row["card_id"])
            cards.append({"card_id": row["card_id"], "note": row["note"], "score": row["score"]})
    labs, seen_labs = [], set()
    for row in weak:
        if row["lab"] and row["lab"] not in seen_labs:
            seen_labs.add(row["lab"])
            labs.append({"lab": row["lab"], "title": meta.labs.get(row["lab"], row["lab"]), "note": row["note"]})
    data = {
        "session": meta.session_id,
        "started_at": meta.started_at.isoformat() if meta.started_at else None,
        "finished_at": meta.finished_at.isoformat() if meta.finished_at else None,
        "minutes": meta.minutes, "mode": meta.mode, "affects_schedule": meta.affects_schedule,
        "sections": list(meta.sections),
        "score": _mean([row["score"] for row in rows]),
        "coverage": _mean([row["coverage"] for row in rows]),
        "questions": rows,
        "seconds_used": round(sum(row["seconds_used"] for row in rows), 1),
        "seconds_allowed": sum(row["seconds_allowed"] for row in rows),
        "by_section": _groups(rows, "section"),
        "by_topic": _groups(rows, "topic"),
        "missed_key_points": [{"note": row["note"], "points": row["missed"]} for row in rows if row["missed"]],
        "next": {"cards": cards, "labs": labs},
        "again": [row["card_id"] for row in rows if row["score"] < BAD and row["card_id"] is not None],
    }
    if not meta.affects_schedule:
        data["again"] = []
    return Report(data)


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def render_markdown(data: dict[str, Any]) -> str:
    title = f"# Interview {data['session']}" if data.get("session") else "# Interview"
    lines = [title, "",
             f"- score: **{_pct(data['score'])}** (key-point coverage {_pct(data['coverage'])})",
             f"- {data['minutes']} minutes, {data['mode']} mode, {len(data['questions'])} questions, "
             f"time used {_clock(data['seconds_used'])} of {_clock(data['seconds_allowed'])}"]
    if data.get("started_at"):
        lines.append(f"- started {data['started_at']}")
    if not data["affects_schedule"]:
        lines.append("- the schedule was not touched")
    for key, name in (("by_section", "Section"), ("by_topic", "Topic")):
        lines += ["", f"| {name} | Score | Questions |", "| --- | ---: | ---: |"]
        lines += [f"| {group} | {_pct(v['score'])} | {v['questions']} |" for group, v in data[key].items()]
    lines += ["", "## Questions", "", "| # | Type | Note | Time | Score | |", "| ---: | --- | --- | ---: | ---: | --- |"]
    for row in data["questions"]:
        flag = "timed out" if row["timed_out"] else "don't know" if row["skipped"] else ""
        rating = "" if row["self_rating"] is None else f" (self {row['self_rating']}/4)"
        lines.append(f"| {row['position']} | {row['type']} | {row['note']} | "
                     f"{_clock(row['seconds_used'])} / {_clock(row['seconds_allowed'])} | "
                     f"{_pct(row['score'])}{rating} | {flag} |")
    if data["missed_key_points"]:
        lines += ["", "## Missed key points", ""]
        lines += [f"- {m['note']}: {'; '.join(m['points'])}" for m in data["missed_key_points"]]
    nxt = data["next"]
    if nxt["cards"] or nxt["labs"]:
        lines += ["", "## Next", ""]
        lines += [f"- card {c['card_id']} ({c['note']}), scored {_pct(c['score'])}" for c in nxt["cards"]]
        lines += [f"- lab `{lab['lab']}`: {lab['title']}" for lab in nxt["labs"]]
    if data["again"]:
        again = len(data["again"])
        lines += ["", f"Due again soon: {again} card{'' if again == 1 else 's'}."]
    return "\n".join(lines) + "\n"
