"""Interview sessions in the collection: what may be asked, answers as they are given, the report,
and the Again reviews of badly answered cards (all of a session's end in one transaction)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from studyapp.deck.model import Note as DeckNote
from studyapp.interview.labs import labs_by_note
from studyapp.interview.model import AnswerRecord, Candidate
from studyapp.interview.report import Report
from studyapp.interview.scoring import answer_score
from studyapp.store.db import session_connection
from studyapp.store.models import Card, InterviewAnswer, InterviewSession, Note, ReviewLog
from studyapp.store.reviews import record_review
from studyapp.store.settings import load_settings
from studyapp.store.timeutil import as_utc

LAPSE_WINDOW = timedelta(days=30)


class NoInterviews(LookupError):
    """No finished interview (or none with that id) in the collection."""


@dataclass(frozen=True)
class SessionSummary:
    id: int
    started_at: datetime
    minutes: int
    mode: str
    score: float | None
    by_section: dict[str, float]
    by_topic: dict[str, float]


def candidates(collection, now: datetime) -> list[Candidate]:
    """Every active note with its card's memory, recent lapses and latest interview score."""
    now = as_utc(now)
    views = {v.id: v for v in collection.cards(now=now) if not v.suspended}
    labs = labs_by_note()
    with collection.transaction() as s:
        rows = s.execute(
            select(Card.id, Note.slug, Note.question, Note.answer, Note.section, Note.line, Note.kind,
                   Note.parent_slug)
            .join(Note, Card.note_id == Note.id).where(Note.retired.is_(False)).order_by(Note.deck_id, Note.line, Card.id)
        ).all()
        lapses = dict(s.execute(
            select(ReviewLog.card_id, func.count()).where(ReviewLog.rating == 1, ReviewLog.reviewed_at >= now - LAPSE_WINDOW)
            .group_by(ReviewLog.card_id)
        ).all())
        last_scores = _last_scores(s)
    by_note: dict[str, list] = {}
    for row in rows:
        if row.id in views:
            by_note.setdefault(row.slug, []).append(row)
    out = []
    for slug, note_rows in by_note.items():
        # A note may have several cards (basic, cloze): Again goes to its basic card, and the memory
        # counted is that of its weakest reviewed card.
        first = next((r for r in note_rows if views[r.id].kind == "basic"), note_rows[0])
        cards = [views[r.id] for r in note_rows]
        reviewed = [v for v in cards if v.state != "new"]
        weakest = min(reviewed, key=lambda v: v.retrievability) if reviewed else views[first.id]
        lab = labs.get(slug)
        note = DeckNote(slug, first.question, first.answer, first.section, first.line, first.kind, first.parent_slug)
        out.append(Candidate(
            note, first.id, weakest.state, weakest.retrievability, sum(lapses.get(r.id, 0) for r in note_rows),
            last_scores.get(slug), lab=(views[first.id].lab or (lab.id if lab else None)),
            lab_title=lab.title if lab else "", lab_summary=lab.summary if lab else "",
        ))
    return out


def _last_scores(s) -> dict[str, float]:
    rows = s.execute(
        select(InterviewAnswer.note_slug, InterviewAnswer.coverage, InterviewAnswer.self_rating)
        .join(InterviewSession, InterviewAnswer.session_id == InterviewSession.id)
        .where(InterviewSession.finished_at.is_not(None))
        .order_by(InterviewSession.started_at, InterviewAnswer.position)
    )
    return {slug: answer_score(coverage, rating) for slug, coverage, rating in rows}  # the latest wins


def start_session(collection, started_at: datetime, minutes: int, mode: str, sections: Sequence[str],
                  affects_schedule: bool) -> int:
    with collection.transaction() as s:
        row = InterviewSession(started_at=as_utc(started_at), minutes=minutes, mode=mode,
                               sections_json=json.dumps(list(sections), ensure_ascii=False),
                               affects_schedule=affects_schedule)
        s.add(row)
        s.flush()
        return row.id


def save_answer(collection, session_id: int, record: AnswerRecord) -> None:
    """Written as soon as an answer is given (and again when it is rated): a crash keeps it."""
    q = record.question
    detail = {"found": list(record.found), "missed": list(record.missed), "expected": record.expected,
              "topic": q.topic, "card_id": q.card_id, "lab": q.lab, "followup_of": q.followup_of,
              "key_points": list(q.key_points), "reference": q.reference}
    values = dict(note_slug=q.note, section=q.section, question_type=q.type, prompt=q.prompt, answer=record.answer,
                  seconds_allowed=q.seconds, seconds_used=record.seconds_used, timed_out=record.timed_out,
                  skipped=record.skipped, coverage=record.coverage, self_rating=record.self_rating,
                  detail_json=json.dumps(detail, ensure_ascii=False))
    with collection.transaction() as s:
        row = s.scalar(select(InterviewAnswer).where(InterviewAnswer.session_id == session_id,
                                                     InterviewAnswer.position == record.position))
        if row is None:
            s.add(InterviewAnswer(session_id=session_id, position=record.position, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)


def finish_session(collection, session_id: int, answers: Sequence[AnswerRecord], report: Report,
                   now: datetime) -> list[int]:
    """Store every answer and the report, and answer Again the cards the report names; one transaction.
    Returns the ids of the cards made due again."""
    now = as_utc(now)
    for record in answers:  # idempotent: the latest state of each answer
        save_answer(collection, session_id, record)
    with collection.transaction() as s:
        session = s.get(InterviewSession, session_id)
        if session is None:
            raise NoInterviews(f"no interview with id {session_id}")
        data = dict(report.to_json(), session=session_id)
        again = list(dict.fromkeys(data["again"])) if session.affects_schedule else []
        if session.finished_at is None and again:
            conn = session_connection(s)
            cfg = load_settings(conn)
            for card_id in again:
                if s.get(Card, card_id) is not None:
                    record_review(conn, card_id, 1, now, cfg.scheduler, cfg.rollover_hour, source="interview")
        session.finished_at = session.finished_at or now
        session.score = data["score"]
        session.report_json = json.dumps(data, ensure_ascii=False)
        return again


def load_report(collection, session_id: int | None = None) -> dict[str, Any]:
    """A finished session's report (the latest when no id is given)."""
    with collection.transaction() as s:
        query = select(InterviewSession).where(InterviewSession.finished_at.is_not(None))
        if session_id is None:
            row = s.scalar(query.order_by(InterviewSession.started_at.desc(), InterviewSession.id.desc()).limit(1))
            if row is None:
                raise NoInterviews("no interview sessions yet: start one with `studyapp interview` or `i` on Home")
        else:
            row = s.scalar(query.where(InterviewSession.id == session_id))
            if row is None:
                raise NoInterviews(f"no finished interview with id {session_id}")
        return json.loads(row.report_json)


def history(collection) -> list[SessionSummary]:
    """Finished sessions, oldest first, with their scores per section and per topic."""
    with collection.transaction() as s:
        rows = s.scalars(select(InterviewSession).where(InterviewSession.finished_at.is_not(None))
                         .order_by(InterviewSession.started_at, InterviewSession.id)).all()
        out = []
        for row in rows:
            data = json.loads(row.report_json or "{}")
            out.append(SessionSummary(
                row.id, row.started_at, row.minutes, row.mode, row.score,
                {k: v["score"] for k, v in data.get("by_section", {}).items()},
                {k: v["score"] for k, v in data.get("by_topic", {}).items()},
            ))
        return out
