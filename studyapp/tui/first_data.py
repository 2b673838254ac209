"""The start screen's data, read in a thread while Textual itself is still being imported.

`studyapp` opens the collection, starts this read, then imports Textual (about 150 ms of the interpreter's
time). The read needs a few milliseconds of it, so by the time the start screen is composed its data is
usually there and its first frame shows it. No Textual here: this runs before Textual is loaded."""
from __future__ import annotations

import sys
import threading
from concurrent.futures import Future
from datetime import datetime
from typing import TYPE_CHECKING

from studyapp.service.card_labs import NO_LABS, CardLabs

if TYPE_CHECKING:
    from studyapp.service.collection import Collection

# A thread waits for the interpreter lock between its SQLite calls, and a busy main thread hands the lock over
# only every switch interval (5 ms by default): at 1 ms a worker's result reaches the screen tens of
# milliseconds sooner while the UI thread composes and paints (bench/tui_startup.py). Set for the app's whole
# life; with one thread running, as most of the time, it costs nothing.
SWITCH_INTERVAL_S = 0.001


def read_home(collection: Collection, now: datetime, labs: CardLabs):
    from studyapp.service import study

    return study.today(collection, now)


def read_review(collection: Collection, now: datetime, labs: CardLabs):
    from studyapp.service import study

    return study.review_step(collection, now, labs=labs)[1]


READERS = {"home": read_home, "review": read_review}


def start_reading(collection: Collection, screen: str, now: datetime, labs: CardLabs = NO_LABS) -> Future:
    """What `screen` shows first, read in a daemon thread; the screen takes it from the future."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    future: Future = Future()
    reader = READERS[screen]

    def run() -> None:
        try:
            future.set_result(reader(collection, now, labs))
        except BaseException as error:  # handed to the screen, which reports it as any store failure
            future.set_exception(error)

    threading.Thread(target=run, name=f"first-data-{screen}", daemon=True).start()
    return future
