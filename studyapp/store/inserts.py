"""Rows of the collection's main tables as named tuples, and the sqlite3 statements that insert them.

The study loop writes its review log row through `INSERT_REVIEW`; `bench/generate.py` fills a collection with
100,000 cards through these functions. Each tuple's field names are the table's column names (the statements
are built from them, and tests/unit/test_sql_statements.py runs EXPLAIN on each against the migrated schema),
and moments are encoded by `schema.to_db` here, so no caller writes column lists or date text of its own.
An `id` of None lets SQLite choose it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from studyapp.store.schema import BASIC, CardState, to_db


class DeckRow(NamedTuple):
    name: str
    source: str
    created_at: datetime
    id: int | None = None

    def encoded(self) -> tuple:
        return (self.name, self.source, to_db(self.created_at), self.id)


class NoteRow(NamedTuple):
    deck_id: int
    slug: str
    question: str
    answer: str
    updated_at: datetime
    section: str = ""
    line: int = 0
    kind: str = "qa"
    parent_slug: str | None = None
    retired: bool = False
    id: int | None = None

    def encoded(self) -> tuple:
        return (*self[:4], to_db(self.updated_at), *self[5:])


class CardRow(NamedTuple):
    note_id: int
    due: datetime
    kind: str = BASIC
    ordinal: int = 0
    state: int = CardState.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    tags: str = ""
    front: str | None = None
    back: str | None = None
    id: int | None = None

    def encoded(self) -> tuple:
        return (self.note_id, to_db(self.due), *self[2:8], to_db(self.last_review), *self[9:12],
                to_db(self.buried_until), *self[13:])


class ReviewRow(NamedTuple):
    card_id: int
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    state_before: int
    stability: float | None
    difficulty: float | None
    source: str = "review"
    id: int | None = None

    def encoded(self) -> tuple:
        return (self.card_id, self.rating, to_db(self.reviewed_at), *self[3:])


def _columns_and_values(row: type[NamedTuple]) -> str:
    return f"({', '.join(row._fields)}) VALUES ({', '.join('?' * len(row._fields))})"


INSERT_DECK = f"INSERT INTO deck {_columns_and_values(DeckRow)}"
INSERT_NOTE = f"INSERT INTO note {_columns_and_values(NoteRow)}"
INSERT_CARD = f"INSERT INTO card {_columns_and_values(CardRow)}"
INSERT_REVIEW = f"INSERT INTO review_log {_columns_and_values(ReviewRow)}"


def add_deck(conn: sqlite3.Connection, deck: DeckRow) -> int:
    return conn.execute(INSERT_DECK, deck.encoded()).lastrowid


def add_notes(conn: sqlite3.Connection, notes: Iterable[NoteRow]) -> None:
    conn.executemany(INSERT_NOTE, (note.encoded() for note in notes))


def add_cards(conn: sqlite3.Connection, cards: Iterable[CardRow]) -> None:
    conn.executemany(INSERT_CARD, (card.encoded() for card in cards))


def add_review(conn: sqlite3.Connection, review: ReviewRow) -> int:
    return conn.execute(INSERT_REVIEW, review.encoded()).lastrowid


def add_reviews(conn: sqlite3.Connection, reviews: Iterable[ReviewRow]) -> None:
    conn.executemany(INSERT_REVIEW, (review.encoded() for review in reviews))
