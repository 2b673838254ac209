"""One review step in one transaction: record the answer (if any), then the next card, the day's counts and the
interval each rating button would give. The review screen makes one store call per answer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studyapp.srs.scheduling import button_interval, preview
from studyapp.store import card_views, queue, reviews
from studyapp.store.card_views import LabForSlug, no_lab
from studyapp.store.settings import load_settings
from studyapp.store.timeutil import as_utc
from studyapp.store.views import CardView, DayCounts, RateResult


@dataclass(frozen=True)
class Step:
    card: CardView | None
    counts: DayCounts
    intervals: dict[int, str]


@dataclass(frozen=True)
class Answer:
    card_id: int
    rating: int
    duration_ms: int | None = None
    source: str = "review"


def review_step(collection, now: datetime, answer: Answer | None = None, card_id: int | None = None,
                lab_for_slug: LabForSlug = no_lab) -> tuple[RateResult | None, Step]:
    """`answer` is recorded first (at `now`); then `card_id` is shown, or the queue's next card (with its lab,
    from `lab_for_slug`)."""
    now = as_utc(now)
    with collection.db(write=answer is not None) as conn:
        cfg = load_settings(conn)
        result = None
        if answer is not None:
            result = reviews.record_review(conn, answer.card_id, answer.rating, now, cfg.scheduler, cfg.rollover_hour,
                                           answer.source, answer.duration_ms)
        counts = queue.day_counts(conn, now, cfg.limits, cfg.rollover_hour)
        if card_id is None:
            card_id = queue.next_card_id(conn, now, cfg.limits, cfg.rollover_hour, counts=counts)
        if card_id is None:
            return result, Step(None, counts, {})
        view, memory = card_views.card_view(conn, card_id, now, cfg.scheduler, lab_for_slug)
        intervals = {rating: button_interval(delta) for rating, delta in preview(memory, now, cfg.scheduler).items()}
        return result, Step(view, counts, intervals)

