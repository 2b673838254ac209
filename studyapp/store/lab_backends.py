"""The lab backends the user added (`studyapp backend add`), kept in the collection's settings as plain dicts.

One setting row, key `lab_backends`: {name: {kind, target, port, ...}}. The store keeps them as data; what a
field means is the lab runner's business (studyapp.labrunner.backends.config). No secret is ever stored here.
"""
from __future__ import annotations

import json
import sqlite3

KEY = "lab_backends"
_READ = "SELECT value FROM setting WHERE key = ?"
_WRITE = "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)"


def load(conn: sqlite3.Connection) -> dict[str, dict]:
    row = conn.execute(_READ, (KEY,)).fetchone()
    value = json.loads(row[0]) if row else {}
    return value if isinstance(value, dict) else {}


def save(conn: sqlite3.Connection, name: str, data: dict) -> None:
    backends = load(conn)
    backends[name] = data
    conn.execute(_WRITE, (KEY, json.dumps(backends)))


def remove(conn: sqlite3.Connection, name: str) -> bool:
    backends = load(conn)
    if backends.pop(name, None) is None:
        return False
    conn.execute(_WRITE, (KEY, json.dumps(backends)))
    return True


def load_from(collection) -> dict[str, dict]:
    """The stored backends of an open Collection, in a read transaction of its own."""
    with collection.db() as conn:
        return load(conn)
