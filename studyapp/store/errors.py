"""Store faults in the store's own terms, so callers need know neither sqlite3 nor SQLAlchemy."""
from __future__ import annotations

import sqlite3


class UnknownCard(LookupError):
    pass


def is_database_locked(error: BaseException) -> bool:
    """True when another process held the collection past the busy timeout: worth a visible retry.
    SQLAlchemy wraps the sqlite3 error (as `orig`); the plain connections raise it as it is."""
    error = getattr(error, "orig", None) or error
    if not isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return "locked" in text or "busy" in text
