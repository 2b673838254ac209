"""Figures of the collection: today's counts, retention, streak."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studyapp.srs.day import day_bounds, start_of, study_date
from studyapp.srs.scheduling import REVIEW
from studyapp.store import queue
from studyapp.store.db import to_db
from studyapp.store.settings import Settings, load_settings
from studyapp.store.timeutil import as_utc
from studyapp.store.views import StatsSummary


def day_end(now: datetime, rollover_hour: int) -> datetime:
    return day_bounds(now, rollover_hour)[1]


def retention(conn: sqlite3.Connection, since: datetime) -> float | None:
    """True retention: the share of reviews of cards in the Review state that were not forgotten."""
    passed, total = conn.execute(
        "SELECT sum(rating > 1), count(*) FROM review_log WHERE reviewed_at >= ? AND state_before = ?",
        (to_db(since), REVIEW),
    ).fetchone()
    return None if not total else passed / total


def study_dates(conn: sqlite3.Connection, since: datetime, rollover_hour: int) -> set[date]:
    """Dates with reviews, grouped in SQL with today's UTC offset (a DST change can shift one boundary by an hour)."""
    offset = since.astimezone().utcoffset() or timedelta(0)
    shift = int(offset.total_seconds() // 60) - rollover_hour * 60
    rows = conn.execute("SELECT date(reviewed_at, ?) AS day FROM review_log WHERE reviewed_at >= ? GROUP BY day",
                        (f"{shift:+d} minutes", to_db(since)))
    return {date.fromisoformat(d) for (d,) in rows}


_STREAK_CHUNKS = (8, 32, 128)  # days probed per statement, then 128 at a time


def per_interval(conn: sqlite3.Connection, table: str, column: str, bounds: list[datetime],
                 aggregate: str = "count(*)", where: str = "") -> list:
    """`aggregate` over the rows of `table` with bounds[i] <= column < bounds[i+1], for each i, in one statement
    of scalar subqueries. Each one is an index range that SQLite only counts (or, with EXISTS, probes once):
    no function runs per row, as grouping by date(column) would. `table`, `column` and `where` (an extra
    condition on the same table) are constant text, never user input."""
    if len(bounds) < 2:
        return []
    extra = f" AND {where}" if where else ""
    if aggregate == "exists":
        sub = f"EXISTS (SELECT 1 FROM {table} WHERE {column} >= ? AND {column} < ?{extra})"
    else:
        sub = f"(SELECT {aggregate} FROM {table} WHERE {column} >= ? AND {column} < ?{extra})"
    params: list = []
    for low, high in zip(bounds, bounds[1:]):
        params += (to_db(low), to_db(high))
    return list(conn.execute("SELECT " + ", ".join([sub] * (len(bounds) - 1)), params).fetchone())


def studied_on(conn: sqlite3.Connection, first: date, days: int, rollover_hour: int) -> list[bool]:
    """Whether each of `days` study days from `first` on holds an answer: one EXISTS probe per day."""
    bounds = [start_of(first + timedelta(days=i), rollover_hour) for i in range(days + 1)]
    return [bool(v) for v in per_interval(conn, "review_log", "reviewed_at", bounds, "exists")]


def streak(conn: sqlite3.Connection, now: datetime, rollover_hour: int, horizon_days: int = 366) -> int:
    """Consecutive study days with at least one answer, ending today (or yesterday, if today is not done yet).
    Walks back from today a chunk of days at a time, so the cost follows the streak, not the history."""
    day = study_date(now, rollover_hour)
    if not studied_on(conn, day, 1, rollover_hour)[0]:
        day -= timedelta(days=1)
    count, chunk = 0, 0
    while count < horizon_days:
        size = min(_STREAK_CHUNKS[min(chunk, len(_STREAK_CHUNKS) - 1)], horizon_days - count)
        chunk += 1
        for studied in reversed(studied_on(conn, day - timedelta(days=size - 1), size, rollover_hour)):
            if not studied:
                return count
            count += 1
        day -= timedelta(days=size)
    return count


@dataclass(frozen=True)
class Today:
    """What Home shows first: the day's queue and the streak, cheap at any collection size."""

    due_today: int
    new_today: int
    learning: int
    reviews_today: int
    streak_days: int


def today(collection, now: datetime) -> Today:
    now = as_utc(now)
    with collection.db() as conn:
        cfg = load_settings(conn)
        counts = queue.day_counts(conn, now, cfg.limits, cfg.rollover_hour)
        return Today(counts.due_today, counts.new_today, counts.learning, counts.reviews_today,
                     streak(conn, now, cfg.rollover_hour))


def summary(conn: sqlite3.Connection, now: datetime, cfg: Settings) -> StatsSummary:
    counts = queue.day_counts(conn, now, cfg.limits, cfg.rollover_hour)
    total, suspended = conn.execute("SELECT count(*), sum(suspended) FROM card").fetchone()
    return StatsSummary(
        due_today=counts.due_today,
        new_today=counts.new_today,
        learning=counts.learning,
        reviews_today=counts.reviews_today,
        retention_30d=retention(conn, now - timedelta(days=30)),
        streak_days=streak(conn, now, cfg.rollover_hour),
        total_cards=total,
        suspended=int(suspended or 0),
    )
