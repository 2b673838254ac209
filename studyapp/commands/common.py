"""What every command shares: opening the collection, printing, turning known faults into exit code 2."""
from __future__ import annotations

import sys
import traceback
from typing import Any

EXIT_OK, EXIT_PROBLEM, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """A fault the user can act on: printed as one line on stderr, exit code 2."""


def open_collection(args):
    from studyapp.store.collection import Collection

    collection = Collection.open(getattr(args, "home", None))
    _attach_labs(collection)
    return collection


def _attach_labs(collection) -> None:
    """Cards carry the lab of their note. The labs index is read the first time a card asks, so commands
    and screens that show no card never pay for it; a missing or broken labs folder just means no labs."""
    index: dict[str, list[str]] | None = None

    def lab_for_slug(slug: str) -> str | None:
        nonlocal index
        if index is None:
            from studyapp.labrunner import LabsNotFound, labs_by_note

            try:
                index = labs_by_note()
            except LabsNotFound:
                index = {}
        return (index.get(slug) or [None])[0]

    collection.lab_for_slug = lab_for_slug


def emit_json(data: Any) -> None:
    import json  # here: the app's start does without it

    # Where stdout cannot carry UTF-8 (LC_ALL=C, PYTHONIOENCODING=ascii), \u escapes keep the JSON exact.
    utf = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") in ("utf8", "utf16", "utf32")
    json.dump(data, sys.stdout, ensure_ascii=not utf, indent=2)
    sys.stdout.write("\n")


EXIT_UNEXPECTED = 70  # a bug: the message asks for --debug and a report


def run_guarded(handler, args) -> int:
    """The one place a command's fault becomes a message and an exit code; no traceback without --debug.
    The fault classes are imported when a fault is raised (an except clause is evaluated then): the app's
    start does not wait for the deck parser's module."""
    try:
        return handler(args)
    except _user_faults() as error:
        print(f"studyapp: {error}", file=sys.stderr)
        return EXIT_ERROR
    except _store_fault() as fault:
        print(f"studyapp: {fault}", file=sys.stderr)
        return fault.exit_code
    except BrokenPipeError:  # `studyapp cards --json | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("studyapp: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        from studyapp.store.errors import classify

        fault = classify(error, _collection_path(args))
        if fault is not None:
            print(f"studyapp: {fault}", file=sys.stderr)
            return fault.exit_code
        if getattr(args, "debug", False):
            traceback.print_exc()
        else:
            print(f"studyapp: unexpected error: {type(error).__name__}: {error}\n"
                  "  run the command again with --debug to see where, and please report it", file=sys.stderr)
        return EXIT_UNEXPECTED


def _user_faults() -> tuple[type[Exception], ...]:
    from studyapp.deck.model import DeckError
    from studyapp.store.errors import UnknownCard

    return CommandError, DeckError, UnknownCard


def _store_fault() -> type[Exception]:
    from studyapp.store.errors import StoreFault

    return StoreFault


def _collection_path(args):
    from studyapp import paths

    try:
        return paths.collection_path(paths.resolve_home(getattr(args, "home", None)))
    except Exception:  # noqa: BLE001 - only used to word a message
        from pathlib import Path

        return Path("collection.sqlite3")
