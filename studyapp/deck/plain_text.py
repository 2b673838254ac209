"""A note's Markdown as plain text (shared by the quiz and the interview): bold spans, sentences, comparison forms."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from studyapp.deck.images import MISSING_LABEL

_PLACEHOLDER = re.compile(r"\*?\[" + re.escape(MISSING_LABEL) + r"[^\]]*\]\*?")
_IMAGE = re.compile(r"<img\b[^>]*>|!\[[^\]]*\]\([^)]*\)", re.I)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)  # other <…> is text: `</w>` is BPE's end-of-word mark
_BOLD = re.compile(r"\*\*(?P<text>.+?)\*\*|__(?P<text2>.+?)__")
# ASCII-only lookarounds: `一对*相邻*` is emphasis, `2*r*d` is arithmetic.
_EMPHASIS = re.compile(r"(?<![*A-Za-z0-9])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*A-Za-z0-9])")
_MARKERS = re.compile(r"\*\*|__|`")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)]|[a-zA-Z][.)、])\s+")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.])(?=\s)")
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z0-9]")
_EDGE_PUNCT = "，。、；：:;,.！？!?（(）)「」“”\"' \t"
_PAIRS = {"（": "）", "(": ")", "「": "」", "“": "”"}


@dataclass(frozen=True)
class BoldSpan:
    """A bold phrase and the plain line around it, so that a cloze can blank exactly that span."""

    phrase: str  # the bold text, plain (no markers)
    before: str  # plain text of the line before the span
    after: str  # plain text of the line after the span


def plain_inline(text: str) -> str:
    """One line of Markdown as plain text: no images, links kept as their text, no emphasis markers."""
    text = _IMAGE.sub("", _PLACEHOLDER.sub("", text))
    text = _LINK.sub(r"\1", text)
    text = _LINE_BREAK.sub(" ", text)
    text = _EMPHASIS.sub(r"\1", text)
    return _MARKERS.sub("", text)


def plain_lines(markdown: str) -> list[str]:
    """The logical lines of a Markdown answer as plain text: a wrapped paragraph or list item is one
    line; list markers, headings and rules are removed."""
    out: list[str] = []
    joinable = False  # whether the next line may continue the last one
    for line in markdown.splitlines():
        if not line.strip() or _RULE.match(line) or _TABLE_SEP.match(line):
            joinable = False
            continue
        starts_block = bool(_LIST_MARK.match(line) or _HEADING.match(line))
        text = _SPACES.sub(" ", plain_inline(_HEADING.sub("", _LIST_MARK.sub("", line)))).strip()
        if not text:
            continue
        if joinable and not starts_block:
            glue = "" if _CJK.match(text[0]) or _CJK.match(out[-1][-1]) else " "
            out[-1] += glue + text
        else:
            out.append(text)
        joinable = True
    return out


def plain(markdown: str) -> str:
    return "\n".join(plain_lines(markdown))


def sentences(markdown: str) -> list[str]:
    """Plain sentences, split at Chinese and Western sentence ends and at line ends."""
    out = []
    for line in plain_lines(markdown):
        out.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return out


def bold_spans(markdown: str) -> list[BoldSpan]:
    """Every bold span of the answer, each with the plain text of its own line on either side."""
    spans = []
    for line in markdown.splitlines():
        line = _LIST_MARK.sub("", _IMAGE.sub("", line))
        for match in _BOLD.finditer(line):
            raw = match["text"] or match["text2"]
            before = plain_inline(line[: match.start()])
            after = plain_inline(line[match.end():])
            phrase = plain_inline(raw)
            phrase, after = _close_brackets(phrase, after)
            lead = len(phrase) - len(phrase.lstrip(_EDGE_PUNCT))
            trail = _trim_end(phrase)
            # Punctuation at the edges belongs to the sentence, not to the phrase.
            before, after = before + phrase[:lead], phrase[trail:] + after
            phrase = phrase[lead:trail]
            if phrase:
                spans.append(BoldSpan(phrase, before.lstrip(), after.rstrip()))
    return spans


def _trim_end(phrase: str) -> int:
    """Where the phrase ends once trailing punctuation is left out; a closing bracket that balances
    an opening one inside the phrase stays."""
    end = len(phrase)
    while end and phrase[end - 1] in _EDGE_PUNCT:
        closer = phrase[end - 1]
        opener = next((o for o, c in _PAIRS.items() if c == closer), None)
        if opener and phrase[:end].count(opener) >= phrase[:end].count(closer):
            break
        end -= 1
    return end


def _close_brackets(phrase: str, after: str) -> tuple[str, str]:
    """`**自洽性（Self-consistency**）`: take the closing bracket into the phrase so it stays balanced."""
    for open_, close in _PAIRS.items():
        if phrase.count(open_) > phrase.count(close) and after.startswith(close):
            return phrase + close, after[1:]
    return phrase, after


def cuts_latin_word(before: str, phrase: str, after: str) -> bool:
    """True when a span edge falls inside a run of Latin letters or digits (`sub**word**`)."""
    return bool(
        (before and phrase and _LATIN.match(before[-1]) and _LATIN.match(phrase[0]))
        or (after and phrase and _LATIN.match(after[0]) and _LATIN.match(phrase[-1]))
    )


def weight(text: str) -> int:
    """How much there is to remember: one per CJK character, one per three Latin letters or digits."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return cjk + (latin + 2) // 3


def normalize(text: str) -> str:
    """The comparison form: NFKC, no emphasis markers, case-folded, one space."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", _MARKERS.sub("", text)).strip().casefold()


def squash(text: str) -> str:
    """normalize() without spaces or punctuation: `Top-p 抽样。` and `top p抽样` compare equal."""
    return "".join(ch for ch in normalize(text) if ch.isalnum())



def without_placeholders(markdown: str) -> str:
    """The answer without the parser's placeholders for missing figures."""
    return _PLACEHOLDER.sub("", markdown)


def first_paragraph(markdown: str) -> str:
    """Plain text of the first paragraph: a table row's description, before its `例：` example."""
    lines = plain_lines(without_placeholders(markdown))
    return lines[0] if lines else ""
