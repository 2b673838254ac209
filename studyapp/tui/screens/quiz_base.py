"""What the quiz screens share: their strings and style sheet, the quiz's options, one answered item."""
from __future__ import annotations

from dataclasses import dataclass, replace

from studyapp.service.quizzes import Grade, QuizItem
from studyapp.tui.base import StudyScreen
from studyapp.tui.workers import WorkDone

FEEDBACK_MODES = ("each", "end")


@dataclass(frozen=True)
class QuizOptions:
    count: int = 10
    types: tuple[str, ...] | None = None  # None: every kind
    sections: tuple[str, ...] | None = None  # None: every section
    feedback: str = "each"  # one of FEEDBACK_MODES
    practice: bool = False
    seed: int = 0


@dataclass(eq=False)
class OverrideSaved(WorkDone):
    """The learner's verdict on the answer at `index` of the screen's results is stored."""

    result: object  # the store call's return, unused
    index: int
    correct: bool


@dataclass(frozen=True)
class Answered:
    """An item as answered and stored; `grade.override` is the learner's verdict once they give one."""

    item: QuizItem
    grade: Grade
    response: str
    attempt_id: int

    @property
    def correct(self) -> bool:
        return self.grade.final_correct

    def overridden(self, correct: bool) -> Answered:
        return replace(self, grade=self.grade.overridden(correct))


class QuizScreenBase(StudyScreen):
    CSS_PATH = "../quiz.tcss"

    def type_name(self, item_type: str) -> str:
        return self.t(f"quiz.type_{item_type}")


def percent(right: int, total: int) -> str:
    return f"{right / total:.0%}" if total else "–"
