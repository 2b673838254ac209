"""A note's topic: its quiz family (peft, precision, memory, …), else its family root (the parent note)."""
from __future__ import annotations

from collections.abc import Sequence

from studyapp.deck.model import Note
from studyapp.quiz.families import FAMILIES, families, root


def topic_of(note: Note, by_slug: dict[str, Note]) -> str:
    # A child note belongs to its parent's topic: 处理梯度 is about 显存 even when it does not say so.
    owner = by_slug.get(note.parent_slug or "", note)
    named = families(owner) or families(note)
    for name in FAMILIES:  # FAMILIES' order, so that a note in two families always gets the same one
        if name in named:
            return name
    return root(owner)


def spread_key(sections: Sequence[str]) -> str:
    """What the plan spreads over: sections when the scope has several, else topics."""
    return "section" if len(set(sections)) > 1 else "topic"
