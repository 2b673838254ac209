"""Interview sessions in the collection: the rows a plan is made from, answers as they are given, the
report, and the Again reviews of badly answered cards (all of a session's end in one transaction).

Plain rows in, plain rows out: the interview package (studyapp.interview) turns them into candidates,
scores and reports; this module imports no feature package."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from studyapp.store.db import session_connection
from studyapp.store.models import Card, InterviewAnswer, InterviewSession, Note, ReviewLog
from studyapp.store.reviews import answer_card
from studyapp.store.schema import Rating
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


@dataclass(frozen=True)
class CandidateRow:
    """One card of an active note, with what the schedule knows of it."""

    card_id: int
    card_kind: str  # basic | cloze
    slug: str
    question: str
    answer: str
    section: str
    line: int
    kind: str  # the note's kind
    parent_slug: str | None
    state: str  # new | learning | review | relearning
    retrievability: float
    lab: str | None  # a lab named on the card itself
    recent_lapses: int  # Again answers within LAPSE_WINDOW


@dataclass(frozen=True)
class PastAnswer:
    """An answer of a finished session, oldest first: the latest per note is what counts."""

    slug: str
    coverage: float
    self_rating: int | None


def candidate_rows(collection, now: datetime) -> list[CandidateRow]:
    """Every unsuspended card of an active note, in document order."""
    now = as_utc(now)
    views = {v.id: v for v in collection.cards(now=now) if not v.suspended}
    with collection.transaction() as s:
        rows = s.execute(
            select(Card.id, Note.slug, Note.question, Note.answer, Note.section, Note.line, Note.kind,
                   Note.parent_slug)
            .join(Note, Card.note_id == Note.id).where(Note.retired.is_(False)).order_by(Note.deck_id, Note.line, Card.id)
        ).all()
        lapses = dict(s.execute(
            select(ReviewLog.card_id, func.count()).where(ReviewLog.rating == Rating.AGAIN, ReviewLog.reviewed_at >= now - LAPSE_WINDOW)
            .group_by(ReviewLog.card_id)
        ).all())
    out = []
    for row in rows:
        view = views.get(row.id)
        if view is None:
            continue
        out.append(CandidateRow(row.id, view.kind, row.slug, row.question, row.answer, row.section, row.line,
                                row.kind, row.parent_slug, view.state, view.retrievability, view.lab,
                                lapses.get(row.id, 0)))
    return out


def past_answers(collection) -> list[PastAnswer]:
    with collection.transaction() as s:
        rows = s.execute(
            select(InterviewAnswer.note_slug, InterviewAnswer.coverage, InterviewAnswer.self_rating)
            .join(InterviewSession, InterviewAnswer.session_id == InterviewSession.id)
            .where(InterviewSession.finished_at.is_not(None))
            .order_by(InterviewSession.started_at, InterviewAnswer.position)
        ).all()
    return [PastAnswer(slug, coverage, rating) for slug, coverage, rating in rows]


def start_session(collection, started_at: datetime, minutes: int, mode: str, sections: Sequence[str],
                  affects_schedule: bool) -> int:
    with collection.transaction() as s:
        row = InterviewSession(started_at=as_utc(started_at), minutes=minutes, mode=mode,
                               sections_json=json.dumps(list(sections), ensure_ascii=False),
                               affects_schedule=affects_schedule)
        s.add(row)
        s.flush()
        return row.id


@dataclass(frozen=True)
class AnswerRow:
    """One answer as stored: its place in the session, its columns, and the detail kept as JSON."""

    position: int
    values: dict[str, Any]  # InterviewAnswer columns
    detail: dict[str, Any]


def save_answer(collection, session_id: int, row: AnswerRow) -> None:
    """Written as soon as an answer is given (and again when it is rated): a crash keeps it."""
    values = dict(row.values, detail_json=json.dumps(row.detail, ensure_ascii=False))
    with collection.transaction() as s:
        stored = s.scalar(select(InterviewAnswer).where(InterviewAnswer.session_id == session_id,
                                                        InterviewAnswer.position == row.position))
        if stored is None:
            s.add(InterviewAnswer(session_id=session_id, position=row.position, **values))
        else:
            for name, value in values.items():
                setattr(stored, name, value)


def finish_session(collection, session_id: int, answers: Sequence[AnswerRow], report: dict[str, Any],
                   now: datetime) -> list[int]:
    """Store every answer and the report, and answer Again the cards the report names; one transaction.
    Returns the ids of the cards made due again."""
    now = as_utc(now)
    for row in answers:  # idempotent: the latest state of each answer
        save_answer(collection, session_id, row)
    with collection.transaction() as s:
        session = s.get(InterviewSession, session_id)
        if session is None:
            raise NoInterviews(f"no interview with id {session_id}")
        data = dict(report, session=session_id)
        again = list(dict.fromkeys(data["again"])) if session.affects_schedule else []
        if session.finished_at is None and again:
            conn = session_connection(s)
            for card_id in again:
                if s.get(Card, card_id) is not None:
                    answer_card(conn, card_id, Rating.AGAIN, now, source="interview")
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
