"""Quizzes: the material (the collection's notes and the bundled repairs), generating a quiz, grading an
answer, and recording sessions and answers (a right answer outside practice is a Good review of the note's
card, a wrong one an Again: the store does that in the same transaction)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studyapp.deck.model import Note
from studyapp.deck.repairs import load_repairs
from studyapp.quiz import TYPES, Grade, QuizItem, format_quantity, generate_quiz, grade, parse_quantity
from studyapp.service.collection import Collection

__all__ = ["TYPES", "Grade", "Material", "Note", "QuizItem", "finish_quiz", "format_quantity", "generate_quiz",
           "grade", "load_material", "load_repairs", "note_by_slug", "notes", "override_answer", "parse_quantity", "quiz_summary",
           "record_answer", "start_quiz"]


@dataclass(frozen=True)
class Material:
    """What quizzes are made from: the active notes, their sections in order, the repairs."""

    notes: tuple[Note, ...]
    sections: tuple[str, ...]
    repairs: dict


def notes(collection: Collection) -> list[Note]:
    """The collection's active notes as plain deck notes (what quizzes and interviews are made from)."""
    return collection.notes()


def load_material(collection: Collection) -> Material:
    found = tuple(collection.notes())
    sections = tuple(dict.fromkeys(note.section for note in found if note.section))
    return Material(found, sections, load_repairs())


def start_quiz(collection: Collection, seed: int | None = None, practice: bool = False,
               now: datetime | None = None) -> int:
    return collection.start_quiz(seed, practice, now)


def finish_quiz(collection: Collection, quiz_id: int, now: datetime | None = None) -> None:
    collection.finish_quiz(quiz_id, now)


def record_answer(collection: Collection, quiz_id: int, item: QuizItem, verdict: Grade, response: str = "",
                  now: datetime | None = None) -> int:
    """The attempt's id; unless the quiz is practice, the note's card is reviewed (right: Good, wrong: Again)."""
    return collection.record_quiz_answer(quiz_id, item, verdict, response, now)


def override_answer(collection: Collection, attempt_id: int, correct: bool) -> None:
    """The learner's verdict replaces the grader's; the card's review is redone to match."""
    collection.override_quiz_answer(attempt_id, correct)


def quiz_summary(collection: Collection, days: int = 30, now: datetime | None = None) -> dict:
    return collection.quiz_summary(days, now)


def note_by_slug(collection: Collection, slug: str) -> Note | None:
    return next((n for n in collection.notes() if n.slug == slug), None)

