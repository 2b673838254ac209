"""Where the collection lives: --home, then STUDYAPP_HOME, then the platform's user data folder."""
from __future__ import annotations

import os
from pathlib import Path

COLLECTION_FILE = "collection.sqlite3"
BACKUP_DIR = "backups"


def resolve_home(cli_home: str | os.PathLike | None = None) -> Path:
    if cli_home:
        return Path(cli_home).expanduser()
    env = os.environ.get("STUDYAPP_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("studyapp", appauthor=False))


def collection_path(home: Path) -> Path:
    return home / COLLECTION_FILE


def backup_dir(home: Path) -> Path:
    return home / BACKUP_DIR
