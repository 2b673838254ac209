"""Small parsed decks built by hand, so store tests do not depend on the parser."""
from __future__ import annotations

from studyapp.deck.model import Deck, Note
from studyapp.deck.slug import slugify


def note(question: str, answer: str = "an answer", parent: str | None = None, line: int = 1) -> Note:
    parent_slug = slugify(parent) if parent else None
    return Note(
        slug=slugify(question, parent_slug), question=question, answer=answer, section="Test", line=line,
        kind="child" if parent else "qa", parent_slug=parent_slug,
    )


def deck(*notes: Note, title: str = "Test deck") -> Deck:
    return Deck(title=title, path="test.md", notes=tuple(notes))
