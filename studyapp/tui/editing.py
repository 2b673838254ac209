"""`e` in review: the note's source document opens in $EDITOR at its line, then is imported again."""
from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import SuspendNotSupported


def source_path(source: str) -> Path:
    from studyapp.resources import BUNDLED_SOURCE, default_deck_path

    if source == BUNDLED_SOURCE:
        return default_deck_path()
    return Path(source)


def is_bundled(source: str) -> bool:
    from studyapp.resources import BUNDLED_SOURCE

    return source == BUNDLED_SOURCE


def bundled_copy_path(home: Path) -> Path:
    """Where the bundled deck is copied to be edited: the data folder's decks/."""
    from studyapp.resources import default_deck_path

    return home / "decks" / default_deck_path().name


def copy_bundled(home: Path) -> Path:
    """The bundled document copied into the data folder (an earlier copy is kept as it is)."""
    import shutil

    from studyapp.resources import default_deck_path

    copy = bundled_copy_path(home)
    if not copy.exists():
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(default_deck_path(), copy)
    return copy


def editor_command(path: Path, line: int) -> list[str]:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return [*shlex.split(editor), f"+{max(1, line)}", str(path)]


def open_in_editor(screen, source: str, line: int) -> Path | None:
    """Run the editor with the terminal handed over to it; None when it could not run."""
    app = screen.app
    path = source_path(source)
    if not path.is_file():
        screen.notify(screen.t("no_source", path=path), severity="error")
        return None
    command = editor_command(path, line)
    try:
        try:
            with app.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            if not app.is_headless:  # a browser session: there is no terminal to give the editor
                screen.notify(screen.t("editor_failed", editor=command[0], error="no terminal"), severity="error")
                return None
            subprocess.run(command, check=False, stdin=subprocess.DEVNULL, capture_output=True)
    except OSError as error:
        screen.notify(screen.t("editor_failed", editor=command[0], error=error.strerror or error), severity="error")
        return None
    return path


def reimport(collection, path: Path, source: str):
    from studyapp.deck import parse_file

    return collection.import_decks([(parse_file(path), source)])
