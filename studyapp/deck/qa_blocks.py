"""The `Q:` / `A:` format (full-width `Q：` / `A：` too).

```
# Deck title            <- `#` / `##` headings: the deck's title (first `#`) and the section
Q: What is a token?     <- a question; lines before its `A:` continue it
A: A unit of text …     <- the answer runs on, Markdown and all, until the next `Q:` or heading
   more answer
```
`###` and deeper headings stay inside an answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .entry import Entry, FormatError, Found
from .markdown import HEADING, dedent, fence_mask, indent_of, is_blank, plain

_QUESTION = re.compile(r"^Q *[:：] *(?P<text>.*)$")
_ANSWER = re.compile(r"^A *[:：] *(?P<text>.*)$")
SECTION_LEVELS = 2


@dataclass
class _Block:
    line: int
    question: list[str]
    answer: list[str] | None = None
    last_line: int = 0
    section: str = ""


def parse_qa_blocks(lines: list[str]) -> Found:
    fenced = fence_mask(lines)
    title: str | None = None
    section = ""
    entries: list[Entry] = []
    block: _Block | None = None

    def close() -> None:
        if block is None:
            return
        question = plain(" ".join(block.question))
        if not question:
            raise FormatError("a `Q:` line without a question", block.line)
        entries.append(Entry(question=question, answer=_answer_text(block.answer or []), line=block.line,
                             end_line=block.last_line, section=block.section))

    for i, line in enumerate(lines):
        heading = None if fenced[i] else HEADING.match(line)
        question = None if fenced[i] else _QUESTION.match(line)
        if question:
            close()
            block = _Block(line=i + 1, question=[question["text"]], last_line=i + 1, section=section)
        elif heading and len(heading["hashes"]) <= SECTION_LEVELS:
            close()
            block = None
            section = plain(heading["text"])
            if title is None and len(heading["hashes"]) == 1:
                title = section
        elif block is not None and block.answer is None:
            answer = None if fenced[i] else _ANSWER.match(line)
            if answer:
                block.answer = [answer["text"]]
                block.last_line = i + 1
            elif not is_blank(line):
                block.question.append(line.strip())
                block.last_line = i + 1
        elif block is not None:
            block.answer.append(line)
            if not is_blank(line):
                block.last_line = i + 1
    close()
    return Found(title, entries)


def _answer_text(lines: list[str]) -> str:
    """The text after `A:` and the lines below it, these dedented among themselves."""
    rest = lines[1:]
    common = min((indent_of(line) for line in rest if not is_blank(line)), default=0)
    return dedent(lines[:1] + [line[common:] for line in rest])


def count_questions(lines: list[str], fenced: list[bool]) -> int:
    return sum(1 for line, in_code in zip(lines, fenced) if not in_code and _QUESTION.match(line))
