"""Alembic owns the schema: upgrade a collection to head, after a backup copy of it is written."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from studyapp.resources import bundled_dir


class SchemaTooNew(RuntimeError):
    pass


def alembic_config() -> Config:
    cfg = Config()  # no alembic.ini: nothing configures logging behind the app's back
    cfg.set_main_option("script_location", str(bundled_dir("migrations")))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
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
