"""Studying: the day's counts, the next card, a card's view, answers and their undo, suspend/bury/reset, and the
collection's settings. The first frame of Home and of `studyapp review` comes from here: no SQLAlchemy, no quiz,
no torch at module level (plain sqlite3 underneath, studyapp/store/db.py)."""
from __future__ import annotations

from datetime import datetime

from studyapp.service.card_labs import NO_LABS, CardLabs
from studyapp.service.collection import Collection
from studyapp.srs.scheduling import Rating, parse_rating
from studyapp.store import review_step as _review_step
from studyapp.store import stats as _stats
from studyapp.store.review_step import Answer, Step
from studyapp.store.settings import Settings
from studyapp.store.stats import Today
from studyapp.store.timeutil import as_utc, utcnow
from studyapp.store.views import CardView, DayCounts, RateResult, StatsSummary, UndoResult

__all__ = [
    "Answer", "CardView", "DayCounts", "RateResult", "Rating", "Settings", "StatsSummary", "Step", "Today", "UndoResult",
    "as_utc", "bury", "card", "cards", "day_counts", "next_card", "parse_rating", "rate", "reset", "restore_card",
    "review_step", "save_settings", "settings", "summary", "suspend", "today", "undo", "utcnow",
]


def today(collection: Collection, now: datetime) -> Today:
    """What Home shows first: the day's queue and the streak."""
    return _stats.today(collection, now)


def review_step(collection: Collection, now: datetime, answer: Answer | None = None, card_id: int | None = None,
                labs: CardLabs = NO_LABS) -> tuple[RateResult | None, Step]:
    """One step of the review screen in one transaction: `answer` recorded (if any), then `card_id` (or the
    queue's next card) with the day's counts and each rating's interval."""
    return _review_step.review_step(collection, now, answer, card_id, labs.lab_for)


def day_counts(collection: Collection, now: datetime | None = None) -> DayCounts:
    return collection.day_counts(now)


def next_card(collection: Collection, now: datetime | None = None, labs: CardLabs = NO_LABS) -> CardView | None:
    return collection.next_card(now, labs.lab_for)


def card(collection: Collection, card_id: int, now: datetime | None = None, labs: CardLabs = NO_LABS) -> CardView:
    return collection.card(card_id, now, labs.lab_for)


def cards(collection: Collection, due_only: bool = False, now: datetime | None = None,
          labs: CardLabs = NO_LABS) -> list[CardView]:
    return collection.cards(due_only, now, labs.lab_for)


def rate(collection: Collection, card_id: int, rating: int, now: datetime | None = None, source: str = "review",
         duration_ms: int | None = None) -> RateResult:
    """Record an answer with the collection's own scheduler settings and rollover hour."""
    return collection.rate(card_id, rating, now, source, duration_ms)


def undo(collection: Collection, review_id: int | None = None) -> UndoResult | None:
    """Take back one answer: `review_id` (an answer this process gave), else the collection's last."""
    return collection.undo(review_id)


def suspend(collection: Collection, card_id: int, suspended: bool = True) -> str:
    """Returns the card as it was, for `restore_card` (undo)."""
    return collection.suspend(card_id, suspended)


def bury(collection: Collection, card_id: int, now: datetime | None = None) -> str:
    """Returns the card as it was, for `restore_card` (undo)."""
    return collection.bury(card_id, now)


def restore_card(collection: Collection, card_id: int, snapshot: str) -> None:
    collection.restore_card(card_id, snapshot)


def reset(collection: Collection, card_id: int, now: datetime | None = None) -> None:
    collection.reset(card_id, now)


def settings(collection: Collection) -> Settings:
    return collection.settings()


def save_settings(collection: Collection, new: Settings) -> None:
    collection.save_settings(new)


def summary(collection: Collection, now: datetime | None = None) -> StatsSummary:
    """`studyapp stats`: today's queue, retention, streak, totals."""
    return collection.stats(now)
