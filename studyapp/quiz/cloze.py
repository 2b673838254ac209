"""Cloze deletions from the bold phrases of an answer, in Anki's `{{c1::…}}` sense.

A deletion always covers exactly one bold span as the author marked it, so it never cuts a Chinese
or English word in half; the context is the sentence around the span, from its own line.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from studyapp.deck.model import Note

from .items import ClozeCard, Grade, QuizItem
from .text import BoldSpan, bold_spans, cuts_latin_word, normalize, squash, weight

MIN_CHARS = 3  # 推理, 优点: too short to test; BPE, CoT, 自洽性: long enough
MAX_WEIGHT = 30  # a bold sentence is emphasis, not a term to recall
MIN_CONTEXT = 6  # the rest of the sentence must give something to go on
BLANK = "［……］"
PASS_RATIO = 85
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


def make_items(notes: Sequence[Note]) -> list[QuizItem]:
    questions = {note.slug: note.question for note in notes}
    items = []
    for card in cloze_cards(notes):
        sentence = re.sub(r"\{\{c1::.*?\}\}", lambda _: BLANK, card.text, count=1)
        prompt = f"填空（{questions[card.note_slug]}）：\n{sentence}"
        items.append(QuizItem("cloze", card.note_slug, prompt, card.answer, cloze=card.text))
    return items


def grade(item: QuizItem, response: str) -> Grade:
    given, expected = squash(str(response)), squash(item.answer)
    if given == expected:
        score = 1.0
    elif not given:
        score = 0.0
    else:
        score = fuzz.ratio(normalize(str(response)), normalize(item.answer)) / 100
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
