"""Figures for the app's charts: each function takes a Collection and returns plain dataclasses."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.srs.day import day_bounds, study_date
from studyapp.srs.scheduling import NEW, REVIEW, make_scheduler
from studyapp.store.db import session_connection
from studyapp.store.home_charts import DayValue, Heatmap, forecast_of, heatmap_of
from studyapp.store.models import Card, Note, ReviewLog
from studyapp.store.schema import Rating
from studyapp.store.settings import Settings, load_settings
from studyapp.store.timeutil import as_utc

MATURE_DAYS = 21  # Anki's line between young and mature cards
STABILITY_EDGES = (0, 1, 3, 7, 14, 30, 60, 120, 365)  # days; the last bin is open-ended
DIFFICULTY_EDGES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)


# -- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DayReviews:
    day: date
    total: int
    again: int


@dataclass(frozen=True)
class Retention:
    days: int
    young: float | None
    young_n: int
    mature: float | None
    mature_n: int
    overall: float | None
    overall_n: int


@dataclass(frozen=True)
class SectionMastery:
    section: str
    cards: int
    studied: int
    mean_r: float  # over all the section's cards; a new card counts 0


@dataclass(frozen=True)
class Histogram:
    labels: tuple[str, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    rating: int
    state_before: int
    stability: float | None
    difficulty: float | None
    duration_ms: int | None
    source: str


@dataclass(frozen=True)
class CardHistory:
    card_id: int
    reviews: tuple[HistoryEntry, ...]
    curve: tuple[tuple[float, float], ...]  # (days since the first review, retrievability)


@dataclass(frozen=True)
class Dashboard:
    reviews: tuple[DayReviews, ...]
    retention: tuple[Retention, ...]
    forecast: tuple[DayValue, ...]
    mastery: tuple[SectionMastery, ...]
    stability: Histogram
    difficulty: Histogram


# -- public functions ---------------------------------------------------------------------------
def heatmap(collection, now: datetime, weeks: int = 26) -> Heatmap:
    with collection.db() as conn:
        return heatmap_of(conn, as_utc(now), load_settings(conn), weeks)


def forecast(collection, now: datetime, days: int = 30) -> tuple[DayValue, ...]:
    with collection.db() as conn:
        return forecast_of(conn, as_utc(now), load_settings(conn), days)


def reviews_per_day(collection, now: datetime, days: int = 30) -> tuple[DayReviews, ...]:
    with collection.transaction(write=False) as s:
        return _reviews_per_day(s, as_utc(now), load_settings(session_connection(s)), days)


def retention(collection, now: datetime, windows: tuple[int, ...] = (7, 30, 365)) -> tuple[Retention, ...]:
    with collection.transaction(write=False) as s:
        return _retention(s, as_utc(now), windows)


def mastery_by_section(collection, now: datetime) -> tuple[SectionMastery, ...]:
    with collection.transaction(write=False) as s:
        return _mastery(s, as_utc(now), load_settings(session_connection(s)))


def stability_histogram(collection) -> Histogram:
    with collection.transaction(write=False) as s:
        return _stability_histogram(s)


def difficulty_histogram(collection) -> Histogram:
    with collection.transaction(write=False) as s:
        return _difficulty_histogram(s)


def card_history(collection, card_id: int, now: datetime) -> CardHistory:
    with collection.transaction(write=False) as s:
        return _card_history(s, card_id, as_utc(now), load_settings(session_connection(s)))


def dashboard(collection, now: datetime) -> Dashboard:
    """Everything the Stats screen shows, read in one transaction."""
    now = as_utc(now)
    with collection.transaction(write=False) as s:
        cfg = load_settings(session_connection(s))
        return Dashboard(
            reviews=_reviews_per_day(s, now, cfg, 30),
            retention=_retention(s, now, (7, 30, 365)),
            forecast=forecast_of(session_connection(s), now, cfg, 30),
            mastery=_mastery(s, now, cfg),
            stability=_stability_histogram(s),
            difficulty=_difficulty_histogram(s),
        )


# -- retrievability -----------------------------------------------------------------------------
def decay_and_factor(cfg: Settings) -> tuple[float, float]:
    """FSRS-6's forgetting curve R(t) = (1 + factor * t / S) ** decay, with the collection's parameters."""
    decay = -make_scheduler(cfg.scheduler).parameters[20]
    return decay, 0.9 ** (1 / decay) - 1


def forgetting_curve(elapsed_days: float, stability: float, decay: float, factor: float) -> float:
    if stability <= 0:
        return 0.0
    return (1 + factor * max(0.0, elapsed_days) / stability) ** decay


def whole_days_r(last_review: datetime | None, stability: float | None, now: datetime, decay: float,
                 factor: float) -> float:
    """The same value as fsrs's get_card_retrievability (which counts whole elapsed days)."""
    if last_review is None or stability is None:
        return 0.0
    return forgetting_curve(max(0, (now - last_review).days), stability, decay, factor)


# -- queries ------------------------------------------------------------------------------------
def _shifted_date(column, now: datetime, rollover_hour: int):
    """SQL date of a UTC column in the local study day (today's UTC offset for the whole range)."""
    offset = now.astimezone().utcoffset() or timedelta(0)
    shift = int(offset.total_seconds() // 60) - rollover_hour * 60
    return func.date(column, f"{shift:+d} minutes")


def _reviews_per_day(s: Session, now: datetime, cfg: Settings, days: int) -> tuple[DayReviews, ...]:
    today = study_date(now, cfg.rollover_hour)
    since = day_bounds(now, cfg.rollover_hour)[0] - timedelta(days=days - 1)
    day = _shifted_date(ReviewLog.reviewed_at, now, cfg.rollover_hour)
    rows = s.execute(
        select(day, func.count(), func.sum(ReviewLog.rating == Rating.AGAIN))
        .where(ReviewLog.reviewed_at >= since)
        .group_by(day)
    ).all()
    found = {date.fromisoformat(d): (n, int(again or 0)) for d, n, again in rows}
    out = []
    for i in range(days - 1, -1, -1):
        d = today - timedelta(days=i)
        n, again = found.get(d, (0, 0))
        out.append(DayReviews(d, n, again))
    return tuple(out)


def _retention(s: Session, now: datetime, windows: tuple[int, ...]) -> tuple[Retention, ...]:
    """True retention of reviews of cards in the Review state; mature = waited >= 21 days since the last answer."""
    longest = max(windows)
    since = now - timedelta(days=longest)
    previous = func.lag(ReviewLog.reviewed_at).over(partition_by=ReviewLog.card_id, order_by=ReviewLog.reviewed_at)
    inner = (
        select(ReviewLog.reviewed_at, ReviewLog.rating, ReviewLog.state_before, previous.label("previous"))
        .where(ReviewLog.card_id.in_(
            select(ReviewLog.card_id).where(ReviewLog.reviewed_at >= since, ReviewLog.state_before == REVIEW)
        ))
        .subquery()
    )
    waited = func.julianday(inner.c.reviewed_at) - func.julianday(inner.c.previous)
    rows = s.execute(
        select(inner.c.reviewed_at, inner.c.rating, waited).where(
            inner.c.reviewed_at >= since, inner.c.state_before == REVIEW
        )
    ).all()
    out = []
    for window in windows:
        start = now - timedelta(days=window)
        tally = {"young": [0, 0], "mature": [0, 0]}
        for at, rating, gap in rows:
            if as_utc(at) < start:
                continue
            group = tally["mature" if (gap or 0) >= MATURE_DAYS else "young"]
            group[0] += rating > Rating.AGAIN
            group[1] += 1
        young, mature = tally["young"], tally["mature"]
        passed, total = young[0] + mature[0], young[1] + mature[1]
        out.append(Retention(
            days=window,
            young=young[0] / young[1] if young[1] else None, young_n=young[1],
            mature=mature[0] / mature[1] if mature[1] else None, mature_n=mature[1],
            overall=passed / total if total else None, overall_n=total,
        ))
    return tuple(out)


def _mastery(s: Session, now: datetime, cfg: Settings) -> tuple[SectionMastery, ...]:
    decay, factor = decay_and_factor(cfg)
    rows = s.execute(
        select(Note.section, Card.state, Card.stability, Card.last_review)
        .join(Note, Card.note_id == Note.id)
        .where(Note.retired.is_(False))
    ).all()
    sums: dict[str, list] = {}
    for section, state, stability, last_review in rows:
        entry = sums.setdefault(section or "", [0, 0, 0.0])
        entry[0] += 1
        if state != NEW:
            entry[1] += 1
            entry[2] += whole_days_r(last_review, stability, now, decay, factor)
    return tuple(
        SectionMastery(section, n, studied, total / n if n else 0.0)
        for section, (n, studied, total) in sums.items()
    )


def _histogram(values, edges: tuple[float, ...], unit: str, open_end: bool) -> Histogram:
    counts = [0] * (len(edges) if open_end else len(edges) - 1)
    for value in values:
        index = 0
        for i, edge in enumerate(edges):
            if value >= edge:
                index = i
        counts[min(index, len(counts) - 1)] += 1
    labels = []
    for i in range(len(counts)):
        low = edges[i]
        labels.append(f"{low:g}+{unit}" if i + 1 >= len(edges) else f"{low:g}-{edges[i + 1]:g}{unit}")
    return Histogram(tuple(labels), tuple(counts))


def _stability_histogram(s: Session) -> Histogram:
    values = s.scalars(select(Card.stability).where(Card.state != NEW, Card.stability.is_not(None)))
    return _histogram(values, STABILITY_EDGES, "d", open_end=True)


def _difficulty_histogram(s: Session) -> Histogram:
    values = s.scalars(select(Card.difficulty).where(Card.state != NEW, Card.difficulty.is_not(None)))
    return _histogram(values, DIFFICULTY_EDGES, "", open_end=False)


def _card_history(s: Session, card_id: int, now: datetime, cfg: Settings) -> CardHistory:
    rows = s.execute(
        select(ReviewLog.reviewed_at, ReviewLog.rating, ReviewLog.state_before, ReviewLog.stability,
               ReviewLog.difficulty, ReviewLog.duration_ms, ReviewLog.source)
        .where(ReviewLog.card_id == card_id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    reviews = tuple(HistoryEntry(*row) for row in rows)
    return CardHistory(card_id, reviews, _curve(reviews, now, cfg))


def _curve(reviews: tuple[HistoryEntry, ...], now: datetime, cfg: Settings, points: int = 120):
    """Retrievability between answers: it jumps back to 1 at each answer and decays with that answer's stability."""
    if not reviews:
        return ()
    decay, factor = decay_and_factor(cfg)
    first = reviews[0].at
    end = max(now, reviews[-1].at)
    span = max((end - first).total_seconds() / 86400, 1e-6)
    step = span / points
    curve = []
    for i, review in enumerate(reviews):
        start = (review.at - first).total_seconds() / 86400
        stop = ((reviews[i + 1].at if i + 1 < len(reviews) else end) - first).total_seconds() / 86400
        stability = review.stability
        n = max(1, math.ceil((stop - start) / step))
        for k in range(n + 1):
            x = start + (stop - start) * k / n
            r = forgetting_curve(x - start, stability, decay, factor) if stability else 0.0
            curve.append((round(x, 4), round(r, 4)))
    return tuple(curve)
