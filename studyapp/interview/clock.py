"""Clocks: every timing in an interview reads an injected `clock() -> aware datetime`."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone


class ManualClock:
    """A clock that moves only when told to: tests and benchmarks run a whole session without waiting."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 1, 1, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now
