"""Consistent copies of the collection file (SQLite's online backup), newest kept, oldest pruned."""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

KEEP = 10
_SELF_CONTAINED = "PRAGMA journal_mode=DELETE"  # one file, no -wal/-shm beside it
_INTEGRITY_CHECK = "PRAGMA integrity_check"


class BackupFailed(RuntimeError):
    pass


def write_backup(db_path: Path, backup_dir: Path, reason: str = "manual") -> Path:
    """Copied under a temporary name, checked (`PRAGMA integrity_check`), then renamed: a backup that was
    interrupted or damaged never carries a backup's name, so nothing ever points a user at one."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"collection-{stamp}-{reason}.sqlite3"
    partial = backup_dir / f".partial-{target.name}"
    try:
        _copy(db_path, partial)
        problem = _integrity(partial)
        if problem:
            raise BackupFailed(f"the copy of {db_path} did not verify ({problem}); no backup was written")
        os.replace(partial, target)
    finally:
        for leftover in (partial, *(Path(f"{partial}{end}") for end in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    prune(backup_dir)
    return target


def _copy(db_path: Path, dest_path: Path) -> None:
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(dest_path)
        try:
            source.backup(dest)
            dest.execute(_SELF_CONTAINED)
        finally:
            dest.close()
    finally:
        source.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = [row[0] for row in conn.execute(_INTEGRITY_CHECK)]
        return "" if found == ["ok"] else "; ".join(found[:3])
    finally:
        conn.close()


def list_backups(backup_dir: Path) -> list[Path]:
    """Verified backups, oldest first (a `.partial-` file is an interrupted copy and never listed)."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("collection-*.sqlite3"))


def latest_backup(backup_dir: Path) -> Path | None:
    backups = list_backups(backup_dir)
    return backups[-1] if backups else None


def prune(backup_dir: Path, keep: int = KEEP) -> None:
    for old in list_backups(backup_dir)[:-keep]:
        old.unlink(missing_ok=True)
