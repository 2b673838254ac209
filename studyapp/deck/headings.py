"""The heading format: `## question` headings with the answer below.

```
# Deck title         <- `#` headings: the deck's title (the first) and the section
## What is a token?  <- a question
A unit of text …     <- the answer: everything up to the next `#` or `##` heading, Markdown and all
### Details          <- deeper headings stay inside the answer
```
"""
from __future__ import annotations

from .entry import Entry, Found
from .markdown import HEADING, dedent, fence_mask, is_blank, plain

QUESTION_LEVEL = 2


def parse_headings(lines: list[str]) -> Found:
    fenced = fence_mask(lines)
    title: str | None = None
    section = ""
    entries: list[Entry] = []
    open_entry: Entry | None = None
    answer: list[str] = []

    def close() -> None:
        if open_entry is not None:
            open_entry.answer = dedent(answer)
            entries.append(open_entry)

    for i, line in enumerate(lines):
        heading = None if fenced[i] else HEADING.match(line)
        level = len(heading["hashes"]) if heading else 0
        if heading and level <= QUESTION_LEVEL:
            close()
            open_entry, answer = None, []
            text = plain(heading["text"])
            if level == QUESTION_LEVEL and text:
                open_entry = Entry(question=text, answer="", line=i + 1, end_line=i + 1, section=section)
            elif level == 1:
                section = text
                title = text if title is None else title
        elif open_entry is not None:
            answer.append(line)
            if not is_blank(line):
                open_entry.end_line = i + 1
    close()
    return Found(title, entries)


def count_questions(lines: list[str], fenced: list[bool]) -> int:
    count = 0
    for line, in_code in zip(lines, fenced):
        heading = None if in_code else HEADING.match(line)
        count += bool(heading and len(heading["hashes"]) == QUESTION_LEVEL and heading["text"].strip())
    return count
