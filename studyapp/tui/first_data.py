"""The start screen's data, read in a thread while Textual itself is still being imported.

`studyapp` opens the collection, starts this read, then imports Textual (about 150 ms of the interpreter's
time). The read needs a few milliseconds of it, so by the time the start screen is composed its data is
usually there and its first frame shows it. No Textual here: this runs before Textual is loaded."""
from __future__ import annotations

import gc
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


_collector_paused = False


def pause_collector() -> None:
    """Start-up makes some 60,000 objects that live as long as the app (modules, classes, styles, widgets) and
    almost no garbage: the cyclic garbage collector, run every 700 allocations, would walk the young ones again
    and again (about 10 ms of CPU before the first frame). It is paused until then (`resume_collector`)."""
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector() -> None:
    """After the first frame: what start-up made is moved out of the collector's sight (`gc.freeze`), so later
    collections do not walk it, and collection resumes. Does nothing unless `pause_collector` paused it."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


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
