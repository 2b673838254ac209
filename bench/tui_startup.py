"""TUI figures: start-up to the first frame of Home and of the first Review card, as a ratio to a bare
Textual app (Header, Static, Footer) measured in the same run; rating-key-to-next-card latency; memory.

    python bench/tui_startup.py                    # builds 100,000 cards / 1,000,000 reviews in a temp folder
    python bench/tui_startup.py --home DIR         # an existing collection
    python bench/tui_startup.py --cards 5000 --reviews 50000 --runs 3
"""
from __future__ import annotations

import argparse
import json
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
def report(**extra):
    print(json.dumps({"seconds": time.time() - START,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}))
"""

BARE = _PRELUDE + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header(); yield Static("studyapp"); yield Footer()

async def pilot(p):
    await p.pause()
    report()
    p.app.exit()

Bare().run(headless=True, size=(100, 32), auto_pilot=pilot)
"""

STUDYAPP = _PRELUDE + """
import asyncio
from studyapp.store.collection import Collection
from studyapp.tui.app import create_app

TARGET = sys.argv[3]
collection = Collection.open(sys.argv[2], import_bundled=False)
app = create_app(collection)

async def until(condition, limit=120.0):
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("no frame")
        await asyncio.sleep(0.0005)

async def pilot(p):
    await until(lambda: type(p.app.screen).__name__ == "HomeScreen" and p.app.screen.data is not None)
    await p.pause()
    if TARGET == "home":
        report()
        return p.app.exit()
    await p.press("r")
    await until(lambda: getattr(p.app.screen, "step", None) is not None)
    await p.pause()
    if TARGET == "review":
        report()
        return p.app.exit()
    screen, latencies = p.app.screen, []
    for _ in range(int(sys.argv[4])):
        await p.press("space")
        before = screen.step
        t0 = time.perf_counter()
        await p.press("3")
        await until(lambda: screen.step is not before and not screen.busy)
        await p.pause()
        latencies.append((time.perf_counter() - t0) * 1000)
        if screen.step.card is None:
            break
    report(latencies_ms=latencies)
    p.app.exit()

app.run(headless=True, size=(100, 32), auto_pilot=pilot)
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

    figures = {"bare": [], "home": [], "review": []}
    rss = []
    for _ in range(args.runs):  # interleaved, so drift hits all three alike
        figures["bare"].append(child(BARE)["seconds"])
        home_run = child(STUDYAPP, str(home), "home")
        figures["home"].append(home_run["seconds"])
        rss.append(home_run["rss_mb"])
        figures["review"].append(child(STUDYAPP, str(home), "review")["seconds"])
    bare = statistics.median(figures["bare"])
    for name in ("bare", "home", "review"):
        median = statistics.median(figures[name])
        print(f"{name:>7}: median {median * 1000:7.1f} ms  ratio {median / bare:4.2f}x  (runs: "
              + ", ".join(f"{s * 1000:.0f}" for s in figures[name]) + ")")
    latency = child(STUDYAPP, str(home), "latency", str(args.answers))
    values = sorted(latency["latencies_ms"])
    if values:
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        print(f"rating key -> next card: median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms "
              f"over {len(values)} answers")
    print(f"peak RSS of the TUI process (home): {max(rss):.0f} MB; after {len(values)} answers: "
          f"{latency['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
