"""Scheduling over the `fsrs` library (FSRS-6): one answer in, the card's next memory state out."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import IntEnum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler


class CardState(IntEnum):
    """A card's place in the schedule, as card.state stores it: NEW has never been answered; the others are
    fsrs.State's values. Defined here, below the store (which re-exports it from studyapp.store.schema), because
    the scheduler speaks it and must not import the store."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Rating(IntEnum):
    """An answer's grade, as review_log.rating stores it: fsrs.Rating's values."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


NEW, LEARNING, REVIEW, RELEARNING = CardState
STATE_NAMES = {state: state.name.lower() for state in CardState}
RATINGS = {rating.name.lower(): rating for rating in Rating}
RATING_NAMES = {rating: rating.name.lower() for rating in Rating}


@dataclass(frozen=True)
class SchedulerSettings:
    desired_retention: float = 0.9
    learning_steps_min: tuple[int, ...] = (1, 10)
    relearning_steps_min: tuple[int, ...] = (10,)
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None  # fitted by `studyapp optimize`; None = fsrs defaults


@dataclass(frozen=True)
class Memory:
    """The scheduling fields of one card."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None


def parse_rating(word: str) -> int:
    try:
        return RATINGS[word.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown rating {word!r}: use one of again, hard, good, easy") from None


@lru_cache(maxsize=8)
def make_scheduler(settings: SchedulerSettings = SchedulerSettings()) -> Scheduler:
    from fsrs import Scheduler  # imported on first use: Home's counts do not need it

    kwargs = {}
    if settings.parameters is not None:
        kwargs["parameters"] = settings.parameters
    return Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_min),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_min),
        enable_fuzzing=settings.fuzz,
        **kwargs,
    )


def _to_fsrs(memory: Memory, now: datetime) -> FsrsCard:
    from fsrs import Card as FsrsCard
    from fsrs import State

    if memory.state == NEW:
        return FsrsCard(card_id=1, state=State.Learning, step=0, due=now)
    return FsrsCard(
        card_id=1,
        state=State(memory.state),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or now,
        last_review=memory.last_review,
    )


def schedule(memory: Memory, rating: int, now: datetime, settings: SchedulerSettings = SchedulerSettings()) -> Memory:
    from fsrs import Rating as FsrsRating

    card, _log = make_scheduler(settings).review_card(_to_fsrs(memory, now), FsrsRating(rating), now)
    return Memory(
        state=CardState(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def preview(memory: Memory, now: datetime, settings: SchedulerSettings = SchedulerSettings()) -> dict[int, timedelta]:
    """The interval each rating would give, without fuzz (what the rating buttons show)."""
    plain = replace(settings, fuzz=False)
    return {r: schedule(memory, r, now, plain).due - now for r in RATING_NAMES}


def retrievability(memory: Memory, at: datetime, settings: SchedulerSettings = SchedulerSettings()) -> float:
    if memory.state == NEW or memory.last_review is None or memory.stability is None:
        return 0.0
    return float(make_scheduler(settings).get_card_retrievability(_to_fsrs(memory, at), at))


def format_interval(delta: timedelta) -> str:
    """Anki-style short interval: <1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


def button_interval(delta: timedelta) -> str:
    """What a rating button shows: a learning step as "<10m" (as Anki does) rather than "10m", since the card
    comes back within that time."""
    text = format_interval(delta)
    if text.endswith("m") and not text.endswith("mo") and not text.startswith("<"):
        return f"<{text}"
    return text
