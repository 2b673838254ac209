"""The plain sqlite3 path (studyapp/store/db.py) and the ORM read and write the same collection alike, as
studyapp/store/schema.py says once for both."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from studyapp.store import db, inserts, reviews, schema
from studyapp.store.collection import Collection
from studyapp.store.errors import is_database_locked
from studyapp.store.models import Card, Note, ReviewLog
from studyapp.store.settings import load_settings
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


# -- one home for the schema's facts --------------------------------------------------------------------------

def _pragmas(dbapi_conn) -> tuple:
    return tuple(dbapi_conn.execute(f"PRAGMA {name}").fetchone()[0]
                 for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout"))


def test_the_pool_and_the_orm_engine_set_up_their_connections_alike(col):
    expected = ("wal", 1, 1, schema.BUSY_TIMEOUT_MS)  # synchronous 1 = NORMAL
    with col.db() as conn:
        assert _pragmas(conn) == expected
    with col.transaction(write=False) as s:
        assert _pragmas(db.session_connection(s)) == expected


def test_orm_and_sqlite3_read_a_card_state_and_rating_as_the_same_enum(col):
    card_id = col.cards()[0].id
    col.rate(card_id, schema.Rating.AGAIN, T0)
    with col.transaction() as s:
        card = s.get(Card, card_id)
        log = s.scalar(select(ReviewLog).where(ReviewLog.card_id == card_id))
    assert schema.CardState(card.state) is schema.CardState.LEARNING
    assert schema.Rating(log.rating) is schema.Rating.AGAIN and log.state_before == schema.CardState.NEW


def test_store_insert_rows_go_in_and_come_back_field_for_field(home):
    """Each row tuple's encoding keeps its fields in the table's column order (bench/generate.py relies on it)."""
    c = Collection.open(home, import_bundled=False)
    try:
        due, last, buried = (T0 + timedelta(days=3), T0 - timedelta(days=1, microseconds=7), T0 + timedelta(hours=5))
        with c.db(write=True) as conn:
            deck_id = inserts.add_deck(conn, inserts.DeckRow("D", "/d.md", T0))
            inserts.add_notes(conn, [inserts.NoteRow(deck_id, "q-1", "Q?", "A", T0, section="S", line=4,
                                                     kind="child", parent_slug="p", retired=True, id=70)])
            inserts.add_cards(conn, [inserts.CardRow(70, due, kind="cloze", ordinal=2, state=schema.CardState.REVIEW,
                                                     step=1, stability=4.5, difficulty=6.5, last_review=last, reps=3,
                                                     lapses=1, suspended=True, buried_until=buried, tags="leech x",
                                                     front="F", back="B", id=80)])
            review_id = inserts.add_review(conn, inserts.ReviewRow(80, schema.Rating.HARD, last, 900,
                                                                   schema.CardState.LEARNING, 4.5, 6.5, "quiz"))
        with c.transaction() as s:
            card, note = s.get(Card, 80), s.get(Note, 70)
            log = s.get(ReviewLog, review_id)
        assert (note.deck_id, note.slug, note.question, note.answer, note.updated_at, note.section, note.line,
                note.kind, note.parent_slug, note.retired) == (deck_id, "q-1", "Q?", "A", T0, "S", 4, "child", "p",
                                                               True)
        assert (card.note_id, card.due, card.kind, card.ordinal, card.state, card.step, card.stability,
                card.difficulty, card.last_review, card.reps, card.lapses, card.suspended, card.buried_until,
                card.tags, card.front, card.back) == (70, due, "cloze", 2, 2, 1, 4.5, 6.5, last, 3, 1, True, buried,
                                                      "leech x", "F", "B")
        assert (log.card_id, log.rating, log.reviewed_at, log.duration_ms, log.state_before, log.stability,
                log.difficulty, log.source) == (80, 2, last, 900, 1, 4.5, 6.5, "quiz")
    finally:
        c.close()


# -- an action that mixes the ORM and sqlite3 is one transaction ----------------------------------------------

def test_the_sessions_sqlite3_connection_sees_its_pending_orm_changes(col):
    card_id = col.cards()[0].id
    with col.transaction() as s:
        s.get(Card, card_id).tags = "pending"
        conn = db.session_connection(s)
        assert conn.in_transaction
        assert conn.execute("SELECT tags FROM card WHERE id = ?", (card_id,)).fetchone()[0] == "pending"


def test_a_failed_mixed_action_leaves_neither_part_behind(col):
    card_id = col.cards()[0].id
    with pytest.raises(RuntimeError), col.transaction() as s:
        s.get(Card, card_id).tags = "orm-part"
        conn = db.session_connection(s)
        settings = load_settings(conn)
        reviews.record_review(conn, card_id, schema.Rating.GOOD, T0, settings.scheduler, settings.rollover_hour)
        raise RuntimeError("the action fails after both parts")
    with col.db() as conn:
        assert conn.execute("SELECT tags, reps FROM card WHERE id = ?", (card_id,)).fetchone() == ("", 0)
        assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 0


def test_a_mixed_action_commits_both_parts_together(col):
    card_id = col.cards()[0].id
    with col.transaction() as s:
        s.get(Card, card_id).tags = "orm-part"
        conn = db.session_connection(s)
        settings = load_settings(conn)
        reviews.record_review(conn, card_id, schema.Rating.GOOD, T0, settings.scheduler, settings.rollover_hour)
        other = sqlite3.connect(col.db_path)  # another connection sees nothing before the commit
        try:
            assert other.execute("SELECT count(*) FROM review_log").fetchone()[0] == 0
        finally:
            other.close()
    with col.db() as conn:
        assert conn.execute("SELECT tags, reps FROM card WHERE id = ?", (card_id,)).fetchone() == ("orm-part", 1)
        assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 1


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
    datetime(2026, 3, 2, 9, 0),  # naive: already UTC
    datetime(2026, 3, 2, 4, 0, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(0))),  # UTC, but not the timezone.utc object
])
def test_every_form_of_one_moment_is_stored_as_the_same_text(moment):
    assert schema.to_db(moment) == "2026-03-02 09:00:00.000000"
    assert schema.from_db(schema.to_db(moment)) == datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
