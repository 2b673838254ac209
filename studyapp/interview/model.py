"""The interview's plain data: what may be asked, the plan, one answer."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studyapp.deck.model import Note

TYPES = ("free", "numeric", "lab")
MODES = ("practice", "pressure")


@dataclass(frozen=True)
class Candidate:
    """A note that may be asked about, with what the collection knows of the learner's grip on it."""

    note: Note
    card_id: int | None
    state: str = "new"  # CardView.state: new | learning | review | relearning
    retrievability: float = 0.0
    recent_lapses: int = 0  # Again answers in the last weeks
    last_interview_score: float | None = None  # 0..1, the latest interview answer on this note
    lab: str | None = None  # lab id
    lab_title: str = ""
    lab_summary: str = ""

    @property
    def slug(self) -> str:
        return self.note.slug


@dataclass(frozen=True)
class Question:
    """One planned question. `key_points` and `reference` are what the answer is graded against."""

    note: str
    section: str
    topic: str
    type: str  # one of TYPES
    seconds: int
    prompt: str
    reference: str
    key_points: tuple[str, ...] = ()
    card_id: int | None = None
    lab: str | None = None
    weakness: float = 0.0
    followup_of: str | None = None  # the note whose good answer brought this question in
    probe_of: str | None = None  # the note whose weak answer this question probes (same note, a missed point)
    numeric: dict[str, Any] | None = field(default=None, hash=False)  # QuizItem fields of a numeric item

    def to_json(self) -> dict[str, Any]:
        return {"note": self.note, "section": self.section, "topic": self.topic, "type": self.type,
                "seconds": self.seconds}


@dataclass(frozen=True)
class PlanOptions:
    minutes: int = 15
    seed: int = 0
    sections: tuple[str, ...] = ()  # empty: all sections
    weakest_first: bool = False  # ask the weakest notes first instead of a weighted draw


@dataclass(frozen=True)
class Plan:
    questions: tuple[Question, ...]
    minutes: int
    seed: int
    sections: tuple[str, ...] = ()
    followups: dict[str, tuple[Question, ...]] = field(default_factory=dict, hash=False)  # note -> family
    reserve: tuple[Question, ...] = ()  # asked, in order, when the planned questions end before the time

    @property
    def seconds(self) -> int:
        return sum(q.seconds for q in self.questions)

    def to_json(self) -> dict[str, Any]:
        questions = []
        for q in self.questions:
            data = q.to_json()
            family = self.followups.get(q.note, ())
            data["followup"] = family[0].note if family else None
            data["weakness"] = round(q.weakness, 3)
            questions.append(data)
        return {"minutes": self.minutes, "seed": self.seed, "seconds": self.seconds,
                "sections": list(self.sections), "questions": questions}


@dataclass
class AnswerRecord:
    """One asked question and what came of it; the engine fills it in, the store keeps it."""

    position: int
    question: Question
    answer: str = ""
    started_at: Any = None  # datetime
    seconds_used: float = 0.0
    timed_out: bool = False
    skipped: bool = False  # "I don't know"
    coverage: float = 0.0  # 0..1, share of key points found (numeric: 1 when right)
    found: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    self_rating: int | None = None  # 0..4, given after seeing the reference
    expected: str = ""  # numeric: the right value as text

    @property
    def score(self) -> float:
        from .scoring import answer_score

        return answer_score(self.coverage, self.self_rating)
