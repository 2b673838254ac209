"""Start-up as a user sees it: each app started in a real terminal (tmux), its screen polled until it shows
what the user waits for. Ratios to a bare Textual app (Header, Static, Footer) started the same way.

The issue's target (15): on a non-editable install, Home showing today's counts and `studyapp review` showing
the first card each within 1.3x the bare app, as the median of 11 interleaved runs. To measure that:

    python3 -m venv /tmp/startup-venv
    /tmp/startup-venv/bin/pip install torch==2.13.0        # the CPU wheel first, as in the README
    /tmp/startup-venv/bin/pip install .                     # not -e: the package is copied into site-packages
    /tmp/startup-venv/bin/python bench/tui_startup_tmux.py --studyapp /tmp/startup-venv/bin/studyapp

Other uses:

    python bench/tui_startup_tmux.py                  # this checkout's studyapp; 100,000 cards / 1,000,000 reviews
    python bench/tui_startup_tmux.py --home DIR --runs 11 --repeat 3

What is measured (runs interleaved, so drift on a shared machine hits all three alike):

- the bare app runs under the Python that runs `--studyapp` (read from its `#!` line), so both start the same
  interpreter and the same Textual;
- the clock starts just before `tmux new-session` is spawned with the app as the pane's command, on a tmux
  server already running (its own socket, so a user's tmux is not touched), at 100x32;
- the clock stops at the first `tmux capture-pane` that shows:
  - bare: the Static's text (`python -c` with App(Header, Static, Footer));
  - home: `studyapp` with today's counts drawn (the "... answers today" line replaces "Loading..."); the
    collection has 100,000 cards and 1,000,000 reviews unless --home names another;
  - review: `studyapp review` with the first card drawn (its "space: show the answer" hint);
- the screen is polled as fast as tmux answers (a `capture-pane` is a process start: a few milliseconds, the
  same for all three), so the figures carry that granularity; the headless bench (bench/tui_startup.py)
  times frames inside the process instead.

What is printed, for each series of --runs rounds (each round starts bare, home and review once) and for all
series together: each app's median with its interquartile range and its range, the ratio of its median to the
bare app's, and the median of the per-round ratios (each start divided by the bare start of its own round) with
their interquartile range. The load average before and after is printed too: on a busy machine every figure
grows, the ratios much less.
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


def interpreter_of(script: str) -> str:
    """The Python a console script runs under (its `#!` line); this one's if it has none."""
    try:
        with open(script, "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!") and "python" in first:
        return first[2:].strip().split()[0]
    return sys.executable


def installed_from(python: str) -> str:
    """Where that Python imports studyapp from: this checkout (an editable install) or site-packages."""
    found = subprocess.run([python, "-c", "import studyapp; print(studyapp.__file__)"], capture_output=True,
                           text=True, cwd=tempfile.gettempdir())
    where = Path(found.stdout.strip()).parent if found.returncode == 0 else None
    if where is None:
        return "studyapp not importable there"
    return f"{'this checkout (editable)' if where == REPO / 'studyapp' else 'installed'}: {where}"


def quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def report(title: str, figures: dict[str, list[float]]) -> None:
    bare = statistics.median(figures["bare"])
    print(title)
    for name, values in figures.items():
        q1, median, q3 = quartiles(values)
        line = (f"  {name:>6}: median {median * 1000:5.0f} ms  IQR {q1 * 1000:.0f}-{q3 * 1000:.0f}  "
                f"range {min(values) * 1000:.0f}-{max(values) * 1000:.0f}")
        if name != "bare":
            paired = [value / base for value, base in zip(values, figures["bare"])]
            p1, paired_median, p3 = quartiles(paired)
            line += f"  | ratio {median / bare:.2f}x  (per round: median {paired_median:.2f}x, IQR {p1:.2f}-{p3:.2f})"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=11, help="interleaved rounds per series (default 11)")
    parser.add_argument("--repeat", type=int, default=2, help="series, each reported on its own (default 2)")
    parser.add_argument("--studyapp", default=str(Path(sys.executable).with_name("studyapp")),
                        help="the studyapp executable to start (default: the one beside this Python)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed (apt-get install tmux)")
    if args.runs < 2:
        sys.exit("--runs must be 2 or more")

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

    python = interpreter_of(args.studyapp)
    commands = {
        "bare": [python, "-c", BARE],
        "home": [args.studyapp, "--home", str(home)],
        "review": [args.studyapp, "--home", str(home), "review"],
    }
    print(f"tmux {tmux_version()}, {SIZE[0]}x{SIZE[1]}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} before; {args.repeat} series of {args.runs} interleaved rounds")
    print(f"studyapp: {args.studyapp}, {installed_from(python)}")
    print(f"bare app: {python}")
    tmux("new-session", "-d", "-s", "keepalive", "-x", str(SIZE[0]), "-y", str(SIZE[1]), "--", "sleep", "100000")
    series: list[dict[str, list[float]]] = []
    try:
        for name, command in commands.items():  # one untimed start each: the file cache is warm for all
            time_to_screen(name, command)
        for _ in range(args.repeat):
            figures: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, command in commands.items():
                    figures[name].append(time_to_screen(name, command))
                    time.sleep(0.2)  # the previous app has gone before the next starts
            series.append(figures)
    finally:
        tmux("kill-server", check=False)
    for number, figures in enumerate(series, 1):
        report(f"series {number}:", figures)
    if len(series) > 1:
        report(f"all {len(series)} series together:", {name: [v for figures in series for v in figures[name]]
                                                       for name in commands})
    print(f"load average {os.getloadavg()[0]:.1f} after")


def tmux_version() -> str:
    return subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip().removeprefix("tmux ")


if __name__ == "__main__":
    main()
