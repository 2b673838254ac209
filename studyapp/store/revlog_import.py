"""Bring an outside review history (card_id, rating, time, duration) into the collection."""
from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from studyapp.srs.scheduling import Memory, SchedulerSettings, schedule
from studyapp.store.models import Card, Deck, Note, ReviewLog
from studyapp.store.schema import BASIC, HISTORY_TAG, CardState, Rating
from studyapp.store.timeutil import as_utc

COLUMNS = ("card_id", "review_rating", "review_time", "review_duration")
MAX_BYTES = 256 * 1024 * 1024
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)  # before any spaced-repetition software kept a log
MAX_DURATION_MS = 24 * 3600 * 1000  # an answer that took longer than a day is a broken clock


class RevlogError(ValueError):
    pass


@dataclass(frozen=True)
class Review:
    card_key: str
    rating: int
    at: datetime
    duration_ms: int | None


@dataclass(frozen=True)
class Revlog:
    reviews: list[Review]
    duplicates: int  # exact repeats of a row, dropped


def read_revlog(path: Path, now: datetime | None = None) -> Revlog:
    """Every row checked; the first bad one stops the import with `PATH:LINE: what is wrong`."""
    from studyapp.deck.model import DeckError
    from studyapp.deck.source import read_input

    try:
        data = read_input(path, MAX_BYTES, what="a review history")
    except DeckError as error:
        raise RevlogError(str(error)) from None
    text = _decode(data, path)
    latest = as_utc(now or datetime.now(timezone.utc)) + timedelta(days=1)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in COLUMNS[:3] if c not in header]
        if missing:
            raise RevlogError(f"{path}:1: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}")
        index = {name: header.index(name) for name in COLUMNS if name in header}
        seen: set[tuple] = set()
        reviews, duplicates = [], 0
        for fields in reader:
            if not any(field.strip() for field in fields):
                continue
            review = _review(fields, index, f"{path}:{reader.line_num}", latest)
            key = (review.card_key, review.rating, review.at, review.duration_ms)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            reviews.append(review)
    except csv.Error as error:
        raise RevlogError(f"{path}:{reader.line_num}: not valid CSV ({error})") from None
    if not reviews:
        raise RevlogError(f"{path}: no reviews in the file")
    return Revlog(sorted(reviews, key=lambda r: r.at), duplicates)


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise RevlogError(f"{path}: starts like UTF-16 but is not valid UTF-16; save it as UTF-8") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise RevlogError(f"{path}:{line}: binary data (NUL bytes), not a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RevlogError(f"{path}:{line}: not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8") from None


def _review(fields: list[str], index: dict[str, int], where: str, latest: datetime) -> Review:
    def field(name: str) -> str:
        position = index.get(name)
        if position is None or position >= len(fields):
            return ""
        return fields[position].strip()

    card, rating_text, time_text, duration_text = (field(name) for name in COLUMNS)
    if not card:
        raise RevlogError(f"{where}: card_id is empty")
    if rating_text not in ("1", "2", "3", "4"):
        raise RevlogError(f"{where}: review_rating must be 1, 2, 3 or 4, not {rating_text[:20]!r}")
    if not time_text:
        raise RevlogError(f"{where}: review_time is empty")
    try:
        at = as_utc(datetime.fromisoformat(time_text))
    except (ValueError, OverflowError):
        raise RevlogError(f"{where}: review_time {time_text[:40]!r} is not an ISO date and time") from None
    if not EARLIEST <= at <= latest:
        raise RevlogError(f"{where}: review_time {time_text[:40]} is impossible (before 1990 or in the future)")
    duration = None
    if duration_text:
        if not duration_text.isdigit() or int(duration_text) > MAX_DURATION_MS:
            raise RevlogError(f"{where}: review_duration must be whole milliseconds between 0 and one day, "
                              f"not {duration_text[:20]!r}")
        duration = int(duration_text)
    return Review(card, int(rating_text), at, duration)


def file_digest(reviews: list[Review]) -> str:
    """The history's identity: the same reviews are one import, whichever file or encoding carried them."""
    digest = hashlib.sha256()
    for r in reviews:
        digest.update(f"{r.card_key}|{r.rating}|{r.at.isoformat()}|{r.duration_ms}\n".encode())
    return digest.hexdigest()[:16]


def import_reviews(session: Session, reviews: list[Review], source: str, name: str, now: datetime) -> dict:
    """Placeholder notes/cards in a deck of their own, each replayed through FSRS (no fuzz) to its current state.

    The history is for fitting FSRS: its cards have no question, so they are suspended and tagged
    `imported-history`, never shown in the queue."""
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
            lapses += review.rating == Rating.AGAIN and before == CardState.REVIEW
            logs.append({"rating": review.rating, "reviewed_at": review.at, "duration_ms": review.duration_ms,
                         "state_before": before, "stability": memory.stability, "difficulty": memory.difficulty,
                         "source": "import"})
        card_rows.append({"note_id": note_id, "kind": BASIC, "ordinal": 0, "state": memory.state,
                          "step": memory.step, "stability": memory.stability, "difficulty": memory.difficulty,
                          "due": memory.due, "last_review": memory.last_review, "reps": len(logs), "lapses": lapses,
                          "suspended": True, "tags": HISTORY_TAG})
        logs_per_card.append(logs)
    card_ids = session.execute(
        insert(Card).returning(Card.id, sort_by_parameter_order=True), card_rows
    ).scalars().all()
    session.execute(
        insert(ReviewLog),
        [{"card_id": card_id, **log} for card_id, logs in zip(card_ids, logs_per_card) for log in logs],
    )
    return {"cards": len(keys), "reviews": len(reviews), "already_imported": False}
