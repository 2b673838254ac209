"""A note's topic: the quiz family its question names first (peft, precision, memory, …), else its
family root's question, so that a topic is always something a learner can read."""
from __future__ import annotations

from collections.abc import Sequence

from studyapp.deck.families import FAMILIES, keyword_pattern
from studyapp.deck.model import Note

MAX_LABEL = 24


def topic_of(note: Note, by_slug: dict[str, Note]) -> str:
    # A child note belongs to its parent's topic: 处理梯度 is about 显存 even when it does not say so.
    owner = by_slug.get(note.parent_slug or "", note)
    for question in (owner.question, note.question):
        first = _first_family(question)
        if first:
            return first
    return label(owner.question)


def _first_family(question: str) -> str | None:
    """The family whose keyword comes first in the question: "RLHF完整训练过程……显存占用" is about RLHF,
    "LoRA 微调为什么能降低显存" about PEFT. Ties go to FAMILIES' order, so the answer never varies."""
    text = question.lower()
    best: tuple[int, int] | None = None
    found = None
    for rank, (name, words) in enumerate(FAMILIES.items()):
        for word in words:
            match = keyword_pattern(word).search(text)
            if match and (best is None or (match.start(), rank) < best):
                best, found = (match.start(), rank), name
    return found


def label(question: str) -> str:
    """A question shortened to a topic label: its first sentence, at most MAX_LABEL characters."""
    head = question.split(" — ")[0]
    for mark in "？?。":
        head = head.split(mark)[0]
    head = head.strip()
    return head if len(head) <= MAX_LABEL else head[: MAX_LABEL - 1] + "…"


def spread_key(sections: Sequence[str]) -> str:
    """What the plan spreads over: sections when the scope has several, else topics."""
    return "section" if len(set(sections)) > 1 else "topic"
