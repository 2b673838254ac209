"""Which card comes next: learning cards when due, then reviews interleaved with new cards, within limits.

The statements are built once, with bound parameters: each answer runs them again, and building and
caching a statement costs SQLAlchemy more than SQLite needs to run it."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from studyapp.srs import policy
from studyapp.srs.day import day_bounds
from studyapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW
from studyapp.store.models import Card, ReviewLog
from studyapp.store.views import DayCounts

_AVAILABLE = and_(Card.suspended.is_(False), or_(Card.buried_until.is_(None), Card.buried_until <= bindparam("now")))
_IN_LEARNING = Card.state.in_((LEARNING, RELEARNING))
_DUE_TODAY = Card.due < bindparam("end")


def _capped_count(cap: str, *conditions):
    """COUNT that stops at the cap: the queue never needs more than the day's limit, and 100,000 cards stay cheap."""
    return select(func.count()).select_from(
        select(Card.id).where(*conditions).limit(bindparam(cap)).subquery()
    ).scalar_subquery()


_DONE_TODAY = (
    select(ReviewLog.state_before, func.count())
    .where(ReviewLog.reviewed_at >= bindparam("start"))
    .group_by(ReviewLog.state_before)
)
_LEFT_TODAY = select(
    _capped_count("reviews_cap", Card.state == REVIEW, _AVAILABLE, _DUE_TODAY),
    _capped_count("new_cap", Card.state == NEW, _AVAILABLE),
    _capped_count("learning_cap", _IN_LEARNING, _AVAILABLE, _DUE_TODAY),
)
_FIRST_LEARNING = (
    select(Card.id).where(_IN_LEARNING, _AVAILABLE, Card.due <= bindparam("due_by")).order_by(Card.due).limit(1)
)
_FIRST_REVIEW = select(Card.id).where(Card.state == REVIEW, _AVAILABLE, _DUE_TODAY).order_by(Card.due).limit(1)
_FIRST_NEW = select(Card.id).where(Card.state == NEW, _AVAILABLE).order_by(Card.id).limit(1)
LEARNING_CAP = 10_000


def day_counts(session: Session, now: datetime, limits: policy.DailyLimits, rollover_hour: int) -> DayCounts:
    start, end = day_bounds(now, rollover_hour)
    done = dict(session.execute(_DONE_TODAY, {"start": start}).all())
    new_done, reviews_done = done.get(NEW, 0), done.get(REVIEW, 0)
    caps = {
        "reviews_cap": max(0, limits.reviews_per_day - reviews_done),
        "new_cap": max(0, limits.new_per_day - new_done),
        "learning_cap": LEARNING_CAP,
    }
    due_today, new_today, learning = session.execute(_LEFT_TODAY, {"now": now, "end": end, **caps}).one()
    return DayCounts(
        due_today=due_today,
        new_today=new_today,
        learning=learning,
        reviews_today=sum(done.values()),
        new_studied_today=new_done,
    )


def next_card_id(session: Session, now: datetime, limits: policy.DailyLimits, rollover_hour: int,
                 counts: DayCounts | None = None) -> int | None:
    """`counts`: the day's counts when the caller has them already (read in the same transaction)."""
    card = session.scalar(_FIRST_LEARNING, {"now": now, "due_by": now})
    if card is not None:
        return card
    if counts is None:
        counts = day_counts(session, now, limits, rollover_hour)
    end = day_bounds(now, rollover_hour)[1]
    review = session.scalar(_FIRST_REVIEW, {"now": now, "end": end}) if counts.due_today else None
    new = session.scalar(_FIRST_NEW, {"now": now}) if counts.new_today else None
    if new is not None and (review is None or policy.new_first(counts.new_today, counts.due_today,
                                                               counts.reviews_today)):
        return new
    if review is not None:
        return review
    ahead = now + timedelta(minutes=policy.LEARN_AHEAD_MINUTES)
    return session.scalar(_FIRST_LEARNING, {"now": now, "due_by": ahead})
