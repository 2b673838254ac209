"""What the interview screens share: the collection and clock they are given (the app's by default), and how
times and shares read. Their strings are the `interview.*` keys (studyapp/tui/strings/interview.py)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from studyapp.tui.base import StudyScreen


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.999))  # a countdown shows 0:00 only when the time is really up
    return f"{seconds // 60}:{seconds % 60:02d}"


def pct(value: float) -> str:
    return f"{value * 100:.0f}%"


class InterviewScreen(StudyScreen):
    """A study screen over the collection and a clock (`clock() -> aware datetime`): the app's unless given
    (the question screen's engine is timed by the clock it is handed)."""

    CSS_PATH = "../interview.tcss"

    def __init__(self, collection=None, clock: Callable[[], datetime] | None = None):
        super().__init__()
        self._collection = collection
        self._clock = clock

    @property
    def collection(self):
        return self._collection if self._collection is not None else self.app.collection

    @property
    def clock(self) -> Callable[[], datetime]:
        return self._clock or self.app.now

