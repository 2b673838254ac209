"""The quiz as the interview's question bank: key points, reference answers, numeric estimates and
grades come from studyapp.quiz (free, free_items, numeric), with the bundled repairs and terms."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from random import Random

from studyapp.deck.model import Note
from studyapp.deck.repairs import Repair, load_additions
from studyapp.interview.model import Question
from studyapp.interview.ports import Estimate
from studyapp.interview.scoring import Graded
from studyapp.quiz import free, free_items, numeric
from studyapp.quiz.items import QuizItem


class QuizBank:
    """A `studyapp.interview.ports.QuestionBank` over the quiz's generators and graders."""

    def __init__(self, repairs: Mapping[str, Repair] | None = None,
                 terms: Mapping[str, Sequence[str]] | None = None):
        """Repairs and terms default to the bundled ones (content/repairs.zh.toml)."""
        if repairs is None or terms is None:
            bundled = load_additions()
            repairs = bundled.repairs if repairs is None else repairs
            terms = bundled.terms if terms is None else terms
        self.repairs = repairs
        self.terms = terms

    def key_points(self, scope: Sequence[Note], notes: Sequence[Note]) -> dict[str, tuple[str, ...]]:
        labels = free_items.child_labels(list(notes))
        points = {n.slug: free_items.key_points(n, self.repairs, self.terms, labels.get(n.slug, ())) for n in scope}
        return {slug: found for slug, found in points.items() if len(found) >= free.MIN_POINTS}

    def reference(self, note: Note) -> str:
        return free.reference_answer(note, self.repairs)

    def estimates(self, notes: Sequence[Note], rng: Random) -> list[Estimate]:
        out = []
        for item in numeric.make_items(list(notes), rng):
            reference = (f"{numeric.FORMULAS[item.formula].expression} = "
                         f"{numeric.format_quantity(item.answer, item.unit)}")
            data = {"answer": item.answer, "formula": item.formula, "params": item.params,
                    "tolerance": item.tolerance, "unit": item.unit}
            out.append(Estimate(item.note, item.prompt, reference, data))
        return out

    def grade(self, question: Question, text: str) -> Graded:
        if question.type == "numeric":
            item = QuizItem("numeric", question.note, question.prompt, **question.numeric)
            grade = numeric.grade(item, text)
            missed = () if grade.correct else (grade.expected,)
            return Graded(grade.score, (grade.expected,) if grade.correct else (), missed, grade.expected)
        item = QuizItem("free", question.note, question.prompt, question.reference, key_points=question.key_points)
        # a probe asks about one missed idea: it is graded against that idea alone
        grade = free.grade(item, text, points_only=question.probe_of is not None)
        return Graded(grade.score, grade.found, grade.missed)


@cache
def bundled_bank() -> QuizBank:
    """The bank over the bundled repairs, read once."""
    return QuizBank()
