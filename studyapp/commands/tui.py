"""`studyapp` with no command: the Textual app."""
from __future__ import annotations

from studyapp.commands.common import EXIT_OK, open_collection


def run_app(args, start: str = "home") -> int:
    collection = open_collection(args)  # migrate and import before the first frame
    try:
        from studyapp.tui.app import create_app

        create_app(collection, start=start).run()
    finally:
        collection.close()
    return EXIT_OK


def run_review(args) -> int:
    """`studyapp review`: the app opened on the first card due (Home is one `q` away)."""
    return run_app(args, start="review")
