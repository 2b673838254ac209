"""Plain dataclasses produced by the deck parsers: no database, no Textual."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    """One question and its Markdown answer, as found in a source document."""

    slug: str  # stable id: see studyapp.deck.slug
    question: str
    answer: str  # Markdown, kept as written (lists, bold, code, $math$, images)
    section: str  # the nearest heading above the note ("" when none)
    line: int  # 1-based line of the question in the source document
    kind: str = "qa"  # "qa" | "table_row" | "child"
    parent_slug: str | None = None  # set on child notes
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deck:
    """A parsed document: its title (first `#` heading or file stem) and its notes in order."""

    title: str
    path: str
    notes: tuple[Note, ...] = field(default_factory=tuple)


class DeckError(ValueError):
    """A document that cannot be imported; str() reads `PATH:LINE: message` (or `PATH: message`)."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")
