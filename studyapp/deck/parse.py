"""Entry point: a document (file or text) becomes a Deck of Notes with stable slugs.

Three formats are recognised by counting their question markers and taking the most common
(ties: Notion, then Q/A, then headings):
- "notion": top-level bold bullets `- **question**` with indented answers (notion.py);
- "qa": `Q:` / `A:` blocks (qa_blocks.py);
- "headings": `## question` headings with the answer below (headings.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import headings, notion, qa_blocks
from .entry import Entry, FormatError, Found
from .images import resolve_images
from .markdown import fence_mask, split_lines
from .model import Deck, DeckError, Note
from .slug import normalize_question, slugify
from .source import read_document

FORMATS = {
    "notion": (notion.count_questions, notion.parse_notion),
    "qa": (qa_blocks.count_questions, qa_blocks.parse_qa_blocks),
    "headings": (headings.count_questions, headings.parse_headings),
}
_NO_QUESTIONS = ("no questions found: expected top-level bold bullets (`- **question**`), "
                 "`Q:`/`A:` blocks or `## question` headings")


@dataclass(frozen=True)
class ParsedDocument:
    """A parsed document with what lint needs beyond the Deck: the format and each note's line span."""

    deck: Deck
    format: str
    spans: tuple[tuple[int, int], ...]  # (first line, last line) per note, in deck.notes order


def parse_file(path: str | Path, name: str | None = None) -> Deck:
    """`path` "-" reads stdin; `name` is then how the document is named in messages."""
    shown = name or ("<stdin>" if str(path) == "-" else str(path))
    base = Path.cwd() if str(path) == "-" else Path(path).parent
    return parse_text(read_document(path), shown, base)


def parse_text(text: str, path: str, base_dir: Path | None = None) -> Deck:
    """Parse a document's text; `path` names it in errors, images resolve against `base_dir`
    (by default the folder of `path`)."""
    return parse_document(text, path, base_dir).deck


def detect_format(lines: list[str]) -> str | None:
    fenced = fence_mask(lines)
    counts = {name: count(lines, fenced) for name, (count, _) in FORMATS.items()}
    best = max(counts, key=counts.__getitem__)  # max keeps the first of equal counts: the FORMATS order
    return best if counts[best] else None


def parse_document(text: str, path: str, base_dir: Path | None = None) -> ParsedDocument:
    path = str(path)
    base_dir = Path(path).parent if base_dir is None else Path(base_dir)
    nul = text.find("\x00")
    if nul >= 0:
        raise DeckError(path, "binary data (NUL characters), not a text document", text.count("\n", 0, nul) + 1)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DeckError(path, "the file is empty")
    lines = split_lines(text)
    kind = detect_format(lines)
    if kind is None:
        raise DeckError(path, _NO_QUESTIONS)
    try:
        found: Found = FORMATS[kind][1](lines)
    except FormatError as error:
        raise DeckError(path, error.message, error.line) from None
    if not any(entry.kind != "table_row" for entry in found.entries):
        raise DeckError(path, _NO_QUESTIONS)
    notes, spans = _notes(found.entries, path, base_dir)
    title = found.title or Path(path).stem
    return ParsedDocument(Deck(title=title, path=path, notes=tuple(notes)), kind, tuple(spans))


def _notes(entries: list[Entry], path: str, base_dir: Path) -> tuple[list[Note], list[tuple[int, int]]]:
    notes: list[Note] = []
    spans: list[tuple[int, int]] = []
    first_line_of: dict[tuple[str | None, str], int] = {}
    used_slugs: set[str] = set()
    image_missing: dict[str, bool] = {}

    def add(entry: Entry, parent_slug: str | None) -> str:
        key = (parent_slug, normalize_question(entry.question))
        if key in first_line_of:
            raise DeckError(path, f"duplicate question {entry.question!r}: it is also asked on line "
                                  f"{first_line_of[key]}", entry.line)
        first_line_of[key] = entry.line
        slug = _unique(slugify(entry.question, parent_slug), used_slugs)
        answer = resolve_images(entry.answer, base_dir, image_missing)
        notes.append(Note(slug=slug, question=entry.question, answer=answer, section=entry.section,
                          line=entry.line, kind=entry.kind, parent_slug=parent_slug))
        spans.append((entry.line, entry.end_line))
        return slug

    for entry in entries:
        slug = add(entry, None)
        for child in entry.children:
            add(child, slug)
    return notes, spans


def _unique(slug: str, used: set[str]) -> str:
    """Two different questions whose short digests collide: the later one gets `-2`, `-3`, …"""
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate
