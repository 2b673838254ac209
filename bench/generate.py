"""Large synthetic collections and documents for the benchmarks.

    python bench/generate.py document OUT.md --notes 10000
    python bench/generate.py collection HOME --cards 100000 --reviews 1000000
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp import paths  # noqa: E402
from studyapp.store.collection import Collection  # noqa: E402

TOPICS = ["显存", "LoRA", "混合精度", "注意力", "tokenizer", "FLOPs", "RLHF", "量化", "采样", "位置编码"]


def write_document(path: Path, notes: int, seed: int = 0) -> Path:
    rng = random.Random(seed)
    lines = ["# 合成题库", ""]
    for i in range(notes):
        topic = rng.choice(TOPICS)
        lines.append(f"- **第{i}题：{topic}的要点是什么？(#{i})**")
        lines.append("    ")
        lines.append(f"    {topic}的解释，编号 {i}。**关键点{i % 7}** 需要记住。")
        lines.append(f"    - 细节 {rng.randint(0, 10**6)}")
        lines.append("    ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_collection(home: Path, cards: int, reviews: int, seed: int = 0) -> Path:
    """Schema by the real migrations; rows bulk-inserted with sqlite3 for speed."""
    Collection.open(home, import_bundled=False).close()
    rng = random.Random(seed)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    conn = sqlite3.connect(paths.collection_path(home))
    with conn:
        conn.execute("INSERT INTO deck (id, name, source, created_at) VALUES (1, 'bench', 'bench', ?)",
                     (now.strftime(fmt),))
        conn.executemany(
            "INSERT INTO note (id, deck_id, slug, question, answer, section, line, kind, parent_slug, retired, "
            "updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, 'qa', NULL, 0, ?)",
            ((i, f"n-{i}", f"第{i}题：{TOPICS[i % 10]}？", f"答案 {i}", TOPICS[i % 10], i, now.strftime(fmt))
             for i in range(1, cards + 1)),
        )
        card_rows = []
        for i in range(1, cards + 1):
            if i % 10 == 0:  # a tenth still new
                card_rows.append((i, i, 0, None, None, None, now.strftime(fmt), None, 0, 0))
                continue
            last = now - timedelta(days=rng.uniform(0, 180))
            stability = rng.uniform(0.5, 200)
            due = last + timedelta(days=stability * rng.uniform(0.5, 1.5))
            card_rows.append((i, i, 2, None, stability, rng.uniform(1, 10), due.strftime(fmt), last.strftime(fmt),
                              reviews // cards, 0))
        conn.executemany(
            "INSERT INTO card (id, note_id, kind, ordinal, state, step, stability, difficulty, due, last_review, reps, "
            "lapses, suspended, buried_until, tags) VALUES (?, ?, 'basic', 0, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, '')",
            card_rows,
        )
        conn.executemany(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before, stability, difficulty, "
            "source) VALUES (?, ?, ?, ?, 2, 3.0, 5.0, 'review')",
            ((rng.randint(1, cards), rng.choice((1, 3, 3, 3, 4)),
              (now - timedelta(days=rng.uniform(0, 365))).strftime(fmt), rng.randint(1000, 20000))
             for _ in range(reviews)),
        )
    conn.close()
    return paths.collection_path(home)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    doc = sub.add_parser("document")
    doc.add_argument("out", type=Path)
    doc.add_argument("--notes", type=int, default=10_000)
    col = sub.add_parser("collection")
    col.add_argument("home", type=Path)
    col.add_argument("--cards", type=int, default=100_000)
    col.add_argument("--reviews", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.what == "document":
        write_document(args.out, args.notes)
    else:
        build_collection(args.home, args.cards, args.reviews)
    print(f"done in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
