"""Line breaking for mixed Chinese and Latin text: break between Chinese characters, never inside a Latin word.

Rich wraps at whitespace only. A Chinese sentence has none, so a whole run such as "添加一个prompt模板" is one
"word" to Rich, and one longer than the line is cut at the last cell that fits: "prom / pt". Here each Chinese
character is a word of its own (a line may end after any of them), a Latin word stays whole, and closing
punctuation (，。）…) stays with the character before it. Rich has no option for this; its word splitter
(`rich._wrap.words`) is replaced, once, when the app is created."""
from __future__ import annotations

import re
from functools import cache

_CJK = "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_FIRST_CJK = "\u2e80"  # every range above starts here or later
_CLOSING = "，。、；：！？）」』》〉】”’…,.;:!?)\\]}"
# Without a character from _CJK the pattern below splits exactly as this one (Rich's own): a run of non-space
# characters already holds any closing punctuation after it.
_PLAIN_WORD = re.compile(r"\s*\S+\s*")


@cache
def _cjk_word():
    """Compiled on first use: its character classes take 3 ms to compile, and text without Chinese (the English
    interface's Home) never needs it."""
    return re.compile(rf"\s*(?:[^\s{_CJK}]+|[{_CJK}])[{_CLOSING}]*\s*")


def words(text: str):
    """(start, end, word) for each break unit, with the whitespace after it: rich._wrap.words's contract."""
    pattern = _cjk_word() if text and max(text) >= _FIRST_CJK else _PLAIN_WORD
    position = 0
    match = pattern.match(text, position)
    while match is not None:
        start, end = match.span()
        if end == start:
            break
        yield start, end, match.group(0)
        match = pattern.match(text, end)


def install() -> None:
    """Make Rich (and so Textual) break lines this way; idempotent."""
    from rich import _wrap

    if getattr(_wrap, "words", None) is not words and hasattr(_wrap, "divide_line"):
        _wrap.words = words
