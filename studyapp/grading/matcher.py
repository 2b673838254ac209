"""Whether a form holds in an answer: its words present with the right polarity, its subject's number the
right one, its order kept.

A plain form needs all its terms in one sentence, none of them negated. A form with NEG needs them there
with at least one negated. A subject (@) binds the other terms to its reach: from the subject to the next
subject of the note in the same sentence ("AdamW 4 字节，8-bit 12 字节": 12 belongs to 8-bit, not to AdamW),
or, when the subject ends its clause, back to the start of that clause ("每秒的运算次数叫 FLOPS").
Ordered groups (SFT > RM > PPO) must appear in that order anywhere in the answer, none negated.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from .answer_text import Answer
from .forms import Form, Term

Span = tuple[int, int]
NUMBER_TOLERANCE = 0.01
TYPO_RATIO = 90
_TYPO_TERM = re.compile(r"^[a-z][a-z ]{7,}$")  # plain lower-case English words, 8 letters or more
_FILLER = re.compile(r"^[\s的是为:：,，。.、)）(（]*$")


def term_spans(term: Term, answer: Answer, exclude: Sequence[Span] = ()) -> list[Span]:
    """Where the term occurs; numbers overlapping `exclude` (the subject's own words: 8-bit) are skipped."""
    if term.is_number:
        return [(q.start, q.end) for q in answer.quantities
                if _number_fits(term, q.value, q.unit) and not any(s < q.end and q.start < e for s, e in exclude)]
    spans = []
    for pattern, case in term.patterns:
        spans.extend(m.span() for m in pattern.finditer(answer.text if case else answer.folded))
    if not spans:
        for alternative in term.alternatives:
            spans.extend(_misspelt(alternative, answer))
    return sorted(set(spans))


def _misspelt(alternative: str, answer: Answer) -> list[Span]:
    """A long English term typed with a slip ("early stoping", "quantisation"): rapidfuzz ratio ≥ 90 against
    the same number of consecutive English words. Short terms must match exactly: lora is not qlora."""
    if not _TYPO_TERM.match(alternative):
        return []
    words = alternative.lower().split()
    runs = answer.latin_words
    out = []
    for i in range(len(runs) - len(words) + 1):
        start, end = runs[i][0], runs[i + len(words) - 1][1]
        candidate = " ".join(answer.folded[s:e] for s, e in runs[i:i + len(words)])
        if fuzz.ratio(candidate, " ".join(words)) >= TYPO_RATIO:
            out.append((start, end))
    return out


def _number_fits(term: Term, value: float, unit: str | None) -> bool:
    if term.unit and unit and unit != term.unit:
        return False
    return abs(value - term.number) <= NUMBER_TOLERANCE * abs(term.number) + 1e-12


def _inside(span: Span, region: Span) -> bool:
    """Whether the words start in the region (they may run over its closing punctuation: "No.")."""
    return region[0] <= span[0] < region[1]


def holds(form: Form, answer: Answer, anchors: Sequence[Term] = (), strict: bool = False) -> bool:
    """Whether the form holds. `strict` (for misconceptions) keeps it within one clause, or the clause after a
    subject that ends its own ("温度低，输出更随机"): a false claim is asserted in one breath, and a correct
    answer that lists several ideas in one long sentence must not be read as asserting one."""
    if form.ordered:
        return _ordered(form, answer)
    if form.anchor is not None:
        return _anchored(form, answer, anchors, strict)
    regions = answer.clauses if strict else answer.sentences
    return any(_in_region(form.terms, answer, region, form.negated, ()) for region in regions)


def _choose(spans_by_term: list[list[Span]], answer: Answer, want_negated: bool) -> bool:
    """Whether one occurrence per term can be picked with the wanted polarity."""
    all_spans = [s for spans in spans_by_term for s in spans]
    flags = []
    for spans in spans_by_term:
        polarities = {answer.negated(s, e, [o for o in all_spans if o != (s, e)]) for s, e in spans}
        flags.append(polarities)
    if want_negated:
        return any(True in p for p in flags)
    return all(False in p for p in flags)


def _in_region(terms: Sequence[Term], answer: Answer, region: Span, want_negated: bool,
               exclude: Sequence[Span]) -> bool:
    spans_by_term = []
    for term in terms:
        spans = [s for s in term_spans(term, answer, exclude) if _inside(s, region)]
        if not spans:
            return False
        spans_by_term.append(spans)
    return _choose(spans_by_term, answer, want_negated)


def _anchored(form: Form, answer: Answer, anchors: Sequence[Term], strict: bool = False) -> bool:
    subject = form.anchor
    others = [t for t in form.terms if t is not subject]
    subject_spans = term_spans(subject, answer)
    if not subject_spans:
        return False
    other_spans = [term_spans(t, answer, subject_spans) for t in others]
    own_words = subject_spans + [s for spans in other_spans for s in spans]
    subjects = sorted({s for a in anchors for s in term_spans(a, answer)})
    for start, end in subject_spans:
        sentence = answer.sentence_of(start)
        clause = answer.clause_of(start)
        # Another subject ends the reach, unless it is part of this form's own words in the subject's clause
        # ("bf16 范围和 fp32 一样大"); a later clause that opens on a subject is about that one
        # ("encoder-only 如 BERT，decoder-only 如 GPT").
        stops = [s for s in subjects
                 if not any(o[0] < s[1] and s[0] < o[1] and (s[0] < clause[1] or (o[0] < s[0] or s[1] < o[1]))
                            for o in own_words)]
        stop = min([s for s, _ in stops if end <= s < sentence[1]] + [sentence[1]])
        if strict:
            reach = clause[1]
            if _FILLER.match(answer.folded[end:clause[1]]) and clause[1] < sentence[1]:
                reach = answer.clause_of(clause[1] + 1)[1]
            stop = min(stop, reach)
        back = max([e for _, e in stops if clause[0] < e <= start] + [clause[0]])
        regions = [(end, stop)]
        if _FILLER.match(answer.folded[end:min(stop, clause[1])]):
            regions.append((back, start))
        for region in regions:
            if not others:
                if answer.negated(start, end) == form.negated:
                    return True
                continue
            spans_by_term = [[s for s in spans if _inside(s, region) and not (s[0] < end and start < s[1])]
                             for spans in other_spans]
            if all(spans_by_term) and _choose(spans_by_term + [[(start, end)]], answer, form.negated):
                return True
    return False


def _ordered(form: Form, answer: Answer) -> bool:
    cursor = 0
    for group in form.groups:
        group_end = cursor
        for term in group:
            spans = [s for s in term_spans(term, answer) if s[0] >= cursor and not answer.negated(*s)]
            if not spans:
                return False
            group_end = max(group_end, spans[0][1])
        cursor = group_end
    return True
