"""Quiz sessions and answers; a graded answer also reviews its note's card unless the quiz is practice."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from studyapp.deck.model import Note as ParsedNote
from studyapp.store.models import Card, Note, QuizAttempt, QuizSession


def start_session(session: Session, now: datetime, seed: int | None, practice: bool) -> int:
    row = QuizSession(started_at=now, seed=seed, practice=practice)
    session.add(row)
    session.flush()
    return row.id


def finish_session(session: Session, session_id: int, now: datetime) -> None:
    session.get(QuizSession, session_id).finished_at = now


def note_card_id(session: Session, slug: str) -> int | None:
    """The note's own (basic) card, in the newest deck that has the slug."""
    return session.scalar(
        select(Card.id).join(Note).where(Note.slug == slug, Card.kind == "basic", Note.retired.is_(False))
        .order_by(Note.deck_id.desc()).limit(1)
    )


def add_attempt(session: Session, session_id: int, item, grade, response: str, now: datetime) -> QuizAttempt:
    attempt = QuizAttempt(
        session_id=session_id, note_slug=item.note, item_type=item.type, prompt=item.prompt, response=response,
        score=grade.final_score, correct=grade.final_correct, override=grade.override,
        detail_json=json.dumps(grade.to_json(), ensure_ascii=False, default=str), answered_at=now,
    )
    session.add(attempt)
    session.flush()
    return attempt


def set_override(session: Session, attempt_id: int, correct: bool) -> QuizAttempt:
    attempt = session.get(QuizAttempt, attempt_id)
    if attempt is None:
        raise LookupError(f"no quiz answer with id {attempt_id}")
    attempt.override = correct
    attempt.correct = correct
    attempt.score = 1.0 if correct else 0.0
    return attempt


def is_practice(session: Session, session_id: int) -> bool:
    return session.get(QuizSession, session_id).practice


def quiz_summary(session: Session, since: datetime) -> dict:
    """Answers, share correct and overrides since a moment, by item type (for Stats)."""
    # Summing a Boolean column keeps its type, and SQLAlchemy reads any positive sum back as True (1):
    # the sum must be taken over integers.
    correct = func.sum(cast(QuizAttempt.correct, Integer))
    rows = session.execute(
        select(QuizAttempt.item_type, func.count(), correct, func.count(QuizAttempt.override))
        .where(QuizAttempt.answered_at >= since).group_by(QuizAttempt.item_type)
    ).all()
    return {t: {"answers": n, "correct": int(ok or 0), "overridden": o} for t, n, ok, o in rows}


def active_notes(session: Session) -> list[ParsedNote]:
    rows = session.execute(
        select(Note.slug, Note.question, Note.answer, Note.section, Note.line, Note.kind, Note.parent_slug)
        .where(Note.retired.is_(False), ~Note.slug.startswith("revlog-")).order_by(Note.deck_id, Note.id)
    ).all()
    return [ParsedNote(slug=r.slug, question=r.question, answer=r.answer, section=r.section, line=r.line,
                       kind=r.kind, parent_slug=r.parent_slug) for r in rows]
