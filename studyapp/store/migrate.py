"""Alembic owns the schema: upgrade a collection to head, after a backup copy of it is written.

Opening a collection that is already at head must stay cheap (it happens before the app's first frame), so
the revision is read with one SELECT through sqlite3 and the head is found from the version files' `revision` /
`down_revision` lines; alembic itself is imported only to migrate, or when those lines cannot be read plainly
(tests/unit/test_migrations.py checks that both ways agree).
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.resources import bundled_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine


from studyapp.store.errors import SchemaTooNew  # noqa: E402  (re-exported: callers catch it from here)

_HAS_VERSION_TABLE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
_VERSIONS = "SELECT version_num FROM alembic_version"


def alembic_config():
    from alembic.config import Config

    cfg = Config()  # no alembic.ini: nothing configures logging behind the app's back
    cfg.set_main_option("script_location", str(bundled_dir("migrations")))
    return cfg


def _script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$", re.M)


def _read_graph(versions: Path) -> dict[str, tuple[str, ...]] | None:
    """revision -> its down revisions, read from the files as text; None when a file is not that simple."""
    import ast

    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted(versions.glob("*.py")):
        if path.name == "__init__.py":
            continue
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or revision in graph:
            return None
        downs = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        graph[revision] = downs
    return graph


@lru_cache(maxsize=1)
def _plain_graph() -> dict[str, tuple[str, ...]] | None:
    return _read_graph(bundled_dir("migrations") / "versions")


def head_revision() -> str:
    graph = _plain_graph()
    if graph:
        parents = {down for downs in graph.values() for down in downs}
        heads = [revision for revision in graph if revision not in parents]
        if len(heads) == 1:
            return heads[0]
    return _script_directory().get_current_head()


def known_revisions() -> set[str]:
    graph = _plain_graph()
    if graph:
        return set(graph)
    return {rev.revision for rev in _script_directory().walk_revisions()}


def stored_revision(db_path: Path) -> str | None:
    """The revision a collection file is at, read with sqlite3 alone (None: a new or unversioned file)."""
    conn = sqlite3.connect(db_path)
    try:
        has_table = conn.execute(_HAS_VERSION_TABLE).fetchone()
        rows = conn.execute(_VERSIONS).fetchall() if has_table else []
    finally:
        conn.close()
    if len(rows) <= 1:
        return rows[0][0] if rows else None
    from studyapp.store.engine import make_engine  # several heads: alembic says what is wrong

    engine = make_engine(db_path)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The stored revision (alembic_version), None for a database without one."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(_HAS_VERSION_TABLE).first()
        if has_table is None:
            return None
        rows = conn.exec_driver_sql(_VERSIONS).fetchall()
    if len(rows) <= 1:
        return rows[0][0] if rows else None
    from alembic.runtime.migration import MigrationContext  # several heads: alembic says what is wrong

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def check_not_newer(revision: str | None, db_path: Path) -> None:
    if revision is not None and revision not in known_revisions():
        raise SchemaTooNew(
            f"{db_path}: this collection has schema {revision}, written by a newer studyapp; "
            f"this version knows up to {head_revision()}. Upgrade studyapp to open it."
        )
