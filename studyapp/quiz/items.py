"""The quiz's plain data: items, grades, cloze cards. No database, no Textual."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

TYPES = ("cloze", "choice", "numeric", "truefalse", "free")


@dataclass(frozen=True)
class QuizItem:
    """One question of a quiz. Fields that do not apply to its type are None (and left out of JSON)."""

    type: str  # one of TYPES
    note: str  # slug of the note the item tests
    prompt: str
    answer: Any  # cloze/free: text; choice: the correct option; numeric: a number in base units; truefalse: bool
    options: tuple[str, ...] | None = None  # choice only
    formula: str | None = None  # numeric only: a name from studyapp.quiz.numeric.FORMULAS
    params: dict[str, Any] | None = field(default=None, hash=False)  # numeric only
    tolerance: float | None = None  # numeric only: relative, |given - answer| <= tolerance * |answer|
    unit: str | None = None  # numeric only: "bytes" | "FLOPs" | "params"
    key_points: tuple[str, ...] | None = None  # free only: "main form|alias|…"
    cloze: str | None = None  # cloze only: the sentence in Anki form, `…{{c1::phrase}}…`

    @property
    def key(self) -> str:
        """Identity within a quiz: two items with the same key are the same question."""
        return f"{self.type}:{self.note}:{self.prompt}"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "note": self.note, "prompt": self.prompt}
        for name in ("options", "answer", "formula", "params", "tolerance", "unit", "key_points", "cloze"):
            value = getattr(self, name)
            if value is None:
                continue
            if name == "key_points":
                value = [point.split("|")[0] for point in value]
            out[name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class Grade:
    """The verdict on one response. `override` is the learner's own verdict when they disagree."""

    correct: bool  # the automatic verdict
    score: float  # 0..1
    expected: str  # the right answer, as shown after the item
    response: str
    found: tuple[str, ...] = ()  # free text: key points found
    missed: tuple[str, ...] = ()  # free text: key points missed
    message: str = ""
    override: bool | None = None
    verdict: str = ""  # the grader's verdict: correct | partial | wrong | unsure ("" when it gave none)
    contradicted: tuple[str, ...] = ()  # free text: misconceptions the answer asserts

    @property
    def unsure(self) -> bool:
        """The grader could not decide: the learner judges against the reference."""
        return self.verdict == "unsure"

    @property
    def final_correct(self) -> bool:
        return self.correct if self.override is None else self.override

    @property
    def final_score(self) -> float:
        return self.score if self.override is None else float(self.override)

    def overridden(self, correct: bool) -> Grade:
        """The same grade with the learner's verdict recorded (strict grading should never have the last word)."""
        return replace(self, override=bool(correct))

    def to_json(self) -> dict[str, Any]:
        return {
            "correct": self.correct, "score": round(self.score, 4), "expected": self.expected,
            "response": self.response, "found": list(self.found), "missed": list(self.missed),
            "message": self.message, "override": self.override, "final_correct": self.final_correct,
            "verdict": self.verdict or ("correct" if self.correct else "wrong"),
            "contradicted": list(self.contradicted),
        }


@dataclass(frozen=True)
class ClozeCard:
    """A cloze deletion of a note, for the store to keep as an SRS card of that note."""

    note_slug: str
    ordinal: int  # 1-based, in document order within the note (Anki's c1, c2, …)
    text: str  # Anki form: `…{{c1::phrase}}…`
    answer: str  # the hidden phrase

    @property
    def key(self) -> str:
        """Stable id that survives reordering: the note's slug and a digest of the hidden phrase."""
        digest = hashlib.sha1(self.answer.encode("utf-8")).hexdigest()[:8]
        return f"{self.note_slug}::cloze-{digest}"
