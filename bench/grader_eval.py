"""How far the free-text grader's verdicts can be trusted, on the labelled set tests/grading/eval_set.tsv.

    .venv/bin/python bench/grader_eval.py [--show-errors]

For each part (tune: the key points were adjusted on it; heldout: never tuned on, though the matcher changed
after its first run; heldout2: written after that, never tuned on either; heldout3: written after one matcher
fix informed by the errors of the first two) it prints the
precision and recall of "correct", the share of wrong-but-plausible and of off-topic answers graded
"correct", and the share of "unsure" verdicts. An "unsure" verdict is not "correct": it counts against
recall and never for precision. Targets: precision ≥ 0.90, recall ≥ 0.85, wrong passed ≤ 10 %,
off-topic passed 0.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL_SET = REPO / "tests" / "grading" / "eval_set.tsv"
LABELS = ("correct", "partial", "wrong", "offtopic")
PARTS = ("tune", "heldout", "heldout2", "heldout3")
TARGETS = {"precision": 0.90, "recall": 0.85, "wrong_passed": 0.10, "offtopic_passed": 0.0}


@dataclass(frozen=True)
class Labelled:
    part: str
    note: str
    label: str
    answer: str
    line: int


def load_set(path: Path = EVAL_SET) -> list[Labelled]:
    aliases: dict[str, str] = {}
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@"):
            alias, slug = line[1:].split("\t")
            aliases[alias] = slug
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated fields, got {len(fields)}")
        part, alias, label, answer = fields
        if part not in PARTS or label not in LABELS or alias not in aliases:
            raise ValueError(f"{path}:{number}: unknown part, label or note alias")
        rows.append(Labelled(part, aliases[alias], label, answer, number))
    return rows


def measure(rows: list[Labelled]) -> dict:
    from studyapp.grading import grade_answer

    graded = [(row, grade_answer(row.note, row.answer)) for row in rows]

    def share(hits: int, total: int) -> float:
        return hits / total if total else 0.0

    passed = [(row, g) for row, g in graded if g.verdict == "correct"]
    true_pass = sum(row.label == "correct" for row, _ in passed)
    n_correct = sum(row.label == "correct" for row in rows)
    by_label = {label: [g for row, g in graded if row.label == label] for label in LABELS}
    return {
        "answers": len(rows),
        "notes": len({row.note for row in rows}),
        "precision": share(true_pass, len(passed)),
        "recall": share(true_pass, n_correct),
        "wrong_passed": share(sum(g.verdict == "correct" for g in by_label["wrong"]), len(by_label["wrong"])),
        "wrong_flagged": share(sum(bool(g.contradicted) for g in by_label["wrong"]), len(by_label["wrong"])),
        "offtopic_passed": share(sum(g.verdict == "correct" for g in by_label["offtopic"]), len(by_label["offtopic"])),
        "unsure": share(sum(g.verdict == "unsure" for _, g in graded), len(graded)),
        "errors": [(row, g) for row, g in graded
                   if (g.verdict == "correct") != (row.label == "correct") or (row.label == "wrong" and not g.contradicted
                                                                            and g.verdict != "wrong")],
    }


def meets_targets(figures: dict) -> bool:
    return (figures["precision"] >= TARGETS["precision"] and figures["recall"] >= TARGETS["recall"]
            and figures["wrong_passed"] <= TARGETS["wrong_passed"]
            and figures["offtopic_passed"] <= TARGETS["offtopic_passed"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list the answers graded against their label")
    args = parser.parse_args(argv)
    rows = load_set()
    print(f"{'part':8} {'answers':>7} {'notes':>5} {'precision':>9} {'recall':>6} {'wrong→correct':>13} "
          f"{'wrong flagged':>13} {'off-topic→correct':>17} {'unsure':>6}")
    ok = True
    for part in PARTS:
        f = measure([row for row in rows if row.part == part])
        ok &= meets_targets(f)
        print(f"{part:8} {f['answers']:>7} {f['notes']:>5} {f['precision']:>9.2f} {f['recall']:>6.2f} "
              f"{f['wrong_passed']:>13.0%} {f['wrong_flagged']:>13.0%} {f['offtopic_passed']:>17.0%} {f['unsure']:>6.0%}")
        if args.show_errors:
            for row, g in f["errors"]:
                print(f"  line {row.line} [{row.label} → {g.verdict} {g.score:.2f}] {row.note[:30]}: {row.answer[:70]}")
                print(f"      found={list(g.found)} contradicted={list(g.contradicted)}")
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
