"""Alembic owns the schema: empty and older databases upgrade, newer ones are refused, backups come first."""
from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from studyapp import paths
from studyapp.store import migrate
from studyapp.store.collection import Collection
from studyapp.store.engine import make_engine
from studyapp.store.models import Base

REVISIONS = [r.revision for r in reversed(list(ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()))]


def test_models_and_migrations_agree(tmp_path):
    engine = make_engine(tmp_path / "c.sqlite3")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_empty_database_upgrades_to_head(tmp_path):
    engine = make_engine(tmp_path / "c.sqlite3")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


SEED_ROWS = [
    "INSERT INTO deck (id, name, source, created_at) VALUES (1, 'd', '/x.md', '2026-01-01 00:00:00')",
    "INSERT INTO note (id, deck_id, slug, question, answer, section, line, kind, parent_slug, retired, updated_at) "
    "VALUES (1, 1, 'q-1', 'Q?', 'A', '', 1, 'qa', NULL, 0, '2026-01-01 00:00:00')",
    "INSERT INTO card (id, note_id, kind, ordinal, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "suspended, buried_until, tags) VALUES (1, 1, 'basic', 0, 2, NULL, 3.0, 5.0, '2026-01-04 00:00:00', "
    "'2026-01-01 00:00:00', 1, 0, 0, NULL, '')",
    "INSERT INTO review_log (id, card_id, rating, reviewed_at, duration_ms, state_before, stability, difficulty, source) "
    "VALUES (1, 1, 3, '2026-01-01 00:00:00', 5000, 0, 3.0, 5.0, 'review')",
]


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_database_at_every_revision_holding_data_upgrades_and_keeps_it(home, revision):
    db = paths.collection_path(home)
    home.mkdir(parents=True)
    engine = make_engine(db)
    migrate.upgrade(engine, revision)
    with engine.begin() as conn:
        for sql in SEED_ROWS:
            conn.exec_driver_sql(sql)
    engine.dispose()
    col = Collection.open(home, import_bundled=False)
    try:
        assert migrate.current_revision(col.engine) == migrate.head_revision()
        card = col.card(1)
        assert (card.question, card.state, card.stability) == ("Q?", "review", 3.0)
    finally:
        col.close()
    backups = list(paths.backup_dir(home).glob("*.sqlite3"))
    if revision != migrate.head_revision():
        assert backups, "no backup was written before migrating"
        with sqlite3.connect(backups[0]) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == revision


def test_a_database_from_a_newer_schema_is_refused(home):
    Collection.open(home, import_bundled=False).close()
    with sqlite3.connect(paths.collection_path(home)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(migrate.SchemaTooNew, match="newer studyapp"):
        Collection.open(home)


def test_nothing_is_created_at_import_time(tmp_path, monkeypatch):
    import importlib

    monkeypatch.setenv("STUDYAPP_HOME", str(tmp_path / "never"))
    import studyapp.store.collection

    importlib.reload(studyapp.store.collection)
    assert not (tmp_path / "never").exists()
