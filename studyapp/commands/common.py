"""What every command shares: opening the collection, printing, turning known faults into exit code 2."""
from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studyapp.service.collection import Collection

EXIT_OK, EXIT_PROBLEM, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """A fault the user can act on: printed as one line on stderr, exit code 2."""


def open_collection(args) -> Collection:
    """The collection of `--home` (or the default data folder), opened and migrated."""
    from studyapp.service.collection import open_collection as open_home

    return open_home(getattr(args, "home", None))


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
        from studyapp.service.errors import classify

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
    from studyapp.service.errors import DeckError, UnknownCard

    return CommandError, DeckError, UnknownCard


def _store_fault() -> type[Exception]:
    from studyapp.service.errors import StoreFault

    return StoreFault


def _collection_path(args):
    from studyapp import paths

    try:
        return paths.collection_path(paths.resolve_home(getattr(args, "home", None)))
    except Exception:  # noqa: BLE001 - only used to word a message
        from pathlib import Path

        return Path("collection.sqlite3")
