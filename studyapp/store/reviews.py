"""One answer = one transaction: the log row, the card's new state, buried siblings, the undo entry."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from studyapp.srs import policy
from studyapp.srs.day import day_bounds
from studyapp.srs.scheduling import NEW, RATING_NAMES, REVIEW, STATE_NAMES, Memory, SchedulerSettings, schedule
from studyapp.store.models import Card, Note, ReviewLog, UndoEntry
from studyapp.store.timeutil import as_utc
from studyapp.store.views import RateResult, UndoResult

_RESTORED = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses", "suspended",
             "buried_until", "tags")


class UnknownCard(LookupError):
    pass


def memory_of(card: Card) -> Memory:
    return Memory(card.state, card.step, card.stability, card.difficulty, card.due, card.last_review)


def _snapshot(card: Card) -> str:
    data = {}
    for name in _RESTORED:
        value = getattr(card, name)
        data[name] = value.isoformat() if isinstance(value, datetime) else value
    return json.dumps(data)


def _restore(card: Card, snapshot: str) -> None:
    for name, value in json.loads(snapshot).items():
        if name in ("due", "last_review", "buried_until") and value is not None:
            value = datetime.fromisoformat(value)
        setattr(card, name, value)


def record_review(
    session: Session,
    card_id: int,
    rating: int,
    now: datetime,
    settings: SchedulerSettings,
    rollover_hour: int,
    source: str = "review",
    duration_ms: int | None = None,
) -> RateResult:
    now = as_utc(now)
    card = session.get(Card, card_id)
    if card is None:
        raise UnknownCard(f"no card with id {card_id}")
    before = _snapshot(card)
    state_before = card.state
    new = schedule(memory_of(card), rating, now, settings)
    card.state, card.step, card.stability, card.difficulty = new.state, new.step, new.stability, new.difficulty
    card.due, card.last_review = new.due, new.last_review
    card.reps += 1
    card.buried_until = None
    if rating == 1 and state_before == REVIEW:
        card.lapses += 1
    leech = policy.is_leech(card.lapses) and rating == 1 and state_before == REVIEW
    if leech:
        card.suspended = True
        card.tags = " ".join(sorted(set(card.tags.split()) | {policy.LEECH_TAG}))

    log = ReviewLog(
        card_id=card.id, rating=rating, reviewed_at=now, duration_ms=duration_ms, state_before=state_before,
        stability=new.stability, difficulty=new.difficulty, source=source,
    )
    session.add(log)
    session.flush()
    buried = _bury_siblings(session, card, day_bounds(now, rollover_hour)[1])
    session.add(UndoEntry(review_log_id=log.id, card_before=before, buried_siblings=json.dumps(buried)))
    session.flush()
    newest = select(func.max(UndoEntry.id)).scalar_subquery()
    session.execute(delete(UndoEntry).where(UndoEntry.id <= newest - policy.UNDO_DEPTH))
    return RateResult(
        card_id=card.id, rating=RATING_NAMES[rating], state=STATE_NAMES[card.state], due=card.due,
        stability=card.stability, difficulty=card.difficulty, lapses=card.lapses, leech=leech, review_id=log.id,
    )


def _bury_siblings(session: Session, card: Card, until: datetime) -> list[int]:
    """Siblings wait until tomorrow once one is answered: the note's other cards (its clozes) and the cards of
    its family (a parent and its child notes), as Anki buries siblings so one card does not give away another."""
    note = session.get(Note, card.note_id)
    root = note.parent_slug or note.slug
    # Two lookups, each on its own index: SQLite scans the deck's notes for the OR of the two.
    family = set(session.scalars(select(Note.id).where(Note.deck_id == note.deck_id, Note.parent_slug == root)))
    if note.parent_slug:
        family.update(session.scalars(select(Note.id).where(Note.deck_id == note.deck_id, Note.slug == root)))
    # A family has a handful of cards: fetch them by note (its index) and filter here, rather than let the
    # planner pick the state index and scan every review card.
    rows = session.execute(
        select(Card.id, Card.state, Card.suspended, Card.buried_until).where(Card.note_id.in_(sorted({note.id, *family})))
    ).all()
    ids = [r.id for r in rows if r.id != card.id and r.state in (NEW, REVIEW) and not r.suspended
           and (r.buried_until is None or r.buried_until < until)]
    if ids:
        session.execute(update(Card).where(Card.id.in_(ids)).values(buried_until=until))
    return list(ids)


def last_review_of(session: Session, card_id: int | None, source: str, at: datetime) -> ReviewLog | None:
    if card_id is None:
        return None
    return session.scalar(
        select(ReviewLog).where(ReviewLog.card_id == card_id, ReviewLog.source == source, ReviewLog.reviewed_at == at)
    )


def undo_review(session: Session, review_log_id: int) -> UndoResult | None:
    """Take back one answer, if it is still on the undo stack (the last answers)."""
    entry = session.scalar(select(UndoEntry).where(UndoEntry.review_log_id == review_log_id))
    return None if entry is None else _undo(session, entry)


def undo_last(session: Session) -> UndoResult | None:
    entry = session.scalar(select(UndoEntry).order_by(UndoEntry.id.desc()).limit(1))
    return None if entry is None else _undo(session, entry)


def _undo(session: Session, entry: UndoEntry) -> UndoResult:
    log = session.get(ReviewLog, entry.review_log_id)
    card = session.get(Card, log.card_id)
    _restore(card, entry.card_before)
    buried = json.loads(entry.buried_siblings)
    if buried:
        session.execute(update(Card).where(Card.id.in_(buried)).values(buried_until=None))
    result = UndoResult(card_id=card.id, review_id=log.id, rating=RATING_NAMES[log.rating])
    session.execute(delete(UndoEntry).where(UndoEntry.id == entry.id))
    session.execute(delete(ReviewLog).where(ReviewLog.id == log.id))
    return result


def set_suspended(session: Session, card_id: int, suspended: bool) -> None:
    card = session.get(Card, card_id)
    if card is None:
        raise UnknownCard(f"no card with id {card_id}")
    card.suspended = suspended
    if not suspended:
        card.tags = " ".join(t for t in card.tags.split() if t != policy.LEECH_TAG)


def bury(session: Session, card_id: int, now: datetime, rollover_hour: int) -> None:
    card = session.get(Card, card_id)
    if card is None:
        raise UnknownCard(f"no card with id {card_id}")
    card.buried_until = day_bounds(now, rollover_hour)[1]


def reset(session: Session, card_id: int, now: datetime) -> None:
    """Forget a card's schedule (its history stays in the log)."""
    card = session.get(Card, card_id)
    if card is None:
        raise UnknownCard(f"no card with id {card_id}")
    card.state, card.step, card.stability, card.difficulty = NEW, None, None, None
    card.due, card.last_review, card.buried_until = now, None, None
