"""Store faults in the store's own terms, so callers need know neither sqlite3 nor SQLAlchemy.

Each fault the user can act on has its own class, message and exit code: a locked collection is not a
damaged one, and telling a user to restore a backup when another window is merely writing would send
them to lose work. `classify` turns a raw sqlite3/SQLAlchemy/OS error into one of these, or None.
"""
from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class UnknownCard(LookupError):
    pass


class StoreFault(RuntimeError):
    """A fault of the collection file or its folder; `exit_code` is what the CLI exits with."""

    exit_code = 2


class CollectionLocked(StoreFault):
    exit_code = 3


class DiskFull(StoreFault):
    exit_code = 4


class NoPermission(StoreFault):
    exit_code = 5


class NotACollection(StoreFault):
    """A directory, a device or a file of another kind where the collection file should be."""

    exit_code = 6


class CollectionDamaged(StoreFault):
    exit_code = 7


class SchemaTooNew(StoreFault):
    exit_code = 8


LOCKED_MESSAGE = "another studyapp is writing to this collection — try again in a moment"


def _sqlite_error(error: BaseException) -> BaseException:
    """SQLAlchemy wraps the driver's error as `orig`; the plain connections raise it as it is."""
    return getattr(error, "orig", None) or error


def is_database_locked(error: BaseException) -> bool:
    """True when another process held the collection past the busy timeout: worth a visible retry."""
    error = _sqlite_error(error)
    if isinstance(error, CollectionLocked):
        return True
    if not isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return "locked" in text or "busy" in text


def classify(error: BaseException, db_path: Path) -> StoreFault | None:
    """The user-facing fault behind a raw error touching `db_path`, or None when it is not one of them."""
    if isinstance(error, StoreFault):
        return error
    raw = _sqlite_error(error)
    text = str(raw).lower()
    if is_database_locked(raw):
        return CollectionLocked(f"{db_path}: {LOCKED_MESSAGE}")
    if isinstance(raw, OSError) and raw.errno == errno.ENOSPC or "disk is full" in text or "disk i/o" in text:
        return DiskFull(f"{db_path}: the disk is full (or failed) — free some space and try again; nothing was saved")
    if isinstance(raw, OSError) and raw.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text:
        return NoPermission(f"{db_path}: no permission to write the collection (read-only file or folder); "
                            "fix its permissions or choose another with --home DIR")
    if isinstance(raw, IsADirectoryError) or db_path.is_dir():
        return NotACollection(f"{db_path}: is a directory, not a collection file; move it away or use --home DIR")
    if isinstance(raw, sqlite3.DatabaseError):
        if "unable to open" in text:
            return NoPermission(f"{db_path}: cannot open the collection file ({raw}); check the folder's permissions")
        return CollectionDamaged(f"{db_path}: the collection file is damaged ({raw})")
    return None
