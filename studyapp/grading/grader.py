"""Grade a free-text answer against a note's key points: which ideas it states, which it misses, which known
misconceptions it asserts, and the verdict that follows (see verdict.py)."""
from __future__ import annotations

from .answer_text import Answer
from .keypoints import NoteKeys, bundled
from .matcher import holds
from .verdict import GradeResult, decide


class UnknownNote(KeyError):
    """No key points for this slug."""

    def __str__(self) -> str:
        return f"no key points for note {self.args[0]!r}"


def keys_for(slug: str) -> NoteKeys | None:
    return bundled().get(slug)


def grade_with(keys: NoteKeys, text: str) -> GradeResult:
    answer = Answer.of(text or "")
    anchors = keys.anchors
    found, missed = [], []
    found_weight = 0.0
    core_missed = False
    for idea in keys.ideas:
        if text.strip() and any(holds(form, answer, anchors) for form in idea.forms):
            found.append(idea.text)
            found_weight += idea.weight
        else:
            missed.append(idea.text)
            core_missed |= idea.core
    contradicted = [m.claim for m in keys.misconceptions
                    if text.strip() and any(holds(form, answer, anchors) for form in m.forms)]
    coverage = min(1.0, found_weight / keys.full) if keys.full else 0.0
    score, verdict = decide(coverage, bool(contradicted), core_missed)
    return GradeResult(keys.slug, score, verdict, tuple(found), tuple(missed), tuple(contradicted))


def grade_answer(slug: str, text: str) -> GradeResult:
    """Grade against the bundled deck's key points; UnknownNote when the note has none."""
    keys = keys_for(slug)
    if keys is None:
        raise UnknownNote(slug)
    return grade_with(keys, text)
