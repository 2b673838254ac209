"""The Notion-export format: top-level bold bullets are questions, their indented bodies the answers.

```
# Deck title                 <- first `#` heading: the deck's title; any heading: the section
| Term | Meaning | Example | <- a table outside any answer: one note per row (see table.py)
- **Question?**              <- a top-level bullet whose whole text is bold
    Answer, kept as Markdown <- everything indented below it, dedented
    - **Sub-topic**          <- may become a child note (see children.py)
```
Top-level text that is neither (a loose image, a paragraph) belongs to no note.
"""
from __future__ import annotations

import re

from .children import find_children
from .entry import Entry, Found
from .markdown import BLANK, HEADING, dedent, fence_mask, indents, plain, whole_bold
from .table import is_table_line, table_rows

_TOP_BULLET = re.compile(r"^(?:[-*+]|\d{1,9}[.)]) +(?P<text>.+)$")
_BULLET_STARTS = frozenset("-*+0123456789")


def question_of(line: str) -> str | None:
    """The question when `line` is a top-level bullet whose whole text is bold, else None."""
    bullet = _TOP_BULLET.match(line) if line[:1] in _BULLET_STARTS else None
    if not bullet:
        return None
    bold = whole_bold(bullet["text"])
    return plain(bold) if bold else None


def parse_notion(lines: list[str]) -> Found:
    fenced = fence_mask(lines)
    indent = indents(lines)
    title: str | None = None
    section = ""
    entries: list[Entry] = []
    i = 0
    while i < len(lines):
        if fenced[i] or indent[i] != 0:
            i += 1
            continue
        line = lines[i]
        heading = HEADING.match(line)
        question = None if heading else question_of(line)
        if heading:
            section = plain(heading["text"])
            if title is None and len(heading["hashes"]) == 1:
                title = section
            i += 1
        elif is_table_line(line):
            end = i
            while end < len(lines) and is_table_line(lines[end]):
                end += 1
            entries.extend(table_rows(lines[i:end], i + 1, section))
            i = end
        elif question:
            end = i + 1
            while end < len(lines) and indent[end] != 0:  # blank lines (BLANK) and indented lines
                end += 1
            last = max(k for k in range(i, end) if indent[k] != BLANK)
            body, body_indents = lines[i + 1:end], indent[i + 1:end]
            entries.append(Entry(
                question=question, answer=dedent(body, body_indents), line=i + 1, end_line=last + 1,
                section=section, children=find_children(body, body_indents, i + 2, question, section),
            ))
            i = end
        else:
            i += 1
    return Found(title, entries)


def count_questions(lines: list[str], fenced: list[bool]) -> int:
    return sum(1 for line, in_code in zip(lines, fenced) if not in_code and question_of(line))
