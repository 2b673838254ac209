"""Cloze deletions in Anki's `{{c1::…}}` sense: SRS cards from bold phrases, quiz items from terms.

A card's deletion always covers exactly one bold span as the author marked it, so it never cuts a
Chinese or English word in half; the context is the sentence around the span, from its own line.
A quiz item blanks one of the note's terms (studyapp.quiz.terms) in a sentence that names it once.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz

from studyapp.deck.model import Note
from studyapp.deck.plain_text import BoldSpan, bold_spans, cuts_latin_word, normalize, squash, weight
from studyapp.deck.repairs import Fact, Repair

from .items import ClozeCard, Grade, QuizItem
from .terms import Term, note_sentences, note_terms, occurrences

MIN_CHARS = 3  # 推理, 优点: too short to test; BPE, CoT, 自洽性: long enough
MAX_WEIGHT = 30  # a bold sentence is emphasis, not a term to recall
MIN_CONTEXT = 6  # the rest of the sentence must give something to go on
BLANK = "［……］"
PASS_RATIO = 85
MAX_SENTENCE_WEIGHT = 70  # a quiz sentence is read in one go
MIN_CONTEXT_WEIGHT = 8  # the rest of the sentence must point to the term
IDEAL_SENTENCE_WEIGHT = 28
_SENTENCE_END = "。！？!?；;"
_CHILD_SEPARATOR = " — "


def cloze_text(span: BoldSpan) -> tuple[str, str]:
    """(before, after): the sentence around the span, cut at sentence ends, never inside a word."""
    before, after = span.before, span.after
    start = max(before.rfind(mark) for mark in _SENTENCE_END) + 1
    ends = [after.find(mark) for mark in _SENTENCE_END if mark in after]
    stop = min(ends) + 1 if ends else len(after)
    return before[start:].lstrip(), after[:stop].rstrip()


def note_clozes(note: Note, skip: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """(before, phrase, after) for every phrase of the note worth asking, in order, each phrase once."""
    own_label = note.question.split(_CHILD_SEPARATOR)[-1]
    question = squash(note.question)
    skipped = {squash(text) for text in skip} | {squash(own_label)}
    seen: set[str] = set()
    out = []
    for span in bold_spans(note.answer):
        key = squash(span.phrase)
        if len(key) < MIN_CHARS or weight(span.phrase) > MAX_WEIGHT:
            continue
        if key in question or key in skipped or key in seen:
            continue
        if cuts_latin_word(span.before, span.phrase, span.after):
            continue
        before, after = cloze_text(span)
        if weight(before) + weight(after) < MIN_CONTEXT:
            continue
        seen.add(key)
        out.append((before, span.phrase, after))
    return out


def cloze_cards(notes: Sequence[Note]) -> list[ClozeCard]:
    """Cloze cards of every note; a parent leaves to its children the deletions that lie in them."""
    labels = _child_labels(notes)
    per_note = {note.slug: note_clozes(note, labels.get(note.slug, ())) for note in notes}
    in_children: dict[str, set[tuple[str, str, str]]] = {}
    for note in notes:
        if note.parent_slug:
            in_children.setdefault(note.parent_slug, set()).update(per_note[note.slug])
    cards = []
    for note in notes:
        kept = [c for c in per_note[note.slug] if c not in in_children.get(note.slug, set())]
        for ordinal, (before, phrase, after) in enumerate(kept, 1):
            cards.append(ClozeCard(note.slug, ordinal, f"{before}{{{{c1::{phrase}}}}}{after}", phrase))
    return cards


def make_items(notes: Sequence[Note], repairs: Mapping[str, Repair] | None = None,
               facts: Mapping[str, Sequence[Fact]] | None = None,
               terms: Mapping[str, Sequence[str]] | None = None) -> list[QuizItem]:
    """One item per term of every note: the term blanked in the best sentence that names it once.

    The SRS cloze cards (cloze_cards) blank whole bold spans as the author marked them; a quiz blanks
    only terms, so that the answer is a word to recall, never a clause to reproduce."""
    repairs, facts, terms = repairs or {}, facts or {}, terms or {}
    items = []
    used: set[str] = set()  # a sentence blanked for a child is not blanked again for its parent
    for note in sorted(notes, key=lambda n: n.parent_slug is None):
        found = note_sentences(note, repairs, facts)
        for term in note_terms(note, terms):
            best = _best_blank(term, found, used)
            if best is None:
                continue
            sentence, start, form = best
            used.add(squash(sentence))
            shown = sentence[start:start + len(form)]
            blanked = sentence[:start] + BLANK + sentence[start + len(form):]
            others = [f for f in term.forms if squash(f) != squash(shown)]
            items.append(QuizItem("cloze", note.slug, f"填空（{note.question}）：\n{blanked}", shown,
                                  key_points=("|".join([shown, *others]),),
                                  cloze=f"{sentence[:start]}{{{{c1::{shown}}}}}{sentence[start + len(form):]}"))
    return items


def _best_blank(term: Term, found: Sequence[str], used: set[str]) -> tuple[str, int, str] | None:
    """(sentence, start, form): a sentence where the term occurs exactly once, with enough around it."""
    best, best_rank = None, None
    for rank, sentence in enumerate(found):
        if squash(sentence) in used or weight(sentence) > MAX_SENTENCE_WEIGHT:
            continue
        hits = [(form, at) for form in term.forms for at in occurrences(form, sentence)]
        starts = {at for _, at in hits}
        if len(starts) != 1:
            continue
        form, at = max(hits, key=lambda hit: len(hit[0]))  # the longest form that matches there
        if weight(sentence) - weight(form) < MIN_CONTEXT_WEIGHT:
            continue
        score = (abs(weight(sentence) - IDEAL_SENTENCE_WEIGHT), rank)
        if best_rank is None or score < best_rank:
            best, best_rank = (sentence, at, form), score
    return best


def grade(item: QuizItem, response: str) -> Grade:
    """Right when the response is the blanked term or one of its accepted forms, allowing a typo."""
    given = squash(str(response))
    forms = [f for point in (item.key_points or ()) for f in point.split("|")] or [item.answer]
    forms = list(dict.fromkeys([item.answer, *forms]))
    if any(given == squash(form) for form in forms):
        score, expected = 1.0, given
    elif not given:
        score, expected = 0.0, squash(item.answer)
    else:
        score = max(fuzz.ratio(normalize(str(response)), normalize(form)) for form in forms) / 100
        expected = squash(item.answer)
    correct = score * 100 >= PASS_RATIO
    message = "" if given == expected or not correct else f"接近：标准写法是「{item.answer}」"
    return Grade(correct, score, item.answer, str(response), message=message)


def _child_labels(notes: Sequence[Note]) -> dict[str, list[str]]:
    """Parent slug -> the labels of its children (bold headings in the parent that are not terms to recall)."""
    labels: dict[str, list[str]] = {}
    for note in notes:
        if note.parent_slug:
            labels.setdefault(note.parent_slug, []).append(note.question.split(_CHILD_SEPARATOR)[-1])
    return labels
