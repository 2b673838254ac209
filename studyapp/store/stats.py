"""Figures of the collection: today's counts, retention, streak."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.srs.day import day_bounds, study_date
from studyapp.srs.scheduling import REVIEW
from studyapp.store import queue
from studyapp.store.models import Card, ReviewLog
from studyapp.store.settings import Settings
from studyapp.store.views import StatsSummary


def day_end(now: datetime, rollover_hour: int) -> datetime:
    return day_bounds(now, rollover_hour)[1]


def retention(session: Session, since: datetime) -> float | None:
    """True retention: the share of reviews of cards in the Review state that were not forgotten."""
    passed, total = session.execute(
        select(func.sum(ReviewLog.rating > 1), func.count()).where(
            ReviewLog.reviewed_at >= since, ReviewLog.state_before == REVIEW
        )
    ).one()
    return None if not total else passed / total


def study_dates(session: Session, since: datetime, rollover_hour: int) -> set[date]:
    """Dates with reviews, grouped in SQL with today's UTC offset (a DST change can shift one boundary by an hour)."""
    offset = since.astimezone().utcoffset() or timedelta(0)
    shift = int(offset.total_seconds() // 60) - rollover_hour * 60
    day = func.date(ReviewLog.reviewed_at, f"{shift:+d} minutes")
    rows = session.scalars(select(day).where(ReviewLog.reviewed_at >= since).group_by(day))
    return {date.fromisoformat(d) for d in rows}


def streak(session: Session, now: datetime, rollover_hour: int, horizon_days: int = 366) -> int:
    """Consecutive study days with at least one answer, ending today (or yesterday, if today is not done yet)."""
    dates = study_dates(session, now - timedelta(days=horizon_days), rollover_hour)
    day = study_date(now, rollover_hour)
    if day not in dates:
        day -= timedelta(days=1)
    count = 0
    while day in dates:
        count += 1
        day -= timedelta(days=1)
    return count


def summary(session: Session, now: datetime, cfg: Settings) -> StatsSummary:
    counts = queue.day_counts(session, now, cfg.limits, cfg.rollover_hour)
    total, suspended = session.execute(select(func.count(), func.sum(Card.suspended))).one()
    return StatsSummary(
        due_today=counts.due_today,
        new_today=counts.new_today,
        learning=counts.learning,
        reviews_today=counts.reviews_today,
        retention_30d=retention(session, now - timedelta(days=30)),
        streak_days=streak(session, now, cfg.rollover_hour),
        total_cards=total,
        suspended=int(suspended or 0),
    )
