"""`studyapp grade SLUG --answer TEXT`: the free-text grader the quiz and the interview use, on one answer.

A note of the bundled deck is graded against its curated key points without opening the collection;
any other slug is looked up among the collection's notes (a user's imported document) and graded by
word coverage of its bold phrases and repair. An unknown slug is an error (exit 2).
"""
from __future__ import annotations

import sys

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection


def grade(args) -> int:
    from studyapp.service.grading import grade_bundled

    text = sys.stdin.read() if args.answer == "-" else args.answer
    result = grade_bundled(args.slug, text)
    if result is None:
        result = _grade_imported(args, text)
    if args.json:
        emit_json(result)
    else:
        _print(result)
    return EXIT_OK


def _grade_imported(args, text: str) -> dict:
    from studyapp.service.grading import GradingError, grade_note

    with open_collection(args) as collection:
        try:
            return grade_note(collection, args.slug, text)
        except GradingError as error:
            raise CommandError(f"grade: {error}") from None


def _print(result: dict) -> None:
    print(f"{result['verdict']}  (score {result['score']:.0%})")
    for title, key in (("found", "found"), ("missed", "missed"), ("contradicted", "contradicted")):
        for idea in result[key]:
            print(f"  {title}: {idea}")
    if result["verdict"] == "unsure":
        print("  the grader is unsure: judge your answer against the reference")
