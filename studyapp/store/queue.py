"""Which card comes next: learning cards when due, then reviews interleaved with new cards, within limits."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from studyapp.srs import policy
from studyapp.srs.day import day_bounds
from studyapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW
from studyapp.store.models import Card, ReviewLog
from studyapp.store.views import DayCounts


def _available(now: datetime):
    return and_(Card.suspended.is_(False), or_(Card.buried_until.is_(None), Card.buried_until <= now))


def _first(session: Session, *conditions, order=Card.due) -> int | None:
    return session.scalar(select(Card.id).where(*conditions).order_by(order).limit(1))


def _count_upto(session: Session, cap: int, *conditions) -> int:
    """COUNT that stops at `cap`: the queue never needs more than the day's limit, and 100,000 cards stay cheap."""
    if cap <= 0:
        return 0
    return session.scalar(select(func.count()).select_from(select(Card.id).where(*conditions).limit(cap).subquery()))


def day_counts(session: Session, now: datetime, limits: policy.DailyLimits, rollover_hour: int) -> DayCounts:
    start, end = day_bounds(now, rollover_hour)
    today = select(ReviewLog.state_before, func.count()).where(ReviewLog.reviewed_at >= start).group_by(
        ReviewLog.state_before
    )
    done = dict(session.execute(today).all())
    new_done, reviews_done = done.get(NEW, 0), done.get(REVIEW, 0)
    avail = _available(now)
    reviews_left = max(0, limits.reviews_per_day - reviews_done)
    new_left = max(0, limits.new_per_day - new_done)
    return DayCounts(
        due_today=_count_upto(session, reviews_left, Card.state == REVIEW, avail, Card.due < end),
        new_today=_count_upto(session, new_left, Card.state == NEW, avail),
        learning=_count_upto(session, 10_000, Card.state.in_((LEARNING, RELEARNING)), avail, Card.due < end),
        reviews_today=sum(done.values()),
        new_studied_today=new_done,
    )


def next_card_id(session: Session, now: datetime, limits: policy.DailyLimits, rollover_hour: int) -> int | None:
    avail = _available(now)
    learning = (Card.state.in_((LEARNING, RELEARNING)), avail)
    card = _first(session, *learning, Card.due <= now)
    if card is not None:
        return card
    counts = day_counts(session, now, limits, rollover_hour)
    end = day_bounds(now, rollover_hour)[1]
    review = _first(session, Card.state == REVIEW, avail, Card.due < end) if counts.due_today else None
    new = _first(session, Card.state == NEW, avail, order=Card.id) if counts.new_today else None
    if new is not None and (review is None or policy.new_first(counts.new_today, counts.due_today,
                                                               counts.reviews_today)):
        return new
    if review is not None:
        return review
    ahead = now + timedelta(minutes=policy.LEARN_AHEAD_MINUTES)
    return _first(session, *learning, Card.due <= ahead)
