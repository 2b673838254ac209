"""`studyapp grade`: one free-text answer graded as the quiz and the interview grade it.

A note of the bundled deck is graded against its curated key points; any other note of the collection by word
coverage of its bold phrases and repair."""
from __future__ import annotations

from studyapp.service.collection import Collection

__all__ = ["GradingError", "grade_bundled", "grade_note"]


class GradingError(ValueError):
    """The answer cannot be graded (no such note, nothing to grade against): the message says why."""


def grade_bundled(slug: str, text: str) -> dict | None:
    """The verdict against the curated key points of a bundled note; None when `slug` has none."""
    from studyapp.grading import grade_with, keys_for

    keys = keys_for(slug)
    return None if keys is None else grade_with(keys, text).to_json()


def grade_note(collection: Collection, slug: str, text: str) -> dict:
    """The verdict on a note of the collection, by word coverage of its key points."""
    from studyapp.deck.repairs import load_repairs
    from studyapp.quiz import QuizItem, free

    note = next((n for n in collection.notes() if n.slug == slug), None)
    if note is None:
        raise GradingError(f"no note with slug {slug!r} (see `studyapp cards --json` for the slugs)")
    repairs = load_repairs()
    points = free.key_points(note, repairs)
    if not points:
        raise GradingError(f"note {slug!r} has no key points to grade against")
    item = QuizItem("free", note.slug, note.question, free.reference_answer(note, repairs), key_points=points)
    g = free.grade(item, text)
    return {"note": note.slug, "score": round(g.score, 4), "verdict": g.verdict, "found": list(g.found),
            "missed": list(g.missed), "contradicted": list(g.contradicted)}
