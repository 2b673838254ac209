"""Foundation benchmarks (issue 2): import, re-import, due queue, one review; in-process medians.

    python bench/store_bench.py [--notes 10000] [--cards 100000] [--reviews 1000000]

Each figure is printed with its target and as a ratio to a baseline measured in the same run
(a `SELECT 1` transaction on the collection's own sqlite3 connection), so machines of different speed compare.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import build_collection, write_document  # noqa: E402
from studyapp.deck import parse_file  # noqa: E402
from studyapp.service.collection import open_collection  # noqa: E402
from studyapp.store import queue  # noqa: E402
from studyapp.store.settings import load_settings  # noqa: E402
from studyapp.store.timeutil import utcnow  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(name: str, ms: float, target_ms: float, baseline_ms: float) -> None:
    verdict = "ok" if ms < target_ms else "OVER"
    print(f"{name:<38} {ms:>9.2f} ms  (target < {target_ms:g} ms: {verdict}; {ms / baseline_ms:,.0f}x SELECT 1)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="studyapp-bench-"))

    doc = write_document(work / "big.md", args.notes)
    home = work / "import-home"
    col = open_collection(home, import_bundled=False)
    def select_one():
        with col.db() as conn:
            conn.execute("SELECT 1")

    baseline = median_ms(select_one, 50)
    print(f"baseline: SELECT 1 in a transaction on the collection's sqlite3 connection {baseline:.3f} ms")

    start = time.perf_counter()
    deck = parse_file(doc)
    parse_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    summary = col.import_decks([(deck, str(doc))])
    import_ms = parse_ms + (time.perf_counter() - start) * 1000
    assert summary.added == len(deck.notes)
    print(f"parse of {args.notes} notes: {parse_ms:.0f} ms")
    report(f"import of {args.notes:,} notes (parse+store)", import_ms, 2000, baseline)
    reimport = median_ms(lambda: col.import_decks([(parse_file(doc), str(doc))]), 5)
    report("unchanged re-import (parse+store)", reimport, 500, baseline)
    col.close()

    big = work / "big-home"
    start = time.perf_counter()
    build_collection(big, args.cards, args.reviews)
    print(f"generated {args.cards:,} cards / {args.reviews:,} review logs in {time.perf_counter() - start:.1f} s")
    col = open_collection(big, import_bundled=False)
    now = utcnow()
    with col.db() as conn:
        cfg = load_settings(conn)
        report("due-queue query (next card)", median_ms(lambda: queue.next_card_id(conn, now, cfg.limits, 4), 50),
               5, baseline)
        report("day counts (due/new/learning)", median_ms(lambda: queue.day_counts(conn, now, cfg.limits, 4), 20),
               5, baseline)
    ids = iter(range(1, args.cards + 1))
    report("one review written (one transaction)", median_ms(lambda: col.rate(next(ids), 3, now), 50), 5, baseline)
    report("collection.next_card (view incl. settings)", median_ms(lambda: col.next_card(now), 20), 10, baseline)
    col.close()

    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "studyapp", "--home", str(big), "cards", "--due", "--json"],
                         capture_output=True, text=True)
    print(f"`studyapp cards --due --json` (whole process, {out.stdout.count(chr(10) + '  {')} cards): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
