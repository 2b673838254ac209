"""$EDITOR from the app: `e` in review opens the note's source document at its line (then imports it again);
the lab exercise screen opens the learner's file."""
from __future__ import annotations

import os
import shlex
import shutil
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
    from studyapp.resources import default_deck_path

    copy = bundled_copy_path(home)
    if not copy.exists():
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(default_deck_path(), copy)
    return copy


class EditorProblem(Exception):
    """$VISUAL/$EDITOR cannot be run: unreadable quoting, or no such program."""


def editor_command(path: Path, line: int) -> list[str]:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words = shlex.split(editor)
    except ValueError as error:
        raise EditorProblem(f"$EDITOR {editor!r} cannot be read ({error})") from None
    if not words or shutil.which(words[0]) is None:
        raise EditorProblem(f"$EDITOR {editor!r}: no such program")
    return [*words, f"+{max(1, line)}", str(path)]


def open_in_editor(screen, source: str, line: int) -> Path | None:
    """Run the editor with the terminal handed over to it; None when it could not run."""
    path = source_path(source)
    if not path.is_file():
        screen.notify(screen.t("review.no_source", path=path), severity="error")
        return None
    return path if edit_file(screen, path, line) else None


def edit_file(screen, path: Path, line: int = 1) -> bool:
    """$VISUAL / $EDITOR on path at line, the app suspended meanwhile; False (and a notice) when it could not
    run: not found, not runnable, malformed, or no terminal to hand it (a browser session)."""
    app = screen.app
    try:  # checked before the terminal is handed over: a failure inside would leave the app suspended
        command = editor_command(path, line)
    except EditorProblem as problem:
        screen.notify(screen.t("review.editor_failed", editor="$EDITOR", error=problem), severity="error")
        return False
    failure: OSError | None = None
    try:
        try:
            with app.suspend():
                try:
                    subprocess.run(command, check=False)
                except OSError as error:  # raised inside, the terminal is still given back first
                    failure = error
        except SuspendNotSupported:
            if not app.is_headless:  # a browser session: there is no terminal to give the editor
                screen.notify(screen.t("review.editor_failed", editor=command[0], error="no terminal"),
                              severity="error")
                return False
            subprocess.run(command, check=False, stdin=subprocess.DEVNULL, capture_output=True)
    except OSError as error:
        failure = error
    if failure is not None:
        screen.notify(screen.t("review.editor_failed", editor=command[0], error=failure.strerror or failure),
                      severity="error")
        return False
    return True
