"""Looking after the collection: `doctor` (where everything is, the schema's version), `check` (integrity,
foreign keys, card states) and `backup` (a verified copy)."""
from __future__ import annotations

from pathlib import Path

from studyapp import paths
from studyapp.service.collection import Collection
from studyapp.store.backup import BackupFailed

__all__ = ["BackupFailed", "backup", "problems", "schema_versions"]


def schema_versions(collection: Collection) -> tuple[str | None, str]:
    """(the collection's schema revision, the newest this version of studyapp knows)."""
    from studyapp.store import migrate

    return migrate.current_revision(collection.engine), migrate.head_revision()


def problems(collection: Collection) -> list[str]:
    """What is wrong with the collection: SQLite's integrity and foreign-key checks, then the card states."""
    from studyapp.store.collection import integrity_problems
    from studyapp.store.invariants import card_state_problems

    found = integrity_problems(collection.db_path)
    if not found:
        with collection.transaction(write=False) as session:
            found += card_state_problems(session)
    return found


def backup(collection: Collection) -> Path:
    """A verified copy in the backups folder; BackupFailed says why not."""
    from studyapp.store.backup import write_backup

    return write_backup(collection.db_path, paths.backup_dir(collection.home))
