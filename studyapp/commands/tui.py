"""`studyapp` with no command: the Textual app."""
from __future__ import annotations

from studyapp.commands.common import EXIT_OK, open_collection


def build_app(args, start: str = "home"):
    """The app as `studyapp` starts it: the collection opened (migrated, the bundled deck imported), the start
    screen's data being read in a thread, then Textual imported while that read runs."""
    collection = open_collection(args)
    from studyapp.store.timeutil import utcnow
    from studyapp.tui.first_data import start_reading

    first = start_reading(collection, start, utcnow())
    from studyapp.tui.app import create_app

    return create_app(collection, start=start, first_data=first), collection


def run_app(args, start: str = "home") -> int:
    app, collection = build_app(args, start)
    try:
        app.run()
    finally:
        collection.close()
    return EXIT_OK


def run_review(args) -> int:
    """`studyapp review`: the app opened on the first card due (Home is one `q` away)."""
    return run_app(args, start="review")
