"""One SQLite engine per collection file, its connections set up as the sqlite3 pool's are (`schema.PRAGMAS`)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

from studyapp.store import schema


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"timeout": schema.BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        # Let SQLAlchemy issue BEGIN itself so that a transaction spans a whole user action.
        dbapi_conn.isolation_level = None
        schema.apply_pragmas(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _begin(conn):
        write = conn.get_execution_options().get("studyapp_write", True)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)
