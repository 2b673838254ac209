"""The study day: it rolls over at a local hour (4 a.m. by default, as in Anki); times are kept in UTC."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

DEFAULT_ROLLOVER_HOUR = 4


def _local(moment: datetime) -> datetime:
    return moment.astimezone()  # the machine's local zone (TZ respected)


def study_date(moment: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> date:
    """The calendar date a moment counts towards: 2 a.m. on the 5th still belongs to the 4th."""
    return (_local(moment) - timedelta(hours=rollover_hour)).date()


def day_bounds(moment: datetime, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> tuple[datetime, datetime]:
    """UTC start and end of the study day that holds `moment`."""
    day = study_date(moment, rollover_hour)
    return start_of(day, rollover_hour), start_of(day + timedelta(days=1), rollover_hour)


def start_of(day: date, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> datetime:
    local = datetime(day.year, day.month, day.day, rollover_hour).astimezone()
    return local.astimezone(timezone.utc)
