"""Figures of the collection: today's counts, retention, streak."""
from __future__ import annotations

import json
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


# The days, newest first, as a JSON array of [start, end) pairs; the first two with no answer, in one statement.
_GAPS = """
SELECT day.key FROM json_each(?) AS day
WHERE NOT EXISTS (SELECT 1 FROM review_log
                  WHERE reviewed_at >= json_extract(day.value, '$[0]') AND reviewed_at < json_extract(day.value, '$[1]'))
ORDER BY day.key LIMIT 2"""


def streak(conn: sqlite3.Connection, now: datetime, rollover_hour: int, horizon_days: int = 366) -> int:
    """Consecutive study days with at least one answer, ending today (or yesterday, if today is not done yet).
    One statement: an index probe per day of the horizon (under a millisecond for a year), so a thread reading
    it hands the interpreter lock back and forth once, not once per chunk of days."""
    today = study_date(now, rollover_hour)
    starts = [start_of(today - timedelta(days=i), rollover_hour) for i in range(-1, horizon_days + 1)]
    days = [[to_db(starts[i + 1]), to_db(starts[i])] for i in range(horizon_days + 1)]  # today, yesterday, ...
    gaps = [key for (key,) in conn.execute(_GAPS, (json.dumps(days),))] + [horizon_days + 1, horizon_days + 1]
    if gaps[0] == 0:  # nothing yet today: the streak may still end yesterday
        return min(gaps[1] - 1, horizon_days)
    return min(gaps[0], horizon_days)


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
