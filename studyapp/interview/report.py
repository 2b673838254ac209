"""The report of a session: total score, score per section and topic, time per question, missed key
points, model answers, and what to do next. Built from the answers alone, so it can be rebuilt from
the store. What a learner reads names questions by their text, never by slug or card id, and holds
plain text, never raw Markdown."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from studyapp.deck.plain_text import plain

from .model import AnswerRecord, Question
from .scoring import BAD, GOOD

SUPPLEMENT = "【补充】"
MODEL_TEXT_CHARS = 320  # the original answer, when there is no repair, cut at a sentence end near this
QUESTION_CHARS = 48  # a question in a table row


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


def model_answer(q: Question) -> dict[str, Any]:
    """What a full answer says: the key points (main forms) and, as plain text, the repair when the note
    has one (the team's checked answer), else the note's own answer, shortened."""
    points = [p.split("|")[0] for p in q.key_points]
    reference = q.reference
    if SUPPLEMENT in reference:
        text = _plain(reference.split(SUPPLEMENT, 1)[1])
    else:
        text = _shorten(_plain(reference), MODEL_TEXT_CHARS)
    return {"key_points": points, "text": text}


def _plain(markdown: str) -> str:
    return plain(markdown).replace("$", "").strip()


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。！？；\n")
    return (text[: cut + 1] if cut > limit // 2 else text[:limit]).rstrip() + "…"


def short_question(prompt: str, limit: int = QUESTION_CHARS) -> str:
    """A question on one line, cut to `limit` characters."""
    line = " ".join(prompt.split("\n")[0].split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def answer_row(r: AnswerRecord) -> dict[str, Any]:
    q = r.question
    return {
        "position": r.position, "note": q.note, "card_id": q.card_id, "section": q.section, "topic": q.topic,
        "type": q.type, "prompt": q.prompt, "answer": r.answer, "seconds_allowed": q.seconds,
        "seconds_used": round(r.seconds_used, 1), "timed_out": r.timed_out, "skipped": r.skipped,
        "coverage": round(r.coverage, 4), "self_rating": r.self_rating, "score": round(r.score, 4),
        "found": list(r.found), "missed": list(r.missed), "lab": q.lab, "followup_of": q.followup_of,
        "probe_of": q.probe_of, "model_answer": model_answer(q),
    }


def build_report(answers: Sequence[AnswerRecord], meta: SessionMeta) -> Report:
    rows = [answer_row(r) for r in answers]
    weak = sorted((row for row in rows if row["score"] < GOOD), key=lambda row: (row["score"], row["position"]))
    cards, seen = [], set()
    for row in weak:
        if row["card_id"] is not None and row["card_id"] not in seen:
            seen.add(row["card_id"])
            cards.append({"card_id": row["card_id"], "note": row["note"], "question": row["prompt"],
                          "score": row["score"]})
    labs, seen_labs = [], set()
    for row in weak:
        if row["lab"] and row["lab"] not in seen_labs:
            seen_labs.add(row["lab"])
            labs.append({"lab": row["lab"], "title": meta.labs.get(row["lab"], row["lab"]), "note": row["note"],
                         "question": row["prompt"]})
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
        "missed_key_points": [{"note": row["note"], "question": row["prompt"], "points": row["missed"]}
                              for row in rows if row["missed"]],
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
             f"- score: {_pct(data['score'])} (key-point coverage {_pct(data['coverage'])})",
             f"- {data['minutes']} minutes, {data['mode']} mode, {len(data['questions'])} questions, "
             f"time used {_clock(data['seconds_used'])} of {_clock(data['seconds_allowed'])}"]
    if data.get("started_at"):
        lines.append(f"- started {data['started_at']}")
    if not data["affects_schedule"]:
        lines.append("- the schedule was not touched")
    for key, name in (("by_section", "Section"), ("by_topic", "Topic")):
        lines += ["", f"| {name} | Score | Questions |", "| --- | ---: | ---: |"]
        lines += [f"| {_cell(group)} | {_pct(v['score'])} | {v['questions']} |" for group, v in data[key].items()]
    lines += ["", "## Questions", "", "| # | Question | Type | Time | Score | |",
              "| ---: | --- | --- | ---: | ---: | --- |"]
    for row in data["questions"]:
        flag = "timed out" if row["timed_out"] else "don't know" if row["skipped"] else ""
        rating = "" if row["self_rating"] is None else f" (self {row['self_rating']}/4)"
        lines.append(f"| {row['position']} | {_cell(short_question(row['prompt']))} | {row['type']} | "
                     f"{_clock(row['seconds_used'])} / {_clock(row['seconds_allowed'])} | "
                     f"{_pct(row['score'])}{rating} | {flag} |")
    # A probe asks again about a point its question missed: that point is listed once, with its question.
    probes = {row["position"] for row in data["questions"] if row.get("probe_of")}
    missed = [m for m, row in zip(_missed_rows(data), data["questions"]) if m and row["position"] not in probes]
    if missed:
        lines += ["", "## Missed ideas", ""]
        lines += [f"- {_question_of(m)}: {'；'.join(m['points'])}" for m in missed]
    weak, shown = [], set()
    for row in data["questions"]:
        if row["score"] < GOOD and row.get("model_answer") and row["note"] not in shown:
            shown.add(row["note"])
            weak.append(row)
    if weak:
        lines += ["", "## Model answers", ""]
        for row in weak:
            model = row["model_answer"]
            lines += [f"### {short_question(row['prompt'], 80)}", ""]
            if model["key_points"]:
                lines += [f"Key points: {'；'.join(model['key_points'])}", ""]
            if model["text"]:
                lines += [model["text"], ""]
    nxt = data["next"]
    if nxt["cards"] or nxt["labs"]:
        lines += ["", "## Study next", ""]
        lines += [f"- {_question_of(c)} (scored {_pct(c['score'])})" for c in nxt["cards"]]
        lines += [f"- lab: {lab['title']}" for lab in nxt["labs"]]
    if data["again"]:
        n = len(data["again"])
        lines += ["", f"Due again soon: {n} card{'s' if n != 1 else ''}."]
    return "\n".join(lines).rstrip("\n") + "\n"


def _missed_rows(data: dict[str, Any]) -> list[dict[str, Any] | None]:
    """The missed-ideas entry of each question, in question order (None where nothing was missed)."""
    return [{"note": row["note"], "question": row["prompt"], "points": row["missed"]} if row["missed"] else None
            for row in data["questions"]]


def _question_of(entry: dict[str, Any]) -> str:
    """The question an entry is about; reports stored before questions were named fall back to the note."""
    return short_question(entry.get("question") or entry["note"], 80)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
