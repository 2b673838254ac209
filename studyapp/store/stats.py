"""Figures of the collection: today's counts, retention, streak."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studyapp.srs.day import day_bounds, start_of, study_date
from studyapp.store import queue
from studyapp.store.schema import CardState, Rating, to_db
from studyapp.store.settings import Settings, load_settings
from studyapp.store.timeutil import as_utc
from studyapp.store.views import StatsSummary


def day_end(now: datetime, rollover_hour: int) -> datetime:
    return day_bounds(now, rollover_hour)[1]


_RETENTION = (f"SELECT sum(rating > {Rating.AGAIN}), count(*) FROM review_log WHERE reviewed_at >= ?"
              " AND state_before = ?")
_STUDY_DATES = "SELECT date(reviewed_at, ?) AS day FROM review_log WHERE reviewed_at >= ? GROUP BY day"
_CARD_TOTALS = "SELECT count(*), sum(suspended) FROM card"
# Per [start, end) pair of a JSON array, in the array's order: a count that SQLite answers from an index range
# (json_extract runs once per pair, never per row, as grouping by date(column) would).
_SPANS = "FROM json_each(?) AS span ORDER BY span.key"
_IN_SPAN = "{column} >= json_extract(span.value, '$[0]') AND {column} < json_extract(span.value, '$[1]')"
_REVIEWS_PER_SPAN = (f"SELECT (SELECT count(*) FROM review_log WHERE {_IN_SPAN.format(column='reviewed_at')}) "
                     + _SPANS)
# state IN (...) rather than != NEW: the (state, suspended, due) index then serves each count.
_STUDIED_DUE_PER_SPAN = (f"SELECT (SELECT count(*) FROM card WHERE state IN ({CardState.LEARNING}, {CardState.REVIEW},"
                         f" {CardState.RELEARNING}) AND suspended = 0 AND {_IN_SPAN.format(column='due')}) " + _SPANS)


def retention(conn: sqlite3.Connection, since: datetime) -> float | None:
    """True retention: the share of reviews of cards in the Review state that were not forgotten."""
    passed, total = conn.execute(_RETENTION, (to_db(since), CardState.REVIEW)).fetchone()
    return None if not total else passed / total


def study_dates(conn: sqlite3.Connection, since: datetime, rollover_hour: int) -> set[date]:
    """Dates with reviews, grouped in SQL with today's UTC offset (a DST change can shift one boundary by an hour)."""
    offset = since.astimezone().utcoffset() or timedelta(0)
    shift = int(offset.total_seconds() // 60) - rollover_hour * 60
    rows = conn.execute(_STUDY_DATES, (f"{shift:+d} minutes", to_db(since)))
    return {date.fromisoformat(d) for (d,) in rows}


def _per_span(conn: sqlite3.Connection, sql: str, bounds: list[datetime]) -> list[int]:
    spans = [[to_db(low), to_db(high)] for low, high in zip(bounds, bounds[1:])]
    return [count for (count,) in conn.execute(sql, (json.dumps(spans),))] if spans else []


def reviews_per_interval(conn: sqlite3.Connection, bounds: list[datetime]) -> list[int]:
    """Answers given with bounds[i] <= reviewed_at < bounds[i+1], for each i."""
    return _per_span(conn, _REVIEWS_PER_SPAN, bounds)


def studied_due_per_interval(conn: sqlite3.Connection, bounds: list[datetime]) -> list[int]:
    """Cards in learning or review, not suspended, with bounds[i] <= due < bounds[i+1], for each i."""
    return _per_span(conn, _STUDIED_DUE_PER_SPAN, bounds)


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
    total, suspended = conn.execute(_CARD_TOTALS).fetchone()
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
