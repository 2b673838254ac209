"""Which card comes next: learning cards when due, then reviews interleaved with new cards, within limits."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from studyapp.srs import policy
from studyapp.srs.day import day_bounds
from studyapp.store.schema import CardState, to_db
from studyapp.store.views import DayCounts

NEW, LEARNING, REVIEW, RELEARNING = CardState
_AVAILABLE = "suspended = 0 AND (buried_until IS NULL OR buried_until <= :now)"
_IN_LEARNING = f"state IN ({LEARNING}, {RELEARNING})"
LEARNING_CAP = 10_000


# COUNT that stops at the cap: the queue never needs more than the day's limit, and 100,000 cards stay cheap.
_CAPPED_COUNT = "(SELECT count(*) FROM (SELECT id FROM card WHERE {condition} LIMIT :{cap}))"
_DONE_TODAY = "SELECT state_before, count(*) FROM review_log WHERE reviewed_at >= :start GROUP BY state_before"
_LEFT_TODAY = "SELECT " + ", ".join((
    _CAPPED_COUNT.format(cap="reviews_cap", condition=f"state = {REVIEW} AND {_AVAILABLE} AND due < :end"),
    _CAPPED_COUNT.format(cap="new_cap", condition=f"state = {NEW} AND {_AVAILABLE}"),
    _CAPPED_COUNT.format(cap="learning_cap", condition=f"{_IN_LEARNING} AND {_AVAILABLE} AND due < :end"),
))
_FIRST_LEARNING = f"SELECT id FROM card WHERE {_IN_LEARNING} AND {_AVAILABLE} AND due <= :due_by ORDER BY due LIMIT 1"
_FIRST_REVIEW = f"SELECT id FROM card WHERE state = {REVIEW} AND {_AVAILABLE} AND due < :end ORDER BY due LIMIT 1"
_FIRST_NEW = f"SELECT id FROM card WHERE state = {NEW} AND {_AVAILABLE} ORDER BY id LIMIT 1"


def _first(conn: sqlite3.Connection, sql: str, params: dict) -> int | None:
    row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def day_counts(conn: sqlite3.Connection, now: datetime, limits: policy.DailyLimits, rollover_hour: int) -> DayCounts:
    start, end = day_bounds(now, rollover_hour)
    done = dict(conn.execute(_DONE_TODAY, {"start": to_db(start)}).fetchall())
    new_done, reviews_done = done.get(NEW, 0), done.get(REVIEW, 0)
    caps = {
        "reviews_cap": max(0, limits.reviews_per_day - reviews_done),
        "new_cap": max(0, limits.new_per_day - new_done),
        "learning_cap": LEARNING_CAP,
    }
    due_today, new_today, learning = conn.execute(_LEFT_TODAY, {"now": to_db(now), "end": to_db(end), **caps}).fetchone()
    return DayCounts(
        due_today=due_today,
        new_today=new_today,
        learning=learning,
        reviews_today=sum(done.values()),
        new_studied_today=new_done,
    )


def next_card_id(conn: sqlite3.Connection, now: datetime, limits: policy.DailyLimits, rollover_hour: int,
                 counts: DayCounts | None = None) -> int | None:
    """`counts`: the day's counts when the caller has them already (read in the same transaction)."""
    at = to_db(now)
    card = _first(conn, _FIRST_LEARNING, {"now": at, "due_by": at})
    if card is not None:
        return card
    if counts is None:
        counts = day_counts(conn, now, limits, rollover_hour)
    end = to_db(day_bounds(now, rollover_hour)[1])
    review = _first(conn, _FIRST_REVIEW, {"now": at, "end": end}) if counts.due_today else None
    new = _first(conn, _FIRST_NEW, {"now": at}) if counts.new_today else None
    if new is not None and (review is None or policy.new_first(counts.new_today, counts.due_today,
                                                               counts.reviews_today)):
        return new
    if review is not None:
        return review
    ahead = to_db(now + timedelta(minutes=policy.LEARN_AHEAD_MINUTES))
    return _first(conn, _FIRST_LEARNING, {"now": at, "due_by": ahead})
