"""An answer prepared once for matching: normalised text (case kept and folded, same length), its
sentences and clauses, the numbers in it, and where negations reach.

Sentences end at 。！？；; and line breaks (and ". "); clauses also end at commas and at words that turn
the sentence (但/但是/而是/然而/却/but/however/whereas). A negation reaches from its word to the end of
its clause: in "RM 分数越高，效果不一定越好" the second clause is negated, the first is not.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import negation
from .numbers import Quantity, find_quantities, prepare

_SENTENCE_END = re.compile(r"[。！？!?;；\n]+|\.(?=\s|$)")
_CLAUSE_END = re.compile(r"[，,、]?\s*(?:但是|但|而是|然而|只是|不过|却|反而|\bbut\b|\bhowever\b|\bwhereas\b|\binstead\b)|[，,]")


_LATIN_WORD = re.compile(r"[a-z]+")


def _fold(text: str) -> str:
    """Lower case, one character for one character, so that positions agree with the original."""
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in pattern.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end() if m.end() > m.start() else m.start() + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


@dataclass
class Answer:
    text: str  # normalised (NFKC, exponents kept), case as written
    folded: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    clauses: list[tuple[int, int]] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    negators: list[tuple[int, int]] = field(default_factory=list)
    _latin: list[tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def latin_words(self) -> list[tuple[int, int]]:
        """Spans of the English words, for typo-tolerant matching of long terms."""
        if self._latin is None:
            self._latin = [m.span() for m in _LATIN_WORD.finditer(self.folded)]
        return self._latin

    @classmethod
    def of(cls, raw: str) -> Answer:
        text = prepare(raw)
        folded = _fold(text)
        sentences = _spans(folded, _SENTENCE_END)
        clauses = []
        for start, end in sentences:
            clauses.extend((start + a, start + b) for a, b in _spans(folded[start:end], _CLAUSE_END))
        return cls(text, folded, sentences, clauses, find_quantities(text), negation.find(folded))

    def _containing(self, spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
        i = bisect.bisect_right([s for s, _ in spans], pos) - 1
        return spans[max(i, 0)]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self._containing(self.sentences, pos)

    def clause_of(self, pos: int) -> tuple[int, int]:
        return self._containing(self.clauses, pos)

    def negated(self, start: int, end: int, own: list[tuple[int, int]] = ()) -> bool:
        """Whether a negation earlier in the same clause reaches the words at start..end.

        Negation words inside the matched words themselves (不一定, 未见任务) or inside `own` spans
        (the other words of the same form) do not count; two negations cancel.
        """
        clause_start, _ = self.clause_of(start)
        count = 0
        for n_start, n_end in self.negators:
            if n_start < clause_start or n_start >= start:
                continue
            if any(s <= n_start < e for s, e in own):
                continue
            if negation.conditional(self.folded[clause_start:n_start]):
                continue
            count += 1
        return count % 2 == 1
