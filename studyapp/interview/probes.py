"""Probes: after a weak answer an interviewer does not move on, they ask about what was missing.

A probe names the first missed key point and asks what it is and why it matters here; when nothing
in particular was missed (a vague answer that still scored low) it asks "why". It is graded against
that point alone (or the question's own points for a "why"), and is never itself probed again.
Only an attempt is probed: after "I don't know" or an empty answer the reference says it all.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Question
from .scoring import GOOD

SECONDS = 90
PROBED_TYPES = ("free", "lab")


def needs_probe(question: Question, coverage: float) -> bool:
    return question.type in PROBED_TYPES and question.probe_of is None and coverage < GOOD


def probe_for(question: Question, missed: tuple[str, ...]) -> Question:
    subject = question.prompt.split("\n")[0].strip()
    if missed:
        idea = missed[0]
        points = (_spec_of(question, idea),)
        prompt = f"追问：你的回答没有提到「{idea}」。在「{subject}」这个问题里，它指什么？为什么重要？"
    else:
        points = question.key_points
        prompt = f"追问：为什么？请说明「{subject}」背后的原因，而不只是结论。"
    return replace(question, type="free", seconds=SECONDS, prompt=prompt, key_points=points,
                   followup_of=None, probe_of=question.note)


def _spec_of(question: Question, idea: str) -> str:
    """The key point with all its accepted forms ("梯度检查点|gradient checkpointing"), when the
    missed idea is one of the question's key points; else the idea as the grader reported it."""
    return next((p for p in question.key_points if p.split("|")[0] == idea), idea)
