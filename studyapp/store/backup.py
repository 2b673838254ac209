"""Consistent copies of the collection file (SQLite's online backup), newest kept, oldest pruned."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

KEEP = 10


def write_backup(db_path: Path, backup_dir: Path, reason: str = "manual") -> Path:
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"collection-{stamp}-{reason}.sqlite3"
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    prune(backup_dir)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Oldest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("collection-*.sqlite3"))


def latest_backup(backup_dir: Path) -> Path | None:
    backups = list_backups(backup_dir)
    return backups[-1] if backups else None


def prune(backup_dir: Path, keep: int = KEEP) -> None:
    for old in list_backups(backup_dir)[:-keep]:
        old.unlink(missing_ok=True)
