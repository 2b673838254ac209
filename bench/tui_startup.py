"""TUI figures: start-up to the first frame of Home and of the first Review card, as a ratio to a bare
Textual app (Header, Static, Footer) measured in the same run; rating-key-to-next-card latency; memory.

    python bench/tui_startup.py                    # builds 100,000 cards / 1,000,000 reviews in a temp folder
    python bench/tui_startup.py --home DIR         # an existing collection (the latency run works on a copy)
    python bench/tui_startup.py --cards 5000 --reviews 50000 --runs 3

What is measured (each child is a fresh process, timed from just before it is spawned):

- Before the runs, the bytecode of `studyapp` and `labs` is compiled, as `pip install` does for an installed
  package (Textual's, in site-packages, is compiled already). Without it an editable checkout on a machine
  with PYTHONDONTWRITEBYTECODE=1 (as this one) compiles every studyapp module at every start: 30-50 ms.
- a frame is the moment Textual hands a finished screen update to its driver (`App._display`). The children
  run headless, where Textual skips writing that update to a terminal, so the hook renders it to escape
  sequences itself: every figure includes what a real terminal write would cost. No Pilot sleeps are inside
  any figure (`Pilot.press` and `Pilot.pause` each wait 20 ms or more for the process to look idle).
- bare: the first frame of App(Header, Static, Footer).
- The studyapp children start the app as `studyapp` does (`commands.tui.build_app`): pause the garbage
  collector until the first frame, open the collection, start reading the start screen's data in a thread,
  then import Textual and run.
- home: the first frame of Home showing today's counts and the streak (`HomeScreen.data` set). Home then
  fills in its heatmap and 30-day forecast from the same worker; `home+charts` is the first frame that shows
  them too, printed for the record.
- review-direct: `studyapp review`, the app opened on the review screen: the first frame that shows a card.
  This is the figure for "process start to the first Review card".
- review: for the record, the longer way there: Home is waited for as above, `r` is sent at once (a learner
  typing ahead), and the clock stops at the first frame that shows a card. It holds Home's start-up and then
  the review screen's, so it cannot come near a bare app's single frame.
- rating key -> next card: the `3` key event is posted to the app (as a terminal's key would be) with the
  answer showing, and the clock stops at the first frame that shows the next card. Between answers the app
  is let settle (space reveals the answer), outside the timing.
- Before this definition (up to the commit that added it) the latency figure was taken with `Pilot.press`
  and `Pilot.pause`, which measured about 100 ms on a bare app whose key handler does nothing but update a
  Static: Pilot's own idle waits, not the app.
"""
from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Each child prints one JSON line: seconds from its own start to the measured frame, and its peak RSS.
_PRELUDE = """
import json, resource, sys, time
START = float(sys.argv[1])
def report(stamp=None, **extra):
    print(json.dumps({"seconds": (stamp[0] if stamp else time.time()) - START,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}))

WATCH = []  # [predicate, callback(stamp)]: called once, at the first frame where predicate() holds

def hook_frames():
    # Imported here, not above: the studyapp child starts as `studyapp` does, which imports Textual only
    # after it has opened the collection and started reading the start screen's data.
    from textual.app import App
    from textual._compositor import CompositorUpdate

    display = App._display

    def frame(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is None or self._batch_count:
            return
        if isinstance(renderable, CompositorUpdate):  # what writing the frame to a terminal would cost
            renderable.render_segments(self.console)
        stamp = (time.time(), time.perf_counter())
        for watch in list(WATCH):
            if watch[0]():
                WATCH.remove(watch)
                watch[1](stamp)

    App._display = frame
"""

BARE = _PRELUDE + """
hook_frames()
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header(); yield Static("studyapp"); yield Footer()

app = Bare()
WATCH.append([lambda: True, lambda stamp: (report(stamp), app.call_later(app.exit))])
app.run(headless=True, size=(100, 32))
"""

STUDYAPP = _PRELUDE + """
import argparse
from studyapp.commands.tui import build_app

TARGET = sys.argv[3]
app, collection = build_app(argparse.Namespace(home=sys.argv[2]), "review" if TARGET == "review-direct" else "home")
hook_frames()
import asyncio
from textual import events

def on(name, condition=lambda screen: True):
    def predicate():
        screen = app.screen
        return type(screen).__name__ == name and condition(screen)
    return predicate

home_counts = on("HomeScreen", lambda s: s.data is not None)
review_card = on("ReviewScreen", lambda s: s.step is not None and not s.busy)

def at_home(stamp):
    if TARGET == "home":
        WATCH.append([on("HomeScreen", lambda s: s.data is not None and getattr(s, "charts_shown", True)),
                      lambda charts: (report(stamp, charts_seconds=charts[0] - START), app.call_later(app.exit))])
    elif TARGET == "review":
        WATCH.append([review_card, lambda card: (report(card), app.call_later(app.exit))])
        app.post_message(events.Key("r", "r"))

async def latency(pilot):
    loop = asyncio.get_running_loop()
    def next_frame(predicate):
        future = loop.create_future()
        WATCH.append([predicate, lambda stamp: future.done() or future.set_result(stamp)])
        return future
    await pilot.press("r")
    screen = app.screen
    while screen.step is None or screen.busy:
        await pilot.pause()
    latencies = []
    for _ in range(int(sys.argv[4])):
        if screen.step.card is None:
            break
        await pilot.press("space")
        await pilot.pause()
        before = screen.step
        shown = next_frame(lambda: screen.step is not before and not screen.busy)
        t0 = time.perf_counter()
        app.post_message(events.Key("3", "3"))
        stamp = await asyncio.wait_for(shown, 30)
        latencies.append((stamp[1] - t0) * 1000)
        await pilot.pause()
    report(latencies_ms=latencies)
    app.exit()

if TARGET == "review-direct":
    WATCH.append([review_card, lambda card: (report(card), app.call_later(app.exit))])
    app.run(headless=True, size=(100, 32))
elif TARGET == "latency":
    async def pilot(p):
        started = asyncio.get_running_loop().create_future()
        WATCH.append([home_counts, lambda stamp: started.done() or started.set_result(stamp)])
        await started
        await latency(p)
    app.run(headless=True, size=(100, 32), auto_pilot=pilot)
else:
    WATCH.append([home_counts, at_home])
    app.run(headless=True, size=(100, 32))
collection.close()
"""


def child(code: str, *args: str) -> dict:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, str(start), *args], cwd=REPO, capture_output=True,
                         text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--answers", type=int, default=50, help="ratings timed for the latency figure")
    args = parser.parse_args()

    home = args.home
    if home is None:
        sys.path.insert(0, str(REPO))
        from bench.generate import build_collection

        home = Path(tempfile.mkdtemp(prefix="studyapp-bench-"))
        t0 = time.perf_counter()
        build_collection(home, args.cards, args.reviews)
        print(f"built {args.cards} cards / {args.reviews} reviews in {time.perf_counter() - t0:.1f}s at {home}")

    for package in ("studyapp", "labs"):
        compileall.compile_dir(REPO / package, quiet=1)
    figures = {"bare": [], "home": [], "home+charts": [], "review": [], "review-direct": []}
    rss = []
    for _ in range(args.runs):  # interleaved, so drift hits all of them alike
        figures["bare"].append(child(BARE)["seconds"])
        home_run = child(STUDYAPP, str(home), "home")
        figures["home"].append(home_run["seconds"])
        figures["home+charts"].append(home_run["charts_seconds"])
        rss.append(home_run["rss_mb"])
        review_run = child(STUDYAPP, str(home), "review")
        figures["review"].append(review_run["seconds"])
        rss.append(review_run["rss_mb"])
        direct_run = child(STUDYAPP, str(home), "review-direct")
        figures["review-direct"].append(direct_run["seconds"])
        rss.append(direct_run["rss_mb"])
    bare = statistics.median(figures["bare"])
    for name, values in figures.items():
        median = statistics.median(values)
        print(f"{name:>13}: median {median * 1000:7.1f} ms  ratio {median / bare:4.2f}x  (runs: "
              + ", ".join(f"{s * 1000:.0f}" for s in values) + ")")
    # The answers change the collection: they are given to a copy, so every run sees the same queue.
    with tempfile.TemporaryDirectory(prefix="studyapp-latency-") as scratch:
        for name in ("collection.sqlite3", "collection.sqlite3-wal"):
            if (home / name).exists():
                shutil.copy2(home / name, Path(scratch) / name)
        latency = child(STUDYAPP, scratch, "latency", str(args.answers))
    values = sorted(latency["latencies_ms"])
    if values:
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        print(f"rating key -> next card: median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
              f"over {len(values)} answers (max {values[-1]:.1f} ms)")
    print(f"peak RSS of the TUI process: {max(rss):.0f} MB at the first card; after {len(values)} answers: "
          f"{latency['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
