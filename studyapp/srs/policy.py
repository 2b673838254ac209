"""The app's study-day policy on top of FSRS: limits, interleaving, leeches, undo depth."""
from __future__ import annotations

from dataclasses import dataclass

LEECH_LAPSES = 8  # a leech is tagged studyapp.store.schema.LEECH_TAG and suspended
UNDO_DEPTH = 30
LEARN_AHEAD_MINUTES = 20  # with nothing else left, a learning card due this soon is shown early


@dataclass(frozen=True)
class DailyLimits:
    new_per_day: int = 20
    reviews_per_day: int = 200


def new_first(new_left: int, reviews_left: int, answered_today: int) -> bool:
    """Interleave new cards evenly among the day's reviews instead of front- or back-loading them."""
    if new_left <= 0:
        return False
    if reviews_left <= 0:
        return True
    every = max(1, round((new_left + reviews_left) / new_left))
    return answered_today % every == every - 1


def is_leech(lapses: int) -> bool:
    return lapses >= LEECH_LAPSES
