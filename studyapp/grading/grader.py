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
    stated: set[str] = set()  # subjects whose number the answer gives right
    for idea in keys.ideas:
        holding = [form for form in idea.forms if text.strip() and holds(form, answer, anchors)]
        if holding:
            found.append(idea.text)
            found_weight += idea.weight
            stated.update(a for form in holding if form.anchor is not None for a in form.anchor.alternatives)
        else:
            missed.append(idea.text)
            core_missed |= idea.core
    contradicted = [m.claim for m in keys.misconceptions
                    if text.strip() and any(_asserted(form, answer, anchors, stated, m.scope == "clause")
                                            for form in m.forms)]
    coverage = min(1.0, found_weight / keys.full) if keys.full else 0.0
    score, verdict = decide(coverage, bool(contradicted), core_missed)
    return GradeResult(keys.slug, score, verdict, tuple(found), tuple(missed), tuple(contradicted))


def _asserted(form, answer, anchors, stated: set[str], strict: bool) -> bool:
    """A wrong number for a subject whose right number is also given is a part of the sum, not a
    misconception: "AdamW 12 字节：副本、动量、方差各 4 字节"."""
    if form.anchor is not None and any(t.is_number for t in form.terms) and stated & set(form.anchor.alternatives):
        return False
    return holds(form, answer, anchors, strict=strict)


def grade_answer(slug: str, text: str) -> GradeResult:
    """Grade against the bundled deck's key points; UnknownNote when the note has none."""
    keys = keys_for(slug)
    if keys is None:
        raise UnknownNote(slug)
    return grade_with(keys, text)
