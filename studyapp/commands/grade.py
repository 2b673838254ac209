"""`studyapp grade SLUG --answer TEXT`: the free-text grader the quiz and the interview use, on one answer.

A note of the bundled deck is graded against its curated key points without opening the collection;
any other slug is looked up among the collection's notes (a user's imported document) and graded by
word coverage of its bold phrases and repair. An unknown slug is an error (exit 2).
"""
from __future__ import annotations

import sys

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection


def grade(args) -> int:
    from studyapp.grading import keys_for

    text = sys.stdin.read() if args.answer == "-" else args.answer
    keys = keys_for(args.slug)
    if keys is not None:
        from studyapp.grading import grade_with

        result = grade_with(keys, text).to_json()
    else:
        result = _grade_imported(args, text)
    if args.json:
        emit_json(result)
    else:
        _print(result)
    return EXIT_OK


def _grade_imported(args, text: str) -> dict:
    from studyapp.deck.repairs import load_repairs
    from studyapp.quiz import QuizItem, free

    with open_collection(args) as collection:
        note = next((n for n in collection.notes() if n.slug == args.slug), None)
    if note is None:
        raise CommandError(f"grade: no note with slug {args.slug!r} (see `studyapp cards --json` for the slugs)")
    repairs = load_repairs()
    points = free.key_points(note, repairs)
    if not points:
        raise CommandError(f"grade: note {args.slug!r} has no key points to grade against")
    item = QuizItem("free", note.slug, note.question, free.reference_answer(note, repairs), key_points=points)
    g = free.grade(item, text)
    return {"note": note.slug, "score": round(g.score, 4), "verdict": g.verdict, "found": list(g.found),
            "missed": list(g.missed), "contradicted": list(g.contradicted)}


def _print(result: dict) -> None:
    print(f"{result['verdict']}  (score {result['score']:.0%})")
    for title, key in (("found", "found"), ("missed", "missed"), ("contradicted", "contradicted")):
        for idea in result[key]:
            print(f"  {title}: {idea}")
    if result["verdict"] == "unsure":
        print("  the grader is unsure: judge your answer against the reference")
