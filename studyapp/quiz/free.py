"""Free-text answers graded by key-point coverage.

A note's key points are those of its repair (written with English aliases: "主形式|alias") and its
bold phrases. A key point counts as found when enough of its words turn up in the answer: Chinese
segmented by jieba with the field's dictionary, English by words, both sides passed through the
glossary so that "gradient checkpointing" meets 梯度检查点, and words compared with rapidfuzz so that
a typo still counts. The grade lists what was found and missed; the learner may override it.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from studyapp.deck.model import Note
from studyapp.deck.repairs import Repair

from . import segment
from .items import Grade, QuizItem
from .text import bold_spans, plain, squash, weight, without_placeholders

MAX_POINTS = 6
MIN_POINTS = 2  # a note with fewer key points cannot be graded fairly
PASS = 0.6  # share of key points for "correct"
COVERAGE_SHORT = 1.0  # a key point of up to three words needs them all: "B 初始化为 0" is not "A 初始化为 0"
COVERAGE_LONG = 0.5  # a long key point is a sentence: paraphrase keeps about half its words
FUZZY_CUTOFF = 85
FUZZY_MIN_LEN = 4  # "lora" vs "qlora" must not pass as a typo
BOLD_MAX_WEIGHT = 60
LABEL_MIN_WEIGHT = 6  # a bold line on its own under this is a heading (训练过程), not a point
_CHILD_SEPARATOR = " — "


def key_points(note: Note, repairs: Mapping[str, Repair], labels: Sequence[str] = ()) -> tuple[str, ...]:
    """The note's key points, repair first, at most MAX_POINTS; `labels` are child headings to leave out."""
    points = list(repairs[note.slug].key_points) if note.slug in repairs else []
    question = squash(note.question)
    taken = {squash(p.split("|")[0]) for p in points} | {squash(label) for label in labels}
    for span in bold_spans(without_placeholders(note.answer)):
        key = squash(span.phrase)
        if len(key) < 3 or key in question or key in taken or weight(span.phrase) > BOLD_MAX_WEIGHT:
            continue
        if not squash(span.before + span.after) and weight(span.phrase) < LABEL_MIN_WEIGHT:
            continue
        taken.add(key)
        points.append(span.phrase)
    return tuple(points[:MAX_POINTS])


def make_items(notes: Sequence[Note], repairs: Mapping[str, Repair]) -> list[QuizItem]:
    labels: dict[str, list[str]] = {}
    for note in notes:
        if note.parent_slug:
            labels.setdefault(note.parent_slug, []).append(note.question.split(_CHILD_SEPARATOR)[-1])
    items = []
    for note in notes:
        points = key_points(note, repairs, labels.get(note.slug, ()))
        if len(points) < MIN_POINTS:
            continue
        items.append(QuizItem("free", note.slug, f"简答：{note.question}", reference_answer(note, repairs),
                              key_points=points))
    return items


def reference_answer(note: Note, repairs: Mapping[str, Repair]) -> str:
    parts = [without_placeholders(note.answer).strip()]
    if note.slug in repairs:
        parts.append("【补充】\n" + repairs[note.slug].text)
    return "\n\n".join(part for part in parts if part)


class _Answer:
    """An answer prepared once for matching many key points."""

    def __init__(self, text: str):
        # Both readings: through the glossary (gradient checkpointing -> 梯度检查点) and as typed,
        # so that a misspelt English term can still meet the English alias.
        self.words = list(dict.fromkeys(segment.words(text) + segment.words(text, glossary=False)))
        self.word_set = set(self.words)
        self.text = "".join(segment.prepare(text).split())

    def has(self, word: str) -> bool:
        if word in self.word_set:
            return True
        if segment.is_cjk(word) and len(word) >= 2 and word in self.text:
            return True  # jieba may have cut the answer differently around it
        if len(word) >= FUZZY_MIN_LEN and not word.isdigit() and self.words:
            return process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) is not None
        return False


def _size(word: str) -> int:
    return len(word) if segment.is_cjk(word) else 2


def point_found(point: str, answer: _Answer) -> bool:
    for form in point.split("|"):
        for glossary in (True, False):
            form_words = segment.content_words(form, glossary)
            if not form_words:
                continue
            total = sum(_size(w) for w in form_words)
            hit = sum(_size(w) for w in form_words if answer.has(w))
            need = COVERAGE_SHORT if len(form_words) <= 3 else COVERAGE_LONG
            if hit / total >= need:
                return True
    return False


def grade(item: QuizItem, response: str) -> Grade:
    answer = _Answer(str(response))
    points = item.key_points or ()
    found = tuple(p.split("|")[0] for p in points if point_found(p, answer))
    missed = tuple(p.split("|")[0] for p in points if p.split("|")[0] not in found)
    score = len(found) / len(points) if points else 0.0
    message = f"要点 {len(found)}/{len(points)}" + (f"；缺：{'、'.join(missed)}" if missed else "")
    return Grade(score >= PASS, score, plain(item.answer), str(response), found=found, missed=missed, message=message)
