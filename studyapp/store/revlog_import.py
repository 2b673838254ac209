"""Bring an outside review history (card_id, rating, time, duration) into the collection."""
from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from studyapp.srs.scheduling import REVIEW, Memory, SchedulerSettings, schedule
from studyapp.store.models import Card, Deck, Note, ReviewLog
from studyapp.store.timeutil import as_utc

COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")


class RevlogError(ValueError):
    pass


@dataclass(frozen=True)
class Review:
    card_key: str
    rating: int
    at: datetime
    duration_ms: int | None


def read_revlog(path: Path) -> list[Review]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise RevlogError(f"{path}: {error.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS[:3] if c not in (reader.fieldnames or [])]
        if missing:
            raise RevlogError(f"{path}:1: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}")
        reviews = []
        for row in reader:
            line = reader.line_num
            try:
                rating = int(row["review_rating"])
                if rating not in (1, 2, 3, 4):
                    raise ValueError("review_rating must be 1, 2, 3 or 4")
                at = as_utc(datetime.fromisoformat(row["review_time"]))
                duration = row.get("review_duration")
                reviews.append(Review(row["card_id"], rating, at, int(duration) if duration else None))
            except (ValueError, TypeError) as error:
                raise RevlogError(f"{path}:{line}: {error}") from None
    if not reviews:
        raise RevlogError(f"{path}: no reviews in the file")
    return sorted(reviews, key=lambda r: r.at)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def import_reviews(session: Session, reviews: list[Review], source: str, name: str, now: datetime) -> dict:
    """Placeholder notes/cards in a deck of their own, each replayed through FSRS (no fuzz) to its current state."""
    if session.scalar(select(Deck.id).where(Deck.source == source)) is not None:
        return {"cards": 0, "reviews": 0, "already_imported": True}
    deck = Deck(name=name, source=source, created_at=now)
    session.add(deck)
    session.flush()
    by_card: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        by_card[review.card_key].append(review)
    keys = list(by_card)
    note_ids = session.execute(
        insert(Note).returning(Note.id, sort_by_parameter_order=True),
        [
            {"deck_id": deck.id, "slug": f"revlog-{key}", "question": f"Imported card {key}", "answer": "",
             "section": name, "line": 0, "kind": "qa", "parent_slug": None, "retired": False, "updated_at": now}
            for key in keys
        ],
    ).scalars().all()
    plain = SchedulerSettings(fuzz=False)
    card_rows, logs_per_card = [], []
    for key, note_id in zip(keys, note_ids):
        memory, lapses, logs = Memory(), 0, []
        for review in by_card[key]:
            before = memory.state
            memory = schedule(memory, review.rating, review.at, plain)
            lapses += review.rating == 1 and before == REVIEW
            logs.append({"rating": review.rating, "reviewed_at": review.at, "duration_ms": review.duration_ms,
                         "state_before": before, "stability": memory.stability, "difficulty": memory.difficulty,
                         "source": "import"})
        card_rows.append({"note_id": note_id, "kind": "basic", "ordinal": 0, "state": memory.state,
                          "step": memory.step, "stability": memory.stability, "difficulty": memory.difficulty,
                          "due": memory.due, "last_review": memory.last_review, "reps": len(logs), "lapses": lapses,
                          "suspended": False, "tags": ""})
        logs_per_card.append(logs)
    card_ids = session.execute(
        insert(Card).returning(Card.id, sort_by_parameter_order=True), card_rows
    ).scalars().all()
    session.execute(
        insert(ReviewLog),
        [{"card_id": card_id, **log} for card_id, logs in zip(card_ids, logs_per_card) for log in logs],
    )
    return {"cards": len(keys), "reviews": len(reviews), "already_imported": False}
