"""`studyapp` with no command: the Textual app."""
from __future__ import annotations

import os
import sys

from studyapp.commands.common import EXIT_OK, CommandError, open_collection


def build_app(args, start: str = "home"):
    """The app as `studyapp` starts it: the garbage collector paused until the first frame, the collection opened
    (migrated, the bundled deck imported), the start screen's data being read in a thread, then Textual imported
    while that read runs."""
    from studyapp.tui.first_data import pause_collector, resume_collector, start_reading

    pause_collector()  # the app resumes it after its first frame
    try:
        collection = open_collection(args)
        from studyapp.service.card_labs import CardLabs
        from studyapp.service.study import utcnow

        labs = CardLabs.catalogue()  # read when the first card with a lab is shown
        first = start_reading(collection, start, utcnow(), labs)
        from studyapp.tui.app import create_app

        return create_app(collection, start=start, first_data=first, labs=labs), collection
    except BaseException:
        resume_collector()
        raise


def _refuse_without_a_terminal(args) -> None:
    """A full-screen app drawn into a pipe or a file spins and writes escape codes nobody reads."""
    if getattr(args, "json", False):
        raise CommandError("the app has no JSON output; for scripts use `studyapp cards --due --json` and "
                           "`studyapp rate CARD_ID RATING`")
    served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")  # `studyapp serve` runs it behind a WebSocket
    if not served and not (sys.stdout.isatty() and sys.stdin.isatty()):
        raise CommandError("the app needs a terminal (stdout or stdin is not one); for scripts use "
                           "`studyapp cards --json`, `studyapp rate`, `studyapp stats --json`")


def run_app(args, start: str = "home") -> int:
    from studyapp.tui.first_data import resume_collector

    _refuse_without_a_terminal(args)
    try:
        app, collection = build_app(args, start)
        try:
            app.run()
        finally:
            collection.close()
    finally:
        resume_collector()  # the app did at its first frame, unless it failed before
    return EXIT_OK


def run_review(args) -> int:
    """`studyapp review`: the app opened on the first card due (Home is one `q` away)."""
    return run_app(args, start="review")
