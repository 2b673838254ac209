"""Large synthetic collections and documents for the benchmarks.

    python bench/generate.py document OUT.md --notes 10000
    python bench/generate.py collection HOME --cards 100000 --reviews 1000000
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp import paths  # noqa: E402
from studyapp.store import inserts  # noqa: E402
from studyapp.store.collection import Collection  # noqa: E402
from studyapp.store.schema import CardState, Rating  # noqa: E402

TOPICS = ["显存", "LoRA", "混合精度", "注意力", "tokenizer", "FLOPs", "RLHF", "量化", "采样", "位置编码"]
RATINGS = (Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.EASY)  # drawn for each synthetic answer


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
    """Schema by the real migrations; rows written in one transaction through the store's own insert statements
    (studyapp.store.inserts), so this knows no column of its own."""
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    collection = Collection.open(home, import_bundled=False)
    try:
        with collection.db(write=True) as conn:
            deck_id = inserts.add_deck(conn, inserts.DeckRow("bench", "bench", now))
            inserts.add_notes(conn, (
                inserts.NoteRow(deck_id, f"n-{i}", f"第{i}题：{TOPICS[i % 10]}？", f"答案 {i}", now,
                                section=TOPICS[i % 10], line=i, id=i)
                for i in range(1, cards + 1)))
            inserts.add_cards(conn, (_card(i, now, reviews // cards, rng) for i in range(1, cards + 1)))
            inserts.add_reviews(conn, (
                inserts.ReviewRow(rng.randint(1, cards), rng.choice(RATINGS), now - timedelta(days=rng.uniform(0, 365)),
                                  rng.randint(1000, 20000), CardState.REVIEW, 3.0, 5.0)
                for _ in range(reviews)))
    finally:
        collection.close()
    return paths.collection_path(home)


def _card(i: int, now: datetime, reps: int, rng: random.Random) -> inserts.CardRow:
    if i % 10 == 0:  # a tenth still new
        return inserts.CardRow(i, now, id=i)
    last = now - timedelta(days=rng.uniform(0, 180))
    stability = rng.uniform(0.5, 200)
    due = last + timedelta(days=stability * rng.uniform(0.5, 1.5))
    return inserts.CardRow(i, due, state=CardState.REVIEW, stability=stability, difficulty=rng.uniform(1, 10),
                           last_review=last, reps=reps, id=i)


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
