"""Every fact about the collection's file that more than one writer relies on, in one place.

Alembic's migrations create the tables; the ORM models (`models.py`) and the plain sqlite3 statements of the
study loop (`db.py` and the modules using it) both read and write them, so what they must agree on lives here:
how a connection is set up (PRAGMAs), how a moment is stored (`to_db` / `from_db`, which `models.UTCDateTime`
calls too), what the numbers in `card.state` and `review_log.rating` mean, and the words kept in `card.tags`.

Standard library only: the app's first frames import this module, and they must not wait for SQLAlchemy.
"""
from __future__ import annotations

from datetime import datetime, timezone

from studyapp.srs.scheduling import CardState, Rating

__all__ = ["BUSY_TIMEOUT_MS", "CardState", "Rating", "LEECH_TAG", "RETIRED_TAG", "HISTORY_TAG", "BASIC", "CLOZE",
           "PRAGMAS", "apply_pragmas", "to_db", "from_db"]

# -- connections ---------------------------------------------------------------------------------------------
BUSY_TIMEOUT_MS = 5000  # a writer waits this long for another writer before "database is locked"


# What every connection runs first, the sqlite3 pool's and the ORM engine's alike. The busy timeout is not among
# them: both pass BUSY_TIMEOUT_MS to sqlite3.connect(timeout=...), which sets it.
PRAGMAS = (
    "PRAGMA journal_mode=WAL",  # readers do not block the writer, nor it them
    "PRAGMA foreign_keys=ON",  # deleting a note deletes its cards (ON DELETE CASCADE)
    "PRAGMA synchronous=NORMAL",  # safe with WAL; a commit does not wait for fsync
)


def apply_pragmas(dbapi_connection) -> None:
    """Set up a DB-API (sqlite3) connection: the pool's connections and the engine's, through its connect event."""
    cursor = dbapi_connection.cursor()
    try:
        for statement in PRAGMAS:
            cursor.execute(statement)
    finally:
        cursor.close()


# -- moments -------------------------------------------------------------------------------------------------
# Naive UTC text, "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy's own SQLite format, so collections written before this
# module existed read the same): it sorts in time order, so SQL compares moments as text.


def to_db(value: datetime | None) -> str | None:
    """A moment as stored; a naive datetime is taken to be UTC already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.isoformat(sep=" ", timespec="microseconds")
    if value.tzinfo is not timezone.utc:
        value = value.astimezone(timezone.utc)
    return value.isoformat(sep=" ", timespec="microseconds")[:-6]  # cut "+00:00": cheaper than replace(tzinfo=None)


def from_db(value: str | None) -> datetime | None:
    """A stored moment, timezone-aware in UTC (text without microseconds, as old rows have, reads too)."""
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


# -- values with a meaning -----------------------------------------------------------------------------------
# card.state holds a CardState, review_log.rating and review_log.state_before a Rating / CardState. The enums
# are the scheduler's vocabulary (NEW plus fsrs.State's values, fsrs.Rating's values), so they are defined in
# studyapp.srs.scheduling, which must not import the store, and re-exported here as the store's names for them.

LEECH_TAG = "leech"  # in card.tags: lapsed too often, suspended (studyapp.srs.policy decides when)
RETIRED_TAG = "retired"  # in card.tags: its note left the document, suspended until it comes back
HISTORY_TAG = "imported-history"  # in card.tags: made for an imported review history; kept for FSRS, never studied

BASIC = "basic"  # card.kind: the note's own question and answer
CLOZE = "cloze"  # card.kind: one deletion of the note's answer (card.front / card.back hold the text)
