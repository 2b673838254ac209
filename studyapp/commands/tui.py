"""`studyapp` with no command: the Textual app."""
from __future__ import annotations

from studyapp.commands.common import EXIT_OK, open_collection


def run_app(args) -> int:
    collection = open_collection(args)  # migrate and import before the first frame
    try:
        from studyapp.tui.app import create_app

        create_app(collection).run()
    finally:
        collection.close()
    return EXIT_OK
