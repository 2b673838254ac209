"""The plain sqlite3 path (studyapp/store/db.py) and the ORM read and write the same collection alike, as
studyapp/store/schema.py says once for both."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from studyapp.store import schema
from studyapp.store.collection import Collection
from studyapp.store.errors import is_database_locked
from studyapp.store.models import Card, ReviewLog
from tests.conftest import T0
from tests.unit.deckmaker import deck, note


@pytest.fixture
def col(home):
    c = Collection.open(home, import_bundled=False)
    c.import_decks([(deck(note("First?"), note("Second?")), "/docs/q.md")], T0 - timedelta(days=3))
    yield c
    c.close()


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
    datetime(2026, 3, 2, 9, 0, 1, 250, tzinfo=timezone.utc),
    datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=1, minutes=30))),  # stored in UTC
])
def test_datetimes_are_written_as_the_orm_writes_them(col, moment):
    card_id = col.cards()[0].id
    with col.transaction() as s:
        s.add(ReviewLog(card_id=card_id, rating=3, reviewed_at=moment, state_before=0, source="test"))
    with col.db() as conn:
        stored = conn.execute("SELECT reviewed_at FROM review_log WHERE source = 'test'").fetchone()[0]
    assert stored == schema.to_db(moment)
    assert schema.from_db(stored) == moment and schema.from_db(stored).tzinfo is timezone.utc


def test_what_sqlite3_writes_the_orm_reads(col):
    card_id = col.cards()[0].id
    due = datetime(2026, 4, 1, 12, 0, 0, 5, tzinfo=timezone.utc)
    with col.db(write=True) as conn:
        conn.execute("UPDATE card SET due = ? WHERE id = ?", (schema.to_db(due), card_id))
    with col.transaction() as s:
        assert s.get(Card, card_id).due == due


def test_an_answer_through_sqlite3_is_what_the_orm_sees(col):
    card_id = col.cards()[0].id
    result = col.rate(card_id, 3, T0)
    with col.transaction() as s:
        card = s.get(Card, card_id)
        log = s.scalar(select(ReviewLog).where(ReviewLog.card_id == card_id))
    assert (card.state, card.due, card.reps) == (1, result.due, 1)
    assert (log.rating, log.reviewed_at, log.stability) == (3, T0, result.stability)


def test_a_failed_action_leaves_nothing_behind(col):
    card_id = col.cards()[0].id
    with pytest.raises(RuntimeError), col.db(write=True) as conn:
        conn.execute("UPDATE card SET reps = 99 WHERE id = ?", (card_id,))
        raise RuntimeError("the action fails half-way")
    with col.db() as conn:
        assert conn.execute("SELECT reps FROM card WHERE id = ?", (card_id,)).fetchone()[0] == 0
    assert col.rate(card_id, 3, T0).card_id == card_id  # the pooled connection still works


def test_a_writer_waits_then_reports_a_lock_it_cannot_get(col, monkeypatch):
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    fresh = Collection.open(col.home, import_bundled=False)  # new connections, with the short timeout
    blocker = sqlite3.connect(col.db_path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            fresh.rate(fresh.cards()[0].id, 3, T0)
        assert is_database_locked(caught.value)
    finally:
        blocker.rollback()
        blocker.close()
        fresh.close()
