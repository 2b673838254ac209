"""What every command shares: opening the collection, printing, turning known faults into exit code 2."""
from __future__ import annotations

import json
import sys
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
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def run_guarded(handler, args) -> int:
    from studyapp.deck.model import DeckError

    known: tuple[type[BaseException], ...] = (CommandError, DeckError)
    try:
        from studyapp.store.collection import CollectionError
        from studyapp.store.migrate import SchemaTooNew
        from studyapp.store.reviews import UnknownCard

        known += (CollectionError, SchemaTooNew, UnknownCard)
    except ImportError:  # pragma: no cover - the store is part of the package
        pass
    try:
        return handler(args)
    except known as error:
        print(f"studyapp: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `studyapp cards --json | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("studyapp: interrupted", file=sys.stderr)
        return 130
