"""Home's two charts, the review heatmap and the due forecast, read with plain SQL: Home shows them a moment
after its first frame, and they must not wait for SQLAlchemy."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from studyapp.srs.day import start_of, study_date
from studyapp.store.settings import Settings, load_settings
from studyapp.store.stats import reviews_per_interval, studied_due_per_interval
from studyapp.store.timeutil import as_utc


@dataclass(frozen=True)
class DayValue:
    day: date
    value: int


@dataclass(frozen=True)
class Heatmap:
    first: date  # a Monday
    last: date  # today (study day)
    counts: dict[date, int]

    @property
    def peak(self) -> int:
        return max(self.counts.values(), default=0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def home_charts(collection, now: datetime, weeks: int = 26, days: int = 30) -> tuple[Heatmap, tuple[DayValue, ...]]:
    """The heatmap and the forecast Home shows, read in one transaction."""
    now = as_utc(now)
    with collection.db() as conn:
        cfg = load_settings(conn)
        return heatmap_of(conn, now, cfg, weeks), forecast_of(conn, now, cfg, days)


def day_starts(first: date, days: int, rollover_hour: int) -> list[datetime]:
    """UTC starts of `days` consecutive study days from `first`, and the end of the last: exact across DST."""
    return [start_of(first + timedelta(days=i), rollover_hour) for i in range(days + 1)]


def heatmap_of(conn: sqlite3.Connection, now: datetime, cfg: Settings, weeks: int) -> Heatmap:
    today = study_date(now, cfg.rollover_hour)
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    days = (today - first).days + 1
    counts = reviews_per_interval(conn, day_starts(first, days, cfg.rollover_hour))
    return Heatmap(first=first, last=today,
                   counts={first + timedelta(days=i): n for i, n in enumerate(counts) if n})


def forecast_of(conn: sqlite3.Connection, now: datetime, cfg: Settings, days: int) -> tuple[DayValue, ...]:
    """Cards falling due on each of the next `days` study days; overdue cards count today."""
    today = study_date(now, cfg.rollover_hour)
    bounds = day_starts(today, days, cfg.rollover_hour)
    bounds[0] = datetime(1, 1, 1, tzinfo=timezone.utc)  # everything overdue belongs to today
    per_day = studied_due_per_interval(conn, bounds)
    return tuple(DayValue(today + timedelta(days=i), n) for i, n in enumerate(per_day))
