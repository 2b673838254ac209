"""What a learner would trip over in a document, reported with its path and 1-based line.

Kinds:
- `missing_image`: an image whose file is absent (the card shows a placeholder instead);
- `empty_answer`: a question with no answer, or whose answer is nothing but missing figures;
- `dangling_colon`: a list item ending in a colon with nothing after it and nothing nested under
  it (the values of the optimizer-memory list were lost: `- Momentum:`);
- `dropped_formula`: a sentence whose inline formula was dropped in the export: a word such as
  为/是/= running straight into punctuation (`某个参数矩阵为，那么`), or a gap before 的 where
  the formula stood (`其中 的秩`);
- `unclosed_fence`: a code fence opened and never closed: everything after it, later questions
  included, is read as code (correct CommonMark, and silent without this);
- `mismatched_fence`: inside a ``` block a line of ~~~ (or the reverse) that was meant to close it but
  does not;
- `invisible_character`: a zero-width or control character in a question: two questions that look
  the same are then different cards.

A problem belongs to the innermost note whose lines hold it (a child note before its parent);
problems outside every note (e.g. a loose image above the first question) have `slug=None`.
`repairs` maps a slug to the kinds repaired in that note; a repair recorded for a child's parent
covers the child too, and the key "" covers problems outside every note.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from .images import MISSING_LABEL, missing_images
from .markdown import FENCE, LIST_ITEM, fence_mask, indent_of, is_blank, split_lines
from .model import Note
from .parse import parse_document
from .source import read_document

MISSING_IMAGE = "missing_image"
EMPTY_ANSWER = "empty_answer"
DANGLING_COLON = "dangling_colon"
DROPPED_FORMULA = "dropped_formula"
UNCLOSED_FENCE = "unclosed_fence"
MISMATCHED_FENCE = "mismatched_fence"
INVISIBLE_CHARACTER = "invisible_character"
KINDS = (MISSING_IMAGE, EMPTY_ANSWER, DANGLING_COLON, DROPPED_FORMULA, UNCLOSED_FENCE, MISMATCHED_FENCE,
         INVISIBLE_CHARACTER)

Repairs = Mapping[str, Collection[str]]

_ENDS_IN_COLON = re.compile(r"[:：](?:\*\*|__)?\s*$")
_WORD_BEFORE_PUNCTUATION = re.compile(r"(?P<word>\S{0,3}(?:为|是|=|＝))[ \t]*[，。,；;]")
_GAP_BEFORE_DE = re.compile(r"[\u4e00-\u9fff][ \t]+的")
# Words ending in 为/是 that read well before a comma: 因为，… / 但是，… / 需要注意的是，…
_CONNECTIVES = ("因为", "认为", "以为", "行为", "的是", "就是", "但是", "于是", "可是", "还是", "只是", "正是",
                "也是", "不是", "而是", "或是", "要是", "若是", "凡是", "总是", "即是", "便是")
# Zero-width spaces and joiners, word joiner, BOM inside text, bidi controls, and C0/C1 controls but tab.
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CODE_OR_MATH = re.compile(r"`[^`]*`|\$\$?[^$]+\$\$?")
_PLACEHOLDER = re.compile(r"\*\[" + re.escape(MISSING_LABEL) + r": [^\]]*\]\*")
QUOTE_MAX = 40
CONTEXT = 4  # characters quoted on each side of a dropped formula


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    kind: str
    message: str
    slug: str | None = None
    repaired: bool = False

    def to_json(self) -> dict:
        return asdict(self)


def lint_file(path: str | Path, repairs: Repairs | None = None) -> list[Problem]:
    """Problems in one document; a file that cannot be parsed raises DeckError instead."""
    return lint_text(read_document(path), str(path), Path(path).parent, repairs)


def lint_text(text: str, path: str, base_dir: Path | None = None, repairs: Repairs | None = None) -> list[Problem]:
    path = str(path)
    base_dir = Path(path).parent if base_dir is None else Path(base_dir)
    document = parse_document(text, path, base_dir)
    notes = document.deck.notes
    lines = split_lines(text.removeprefix("\ufeff"))
    owner: list[Note | None] = [None] * (len(lines) + 2)
    for note, (first, last) in zip(notes, document.spans):  # children come after their parent: innermost wins
        owner[first:last + 1] = [note] * (last + 1 - first)

    found: list[tuple[int, str, str]] = []
    fenced = fence_mask(lines)
    for i, line in enumerate(lines):
        if fenced[i] or is_blank(line):
            continue
        for ref in missing_images(line, base_dir):
            found.append((i + 1, MISSING_IMAGE, f"figure '{ref.name}' is missing ('{ref.src}' is not beside the "
                                                f"document): the card shows a placeholder instead of the picture"))
        if _dangles(lines, i):
            found.append((i + 1, DANGLING_COLON, f"list item '{_quote(line.strip())}' ends in a colon with nothing "
                                                 f"after it: the values it introduces are missing"))
        fragments = _dropped_formulas(line)
        if fragments:
            found.append((i + 1, DROPPED_FORMULA, f"a formula seems to be missing at {', '.join(fragments)}: the "
                                                  f"sentence runs on without the math it refers to"))
    for note in notes:
        message = _empty_answer(note)
        if message:
            found.append((note.line, EMPTY_ANSWER, message))
        invisible = sorted({f"U+{ord(ch):04X}" for ch in _INVISIBLE.findall(note.question)})
        if invisible:
            found.append((note.line, INVISIBLE_CHARACTER, f"question '{_quote(_visible(note.question))}' holds "
                                                          f"invisible characters ({', '.join(invisible)})"))
    found += _fence_problems(lines)

    problems = []
    for line_no, kind, message in sorted(found, key=lambda item: (item[0], KINDS.index(item[1]))):
        note = owner[line_no]
        slug = note.slug if note else None
        repaired = _is_repaired(kind, note, repairs)
        problems.append(Problem(path, line_no, kind, message, slug, repaired))
    return problems


def _dangles(lines: list[str], i: int) -> bool:
    """A list item ending in a colon whose next line is neither nested under it nor prose continuing it."""
    item = LIST_ITEM.match(lines[i])
    if not item or not _ENDS_IN_COLON.search(item["text"]):
        return False
    following = next((line for line in lines[i + 1:] if not is_blank(line)), None)
    if following is None:
        return True
    if indent_of(following) > indent_of(lines[i]):
        return False
    return indent_of(following) < indent_of(lines[i]) or LIST_ITEM.match(following) is not None


def _dropped_formulas(line: str) -> list[str]:
    """Quoted context around each place where a formula seems to have been dropped."""
    text = _CODE_OR_MATH.sub("", line)
    spans = [m.span() for m in _WORD_BEFORE_PUNCTUATION.finditer(text) if not m["word"].endswith(_CONNECTIVES)]
    spans += [m.span() for m in _GAP_BEFORE_DE.finditer(text)]
    return [f"'…{text[max(0, start - CONTEXT):end + CONTEXT].strip()}…'" for start, end in sorted(spans)]


def _fence_problems(lines: list[str]) -> list[tuple[int, str, str]]:
    """A fence left open to the end of the document, and would-be closers of the other fence character."""
    found = []
    open_at, opener = 0, ""
    for i, line in enumerate(lines):
        match = FENCE.match(line)
        if match is None:
            continue
        fence = match["fence"]
        bare = not line.strip()[len(fence):].strip()
        if not opener:
            open_at, opener = i + 1, fence
        elif fence[0] == opener[0] and len(fence) >= len(opener) and bare:
            opener = ""
        elif fence[0] != opener[0] and bare:
            found.append((i + 1, MISMATCHED_FENCE, f"'{fence}' does not close the '{opener}' block opened on line "
                                                   f"{open_at}: close it with '{opener}'"))
    if opener:
        found.append((open_at, UNCLOSED_FENCE, f"the '{opener}' code block opened here is never closed: every later "
                                               f"line, questions included, is read as code"))
    return found


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def _empty_answer(note: Note) -> str | None:
    question = _quote(note.question)
    if not note.answer.strip():
        return f"question '{question}' has no answer"
    figures = _PLACEHOLDER.findall(note.answer)
    if figures and not _PLACEHOLDER.sub("", note.answer).strip():
        only = "a missing figure" if len(figures) == 1 else f"{len(figures)} missing figures"
        return f"question '{question}' has no answer text, only {only}"
    return None


def _is_repaired(kind: str, note: Note | None, repairs: Repairs | None) -> bool:
    if not repairs:
        return False
    keys = [""] if note is None else [note.slug, note.parent_slug]
    return any(kind in repairs.get(key, ()) for key in keys if key is not None)


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX - 1] + "…"
