"""Start-up as a user sees it: each app started in a real terminal (tmux), its screen polled until it shows
what the user waits for. Ratios to a bare Textual app (Header, Static, Footer) started the same way.

    python bench/tui_startup_tmux.py                  # builds 100,000 cards / 1,000,000 reviews in a temp folder
    python bench/tui_startup_tmux.py --home DIR --runs 11
    python bench/tui_startup_tmux.py --studyapp /path/to/venv/bin/studyapp   # e.g. a non-editable install

What is measured (runs interleaved, so drift on a shared machine hits all three alike; medians printed):

- the clock starts just before `tmux new-session` is spawned with the app as the pane's command, on a tmux
  server already running (its own socket, so a user's tmux is not touched), at 100×32;
- the clock stops at the first `tmux capture-pane` that shows:
  - bare: the Static's text (`python -c` with App(Header, Static, Footer));
  - home: `studyapp` with today's counts drawn (the "… answers today" line replaces "Loading…");
  - review: `studyapp review` with the first card drawn (its "space: show the answer" hint);
- the screen is polled as fast as tmux answers (a `capture-pane` is a process start: a few milliseconds, the
  same for all three), so the figures carry that granularity; the headless bench (bench/tui_startup.py)
  times frames inside the process instead.
"""
from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOCKET = f"studyapp-bench-{os.getpid()}"
SIZE = (100, 32)

BARE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header(); yield Static("bare app ready"); yield Footer()

Bare().run()
"""

READY = {
    "bare": re.compile(r"bare app ready"),
    "home": re.compile(r"\d+ answers? today"),
    "review": re.compile(r"space: show the answer"),
}


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", SOCKET, "-f", "/dev/null", *args], capture_output=True, text=True,
                          check=check)


def time_to_screen(name: str, command: list[str], timeout: float = 60.0) -> float:
    """Seconds from spawning the pane to the first capture that shows READY[name]."""
    session = f"run-{name}"
    pattern = READY[name]
    started = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), "--", *command)
    try:
        while True:
            shown = tmux("capture-pane", "-p", "-t", session, check=False)
            elapsed = time.perf_counter() - started
            if shown.returncode != 0:
                raise RuntimeError(f"{name}: the pane closed before it was ready: {shown.stderr.strip()}")
            if pattern.search(shown.stdout):
                return elapsed
            if elapsed > timeout:
                raise RuntimeError(f"{name}: not ready after {timeout:.0f} s; the screen shows:\n{shown.stdout}")
    finally:
        tmux("kill-session", "-t", session, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--studyapp", default=str(Path(sys.executable).with_name("studyapp")),
                        help="the studyapp executable to start (default: the one beside this Python)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed (apt-get install tmux)")

    home = args.home
    if home is None:
        sys.path.insert(0, str(REPO))
        from bench.generate import build_collection

        home = Path(tempfile.mkdtemp(prefix="studyapp-bench-"))
        t0 = time.perf_counter()
        build_collection(home, args.cards, args.reviews)
        print(f"built {args.cards} cards / {args.reviews} reviews in {time.perf_counter() - t0:.1f}s at {home}")
    # As `pip install` does for an installed package: no run pays for compiling studyapp's bytecode.
    for package in ("studyapp", "labs"):
        compileall.compile_dir(REPO / package, quiet=1)

    commands = {
        "bare": [sys.executable, "-c", BARE],
        "home": [args.studyapp, "--home", str(home)],
        "review": [args.studyapp, "--home", str(home), "review"],
    }
    tmux("new-session", "-d", "-s", "keepalive", "-x", str(SIZE[0]), "-y", str(SIZE[1]), "--", "sleep", "100000")
    figures: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for name, command in commands.items():  # one untimed start each: the file cache is warm for all
            time_to_screen(name, command)
        for _ in range(args.runs):
            for name, command in commands.items():
                figures[name].append(time_to_screen(name, command))
                time.sleep(0.2)  # the previous app has gone before the next starts
    finally:
        tmux("kill-server", check=False)
    bare = statistics.median(figures["bare"])
    print(f"tmux {tmux_version()}, {args.runs} interleaved runs, {SIZE[0]}×{SIZE[1]}, studyapp: {args.studyapp}")
    for name, values in figures.items():
        median = statistics.median(values)
        print(f"{name:>7}: median {median * 1000:6.0f} ms  ratio {median / bare:4.2f}x  (runs: "
              + ", ".join(f"{s * 1000:.0f}" for s in values) + ")")


def tmux_version() -> str:
    return subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip().removeprefix("tmux ")


if __name__ == "__main__":
    main()
