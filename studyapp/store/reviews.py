"""One answer = one transaction: the log row, the card's new state, buried siblings, the undo entry."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from studyapp.srs import policy
from studyapp.srs.day import day_bounds
from studyapp.srs.scheduling import RATING_NAMES, STATE_NAMES, SchedulerSettings, schedule
from studyapp.store import inserts
from studyapp.store.card_views import card_row, memory_of_row
from studyapp.store.db import one
from studyapp.store.errors import UnknownCard
from studyapp.store.schema import LEECH_TAG, CardState, Rating, from_db, to_db
from studyapp.store.settings import load_settings
from studyapp.store.timeutil import as_utc
from studyapp.store.views import RateResult, UndoResult

__all__ = ["UnknownCard", "record_review", "undo_last", "undo_review", "last_review_of", "set_suspended", "bury",
           "card_snapshot", "restore_card",
           "reset"]

_RESTORED = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses", "suspended",
             "buried_until", "tags")
_DATETIMES = ("due", "last_review", "buried_until")

_RESTORE = f"UPDATE card SET {', '.join(f'{name} = :{name}' for name in _RESTORED)} WHERE id = :id"
_ANSWERED = ("UPDATE card SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?, last_review = ?,"
             " reps = reps + 1, lapses = ?, buried_until = NULL, suspended = ?, tags = ? WHERE id = ?")
_UNDO_ENTRY = "INSERT INTO undo_entry (review_log_id, card_before, buried_siblings) VALUES (?, ?, ?)"
_UNDO_TRIM = "DELETE FROM undo_entry WHERE id <= (SELECT max(id) FROM undo_entry) - ?"
_NOTE = "SELECT id, deck_id, slug, parent_slug FROM note WHERE id = ?"
_CHILD_NOTES = "SELECT id FROM note WHERE deck_id = ? AND parent_slug = ?"
_NOTE_BY_SLUG = "SELECT id FROM note WHERE deck_id = ? AND slug = ?"
# A JSON array of ids, so that one statement serves any number of them.
_CARDS_OF_NOTES = ("SELECT id, state, suspended, buried_until FROM card"
                   " WHERE note_id IN (SELECT value FROM json_each(?))")
_BURY_CARDS = "UPDATE card SET buried_until = ? WHERE id IN (SELECT value FROM json_each(?))"
_UNBURY_CARDS = "UPDATE card SET buried_until = NULL WHERE id IN (SELECT value FROM json_each(?))"
_LOGGED_ANSWER = "SELECT id, rating FROM review_log WHERE card_id = ? AND source = ? AND reviewed_at = ?"
_UNDO_OF = "SELECT * FROM undo_entry WHERE review_log_id = ?"
_LAST_UNDO = "SELECT * FROM undo_entry ORDER BY id DESC LIMIT 1"
_LOG_ROW = "SELECT id, card_id, rating FROM review_log WHERE id = ?"
_DROP_UNDO = "DELETE FROM undo_entry WHERE id = ?"
_DROP_LOG = "DELETE FROM review_log WHERE id = ?"
_SUSPEND = "UPDATE card SET suspended = ?, tags = ? WHERE id = ?"
_BURY = "UPDATE card SET buried_until = ? WHERE id = ?"
_RESET = ("UPDATE card SET state = ?, step = NULL, stability = NULL, difficulty = NULL, due = ?, last_review = NULL,"
          " buried_until = NULL WHERE id = ?")


def _snapshot(card: sqlite3.Row) -> str:
    """The card's scheduling fields as JSON (datetimes as ISO text with their UTC offset)."""
    data = {}
    for name in _RESTORED:
        value = card[name]
        data[name] = from_db(value).isoformat() if name in _DATETIMES and value is not None else value
    return json.dumps(data)


def _restore(conn: sqlite3.Connection, card: sqlite3.Row, snapshot: str) -> None:
    """A field the snapshot lacks (written by an older version) keeps the card's current value."""
    values = {name: card[name] for name in _RESTORED}
    stored = json.loads(snapshot)
    for name in _DATETIMES:
        if stored.get(name) is not None:
            stored[name] = to_db(datetime.fromisoformat(stored[name]))
    values.update((name, stored[name]) for name in _RESTORED if name in stored)
    conn.execute(_RESTORE, {**values, "id": card["id"]})


def answer_card(conn: sqlite3.Connection, card_id: int, rating: int, now: datetime, source: str = "review",
                duration_ms: int | None = None) -> RateResult:
    """Record an answer under the collection's own settings (its scheduler and rollover hour): the one way an
    answer from review, a quiz or an interview is scheduled."""
    cfg = load_settings(conn)
    return record_review(conn, card_id, rating, now, cfg.scheduler, cfg.rollover_hour, source, duration_ms)


def record_review(
    conn: sqlite3.Connection,
    card_id: int,
    rating: int,
    now: datetime,
    settings: SchedulerSettings,
    rollover_hour: int,
    source: str = "review",
    duration_ms: int | None = None,
) -> RateResult:
    now = as_utc(now)
    card = card_row(conn, card_id)
    state_before = card["state"]
    new = schedule(memory_of_row(card), rating, now, settings)
    lapsed = rating == Rating.AGAIN and state_before == CardState.REVIEW
    lapses = card["lapses"] + (1 if lapsed else 0)
    leech = policy.is_leech(lapses) and lapsed
    tags = card["tags"]
    if leech:
        tags = " ".join(sorted(set(tags.split()) | {LEECH_TAG}))
    conn.execute(_ANSWERED, (new.state, new.step, new.stability, new.difficulty, to_db(new.due),
                             to_db(new.last_review), lapses, bool(card["suspended"] or leech), tags, card_id))
    log_id = inserts.add_review(conn, inserts.ReviewRow(card_id, rating, now, duration_ms, state_before, new.stability,
                                                        new.difficulty, source))
    buried = _bury_siblings(conn, card, day_bounds(now, rollover_hour)[1])
    conn.execute(_UNDO_ENTRY, (log_id, _snapshot(card), json.dumps(buried)))
    conn.execute(_UNDO_TRIM, (policy.UNDO_DEPTH,))
    return RateResult(
        card_id=card_id, rating=RATING_NAMES[rating], state=STATE_NAMES[new.state], due=new.due,
        stability=new.stability, difficulty=new.difficulty, lapses=lapses, leech=leech, review_id=log_id,
    )


def _bury_siblings(conn: sqlite3.Connection, card: sqlite3.Row, until: datetime) -> list[int]:
    """Siblings wait until tomorrow once one is answered: the note's other cards (its clozes) and the cards of
    its family (a parent and its child notes), as Anki buries siblings so one card does not give away another."""
    note = one(conn, _NOTE, (card["note_id"],))
    root = note["parent_slug"] or note["slug"]
    # Two lookups, each on its own index: SQLite scans the deck's notes for the OR of the two.
    notes = {note["id"]}
    notes.update(r[0] for r in conn.execute(_CHILD_NOTES, (note["deck_id"], root)))
    if note["parent_slug"]:
        notes.update(r[0] for r in conn.execute(_NOTE_BY_SLUG, (note["deck_id"], root)))
    # A family has a handful of cards: fetch them by note (its index) and filter here, rather than let the
    # planner pick the state index and scan every review card.
    until_text = to_db(until)
    family = conn.execute(_CARDS_OF_NOTES, (json.dumps(sorted(notes)),))
    ids = [
        card_id for card_id, state, suspended, buried_until in family
        if card_id != card["id"] and state in (CardState.NEW, CardState.REVIEW) and not suspended
        and (buried_until is None or buried_until < until_text)
    ]
    if ids:
        conn.execute(_BURY_CARDS, (until_text, json.dumps(ids)))
    return ids


def last_review_of(conn: sqlite3.Connection, card_id: int | None, source: str, at: datetime) -> sqlite3.Row | None:
    """The log row (id, rating) of the answer given to a card by `source` at `at`."""
    if card_id is None:
        return None
    return one(conn, _LOGGED_ANSWER, (card_id, source, to_db(at)))


def undo_review(conn: sqlite3.Connection, review_log_id: int) -> UndoResult | None:
    """Take back one answer, if it is still on the undo stack (the last answers)."""
    entry = one(conn, _UNDO_OF, (review_log_id,))
    return None if entry is None else _undo(conn, entry)


def undo_last(conn: sqlite3.Connection) -> UndoResult | None:
    entry = one(conn, _LAST_UNDO)
    return None if entry is None else _undo(conn, entry)


def _undo(conn: sqlite3.Connection, entry: sqlite3.Row) -> UndoResult:
    log = one(conn, _LOG_ROW, (entry["review_log_id"],))
    _restore(conn, card_row(conn, log["card_id"]), entry["card_before"])
    if json.loads(entry["buried_siblings"]):
        conn.execute(_UNBURY_CARDS, (entry["buried_siblings"],))
    conn.execute(_DROP_UNDO, (entry["id"],))
    conn.execute(_DROP_LOG, (log["id"],))
    return UndoResult(card_id=log["card_id"], review_id=log["id"], rating=RATING_NAMES[log["rating"]])


def card_snapshot(conn: sqlite3.Connection, card_id: int) -> str:
    """The card's scheduling fields, to put back with `restore_card` (undo of a suspend or bury)."""
    return _snapshot(card_row(conn, card_id))


def restore_card(conn: sqlite3.Connection, card_id: int, snapshot: str) -> None:
    _restore(conn, card_row(conn, card_id), snapshot)


def set_suspended(conn: sqlite3.Connection, card_id: int, suspended: bool) -> None:
    tags = card_row(conn, card_id)["tags"]
    if not suspended:
        tags = " ".join(t for t in tags.split() if t != LEECH_TAG)
    conn.execute(_SUSPEND, (suspended, tags, card_id))


def bury(conn: sqlite3.Connection, card_id: int, now: datetime, rollover_hour: int) -> None:
    card_row(conn, card_id)
    conn.execute(_BURY, (to_db(day_bounds(now, rollover_hour)[1]), card_id))


def reset(conn: sqlite3.Connection, card_id: int, now: datetime) -> None:
    """Forget a card's schedule (its history stays in the log)."""
    card_row(conn, card_id)
    conn.execute(_RESET, (CardState.NEW, to_db(now), card_id))
