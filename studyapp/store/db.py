"""The collection file through the standard sqlite3 module: the study loop's reads and writes.

Importing SQLAlchemy costs more than a bare Textual app takes to start, so what the app needs before its
first frames (settings, today's counts, the next card, an answer) is plain SQL on sqlite3 connections; the
schema stays Alembic's, and import, browse, stats, quizzes and interviews keep the ORM. Inside an ORM
transaction the same functions run on the session's own connection (`session_connection`), so an action
that mixes both is still one transaction. How connections are set up and how moments are stored is said
once, in `schema.py`, for both; each raw statement is a module-level constant that
tests/unit/test_sql_statements.py runs EXPLAIN on against a freshly migrated collection.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from studyapp.store import schema


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection set up as the ORM engine's are; transactions are begun explicitly (`transaction`)."""
    conn = sqlite3.connect(db_path, timeout=schema.BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    schema.apply_pragmas(conn)
    return conn


def rows(conn: sqlite3.Connection, sql: str, params=()) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row  # on the cursor only: a session's connection is shared with SQLAlchemy
    return cursor.execute(sql, params).fetchall()


def one(conn: sqlite3.Connection, sql: str, params=()) -> sqlite3.Row | None:
    found = rows(conn, sql, params)
    return found[0] if found else None


def scalar(conn: sqlite3.Connection, sql: str, params=()):
    row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def session_connection(session) -> sqlite3.Connection:
    """The sqlite3 connection under an ORM session's transaction, with the session's pending changes flushed, so
    plain statements run inside the same transaction. Only public SQLAlchemy 2 API: `Session.connection()` (the
    Connection the session's transaction is on), `Connection.connection` (its pooled DB-API connection) and
    `PoolProxiedConnection.driver_connection` (the sqlite3 connection itself)."""
    session.flush()
    return session.connection().connection.driver_connection


class ConnectionPool:
    """A few sqlite3 connections to one file, each used by one thread at a time (the app's workers)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """Everything inside commits together or not at all. A writer takes the write lock at BEGIN, so it
        waits for another writer (busy timeout) instead of failing when it upgrades a read."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = connect(self.db_path)
        reusable = False
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                reusable = True
                raise
            conn.execute("COMMIT")
            reusable = True
        finally:
            if reusable:
                with self._lock:
                    self._idle.append(conn)
            else:  # a connection in an unknown state is not reused
                conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
