"""Glossary tables: one note per row, the first cell the term, the others its explanation.

Notion exports every table with its first row as the Markdown header row, whether or not the
table had a header, so every row (the first included) is a term; the `| --- |` row is skipped.
"""
from __future__ import annotations

import re

from .entry import Entry

EXAMPLE_PREFIX = "例："
_DELIMITER_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def is_table_line(line: str) -> bool:
    return line.startswith("|")


def table_rows(lines: list[str], first_line: int, section: str) -> list[Entry]:
    """Entries for the rows of one table; `lines` are the table's lines, from line `first_line`."""
    entries = []
    for offset, line in enumerate(lines):
        if _DELIMITER_ROW.match(line):
            continue
        cells = _cells(line)
        if len(cells) < 2 or not cells[0] or not any(cells[1:]):
            continue
        entries.append(Entry(
            question=cells[0], answer=_answer(cells[1:]), line=first_line + offset,
            end_line=first_line + offset, section=section, kind="table_row",
        ))
    return entries


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(inner)]


def _answer(cells: list[str]) -> str:
    """The explanation, then the example (the third column) marked as one; further columns follow."""
    parts = [cells[0]] if cells[0] else []
    if len(cells) > 1 and cells[1]:
        parts.append(EXAMPLE_PREFIX + cells[1])
    parts.extend(cell for cell in cells[2:] if cell)
    return "\n\n".join(parts)
