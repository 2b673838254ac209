"""What the interview needs from the rest of the app, named here and passed in (Protocols and plain data).

The interview imports no other feature and no store: the service layer (studyapp.service.interview)
hands it a question bank (the quiz's key points, reference answers, numeric estimates and graders), a
lab index (note slug -> lab) and the collection's card rows, and keeps a session through a
`SessionStore`. Anything with these attributes fits: tests pass small dataclasses of their own.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from random import Random
from typing import TYPE_CHECKING, Any, Protocol

from studyapp.deck.model import Note

if TYPE_CHECKING:
    from .model import AnswerRecord, Question
    from .scoring import Graded


@dataclass(frozen=True)
class Estimate:
    """A numeric question the bank made for a note: asked as it is, graded by the bank again."""

    note: str  # slug
    prompt: str
    reference: str  # the formula and the right value, as the learner reads it after answering
    numeric: dict[str, Any]  # what the bank needs back to grade an answer (Question.numeric)


class QuestionBank(Protocol):
    """Where questions and grades come from (the quiz's generators and graders)."""

    def key_points(self, scope: Sequence[Note], notes: Sequence[Note]) -> Mapping[str, tuple[str, ...]]:
        """Slug -> the ideas an answer should name, for each note of `scope` that has enough of them to be
        graded fairly (the others are left out); `notes` is the whole deck a child note is labelled in."""
        ...

    def reference(self, note: Note) -> str:
        """The answer shown after the learner's: the note's own, with its checked repair when it has one."""
        ...

    def estimates(self, notes: Sequence[Note], rng: Random) -> list[Estimate]:
        ...

    def grade(self, question: Question, text: str) -> Graded:
        """Grade a non-empty answer: against the key points (free, lab, probe) or the value (numeric)."""
        ...


class Lab(Protocol):
    """A lab as the interview names it: asked about in a lab question, suggested in the report."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def summary(self) -> str: ...


# Note slug -> its lab; `get` of a child note without a lab of its own gives its parent's.
LabIndex = Mapping[str, Lab]


class CardRow(Protocol):
    """One card of an active note, with what the schedule knows of it (store.interviews.CandidateRow)."""

    card_id: int
    card_kind: str  # basic | cloze
    slug: str
    question: str
    answer: str
    section: str
    line: int
    kind: str  # the note's kind
    parent_slug: str | None
    state: str  # new | learning | review | relearning
    retrievability: float
    lab: str | None  # a lab named on the card itself
    recent_lapses: int


class PastAnswer(Protocol):
    """An answer of a finished session, oldest first (store.interviews.PastAnswer)."""

    slug: str
    coverage: float
    self_rating: int | None


class SessionStore(Protocol):
    """Where a session is kept while it runs: opened, each answer saved, then closed with its report."""

    def open(self, started_at: datetime, minutes: int, mode: str, sections: Sequence[str],
             affects_schedule: bool) -> int:
        ...

    def save(self, session_id: int, record: AnswerRecord) -> None:
        ...

    def finish(self, session_id: int, answers: Sequence[AnswerRecord], report: dict[str, Any],
               now: datetime) -> list[int]:
        """Every answer, the report and the Again reviews it implies, in one go; the ids of those cards."""
        ...
