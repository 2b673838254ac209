"""An answer's score: key-point coverage (the quiz's graders) and the learner's own 0–4 rating."""
from __future__ import annotations

from dataclasses import dataclass

from studyapp.quiz.items import QuizItem

BAD = 0.5  # below this an answer counts as missed: its card is answered Again (when the session may)
GOOD = 0.6  # at or above this a follow-up from the same family may come next
MAX_RATING = 4


def answer_score(coverage: float, self_rating: int | None) -> float:
    """The mean of coverage and rating/4; coverage alone until the learner has rated."""
    if self_rating is None:
        return coverage
    return (coverage + self_rating / MAX_RATING) / 2


@dataclass(frozen=True)
class Graded:
    coverage: float
    found: tuple[str, ...]
    missed: tuple[str, ...]
    expected: str = ""


def grade_text(question, text: str) -> Graded:
    """Grade an answer to a planned question; an empty answer finds nothing and costs no grading."""
    if question.type == "numeric":
        return _grade_numeric(question, text)
    points = tuple(p.split("|")[0] for p in question.key_points)
    if not text.strip() or not question.key_points:
        return Graded(0.0, (), points)
    from studyapp.quiz import free

    item = QuizItem("free", question.note, question.prompt, question.reference, key_points=question.key_points)
    grade = free.grade(item, text, points_only=question.probe_of is not None)
    return Graded(grade.score, grade.found, grade.missed)


def _grade_numeric(question, text: str) -> Graded:
    from studyapp.quiz import numeric

    item = QuizItem("numeric", question.note, question.prompt, **question.numeric)
    grade = numeric.grade(item, text)
    missed = () if grade.correct else (grade.expected,)
    return Graded(grade.score, (grade.expected,) if grade.correct else (), missed, grade.expected)
