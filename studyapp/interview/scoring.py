"""An answer's score: key-point coverage (graded by the question bank) and the learner's own 0–4 rating."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ports import QuestionBank

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


def grade_answer(bank: QuestionBank, question, text: str) -> Graded:
    """Grade an answer to a planned question; an empty free answer finds nothing and costs no grading."""
    if question.type != "numeric" and (not text.strip() or not question.key_points):
        return Graded(0.0, (), tuple(p.split("|")[0] for p in question.key_points))
    return bank.grade(question, text)
