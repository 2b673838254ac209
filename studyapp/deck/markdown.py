"""Line-level Markdown helpers shared by the format parsers and lint.

The deck formats are line-oriented (bullets, headings, `Q:` lines), so a few regular expressions
and an indentation measure are enough; no Markdown library is needed.
"""
from __future__ import annotations

import re

BLANK = -1  # the indentation `indents` gives a blank line
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap> +)(?P<text>.*)$")
HEADING = re.compile(r"^(?P<hashes>#{1,6}) +(?P<text>.*?)(?: +#+)? *$")
FENCE = re.compile(r"^ *(?P<fence>`{3,}|~{3,})")
_LEADING_WS = re.compile(r"^[ \t]+")
_BOLD_WHOLE = re.compile(r"^(\*\*|__)(?P<text>.+)\1$")
_BOLD_MARK = "**"
_SPACES = re.compile(r"\s+")


def split_lines(text: str) -> list[str]:
    """Lines without their endings (CRLF and CR too); leading tabs count as four spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("\t") or line.startswith(" \t"):
            lines[i] = _LEADING_WS.sub(lambda m: m.group(0).expandtabs(4), line)
    return lines


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_blank(line: str) -> bool:
    return not line.strip()


def indents(lines: list[str]) -> list[int]:
    """Each line's indentation, -1 for a blank line (computed once for the hot loops)."""
    return [len(line) - len(line.lstrip(" ")) if line.strip() else BLANK for line in lines]


def fence_mask(lines: list[str]) -> list[bool]:
    """True for every line of a fenced code block, its fences included."""
    mask = [False] * len(lines)
    open_fence = ""
    for i, line in enumerate(lines):
        if not open_fence and "``" not in line and "~~" not in line:
            continue
        match = FENCE.match(line)
        if open_fence:
            mask[i] = True
            if match and match["fence"][0] == open_fence[0] and len(match["fence"]) >= len(open_fence) \
                    and not line.strip()[len(match["fence"]):].strip():
                open_fence = ""
        elif match:
            mask[i] = True
            open_fence = match["fence"]
    return mask


def dedent(lines: list[str], line_indents: list[int] | None = None) -> str:
    """The lines as one Markdown text: blank edges trimmed, common indentation and trailing spaces removed.

    `line_indents` (from `indents`) saves measuring the lines again.
    """
    line_indents = indents(lines) if line_indents is None else line_indents
    written = [i for i, indent in enumerate(line_indents) if indent != BLANK]
    if not written:
        return ""
    start, end = written[0], written[-1] + 1
    common = min(line_indents[i] for i in written)
    return "\n".join(
        "" if line_indents[i] == BLANK else lines[i][common:].rstrip() for i in range(start, end)
    )


def whole_bold(text: str) -> str | None:
    """The inner text when `text` is one bold span (`**…**` or `__…__`), else None."""
    match = _BOLD_WHOLE.match(text.strip())
    if not match or match[1] in match["text"]:  # `**a** and **b**` is two spans, not one
        return None
    return match["text"].strip() or None


def plain(text: str) -> str:
    """Text without `**` bold markers, on one line with single spaces (`__init__` keeps its underscores)."""
    return _SPACES.sub(" ", text.replace(_BOLD_MARK, "")).strip()
