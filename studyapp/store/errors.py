"""Database faults named in the store's terms, so callers need not know SQLAlchemy."""
from __future__ import annotations

from sqlalchemy import exc


def is_database_locked(error: BaseException) -> bool:
    """True when another process held the collection past the busy timeout: worth a visible retry."""
    if not isinstance(error, exc.OperationalError):
        return False
    text = str(error.orig if error.orig is not None else error).lower()
    return "locked" in text or "busy" in text
