"""What a format parser finds, before slugs and image checks turn it into Notes."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Entry:
    """One question found in a document, with the span of lines it covers (1-based, inclusive)."""

    question: str
    answer: str  # Markdown as written; missing images are replaced later, in parse.py
    line: int
    end_line: int
    section: str
    kind: str = "qa"  # "qa" | "table_row" | "child"
    children: list[Entry] = field(default_factory=list)


@dataclass
class Found:
    """A format parser's result: the document's title (first `#` heading, if any) and its entries in order."""

    title: str | None
    entries: list[Entry]


class FormatError(ValueError):
    """A format parser's complaint about one line; parse.py adds the path and raises DeckError."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line
