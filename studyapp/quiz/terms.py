"""Terms: the short words a learner should produce for a note, and where they occur in its sentences.

A term is what a teacher would blank or offer as an option: at most 12 Chinese characters or 4 English
words, never a clause (no sentence punctuation) and never "X这样的…". A note's terms are the curated
ones of content/repairs.zh.toml (`[terms]`, "主形式|alias|…") and its bold phrases that are terms.
A note's sentences are those of its answer, of its repair and of its checked facts.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from studyapp.deck.model import Note
from studyapp.deck.plain_text import bold_spans, sentences, squash, without_placeholders
from studyapp.deck.repairs import Fact, Repair

MAX_CJK = 12
MAX_WORDS = 4
MIN_KEY = 2  # "r", "A": too short to ask
MIN_BOLD_KEY = 3  # a bold 优点 or 推理 is emphasis; curated terms may be two characters (梯度)
MAX_BOLD_CJK = 6  # a longer bold phrase is a statement the author stressed (用最少的token来表示语料库)
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_/%-]*")
_CLAUSE = re.compile(r"[，。；：！？,;:!?、]|这样的|这类|之类")
_PAIRS = (("（", "）"), ("(", ")"), ("「", "」"), ("“", "”"), ("[", "]"))
_LIST_LEAD = re.compile(r"^\s*(?:[a-zA-Z0-9][.)、]|[-*•])\s*")
_CUT_END = tuple("，、：:；;,（(")


@dataclass(frozen=True)
class Term:
    """A term of a note: its forms, the first being the main one shown as the answer."""

    forms: tuple[str, ...]

    @property
    def main(self) -> str:
        return self.forms[0]

    @property
    def spec(self) -> str:
        """The "main|alias|…" form the graders take."""
        return "|".join(self.forms)

    @classmethod
    def parse(cls, spec: str) -> Term:
        return cls(tuple(form.strip() for form in spec.split("|") if form.strip()))


def is_term(text: str) -> bool:
    """Short enough to recall as one thing, and not a clause."""
    key = squash(text)
    if len(key) < MIN_KEY or _CLAUSE.search(text) or not balanced(text):
        return False
    return len(_CJK.findall(text)) <= MAX_CJK and len(_WORD.findall(text)) <= MAX_WORDS


def balanced(text: str) -> bool:
    return all(text.count(open_) == text.count(close) for open_, close in _PAIRS)


def is_fragment(text: str) -> bool:
    """A piece that does not read as a whole sentence: unclosed brackets, a list label, a cut end."""
    stripped = text.strip()
    return (not balanced(stripped) or bool(_LIST_LEAD.match(stripped)) or stripped.endswith(_CUT_END)
            or "$" in stripped)


def note_terms(note: Note, curated: Mapping[str, Sequence[str]]) -> list[Term]:
    """The note's curated terms, then its bold phrases that are terms; none named by its question."""
    question = squash(note.question)
    out: list[Term] = []
    seen: set[str] = set()
    bold = [span.phrase for span in bold_spans(without_placeholders(note.answer))]
    bold = [b for b in bold if len(squash(b)) >= MIN_BOLD_KEY and len(_CJK.findall(b)) <= MAX_BOLD_CJK]
    for spec in list(curated.get(note.slug, ())) + bold:
        term = Term.parse(spec)
        if not term.forms or not is_term(term.main):
            continue
        keys = {squash(form) for form in term.forms}
        if any(key in question for key in keys) or keys & seen:
            continue
        seen |= keys
        out.append(term)
    return out


def note_sentences(note: Note, repairs: Mapping[str, Repair], facts: Mapping[str, Sequence[Fact]]) -> list[str]:
    """Whole sentences about the note: its answer's, its repair's, its checked facts' true statements."""
    found = sentences(without_placeholders(note.answer))
    if note.slug in repairs:
        found += sentences(repairs[note.slug].text)
    found += [fact.right for fact in facts.get(note.slug, ())]
    # A clause closed by a semicolon is whole; it reads as a sentence once the semicolon is a full stop.
    found = [s[:-1] + "。" if s.endswith(("；", ";")) else s for s in found]
    return [s for s in found if not is_fragment(s)]


def occurrences(form: str, sentence: str) -> list[int]:
    """Where a form occurs in a sentence (case-insensitive), never inside a longer Latin word."""
    if not form:
        return []
    return [m.start() for m in _form_pattern(form).finditer(sentence)]


@cache
def _form_pattern(form: str) -> re.Pattern[str]:
    pattern = re.escape(form)
    if re.match(r"[A-Za-z0-9]", form[0]):
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if re.match(r"[A-Za-z0-9]", form[-1]):
        pattern += r"(?![A-Za-z0-9])"
    return re.compile(pattern, re.I)


def mentions(text: str, term: Term) -> bool:
    return any(occurrences(form, text) for form in term.forms)
