"""Free-text quiz items and their grading.

A note of the bundled deck is graded by studyapp.grading against its curated key points
(content/keypoints.zh.toml): ideas with their accepted forms, numbers bound to their subjects, orders,
negations and known misconceptions; its verdict may be "unsure", and then the learner judges.

A note without curated key points (a user's own document) falls back to word coverage: its key points
are those of its repair ("主形式|alias") and its bold phrases, and one counts as found when enough of its
words turn up in the answer (jieba for Chinese, the glossary for English terms, rapidfuzz for typos).
The learner may override any grade.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from studyapp.deck.model import Note
from studyapp.deck.plain_text import bold_spans, plain, squash, weight, without_placeholders
from studyapp.deck.repairs import Repair
from studyapp.grading import grade_with, keys_for

from . import segment
from .items import Grade, QuizItem

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
    """The note's key points: its curated ideas when it has them; otherwise the repair's, then its bold
    phrases, at most MAX_POINTS (`labels` are child headings to leave out)."""
    keys = keys_for(note.slug)
    if keys is not None:
        return tuple(idea.text for idea in keys.ideas)
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


def grade(item: QuizItem, response: str, points_only: bool = False) -> Grade:
    """`points_only`: judge only the item's own key points (an interview probe of one missed idea),
    not the note's whole set of curated ideas; the note's misconceptions still count."""
    keys = keys_for(item.note)
    if keys is not None and points_only:
        keys = _only(keys, item.key_points or ())
    if keys is None:
        return _grade_by_coverage(item, response)
    result = grade_with(keys, str(response))
    parts = [f"要点 {len(result.found)}/{len(result.found) + len(result.missed)}"]
    if result.contradicted:
        parts.append("与事实不符：" + "；".join(result.contradicted))
    if result.verdict == "unsure":
        parts.append("自动评分拿不准，请对照参考答案自己判断")
    return Grade(result.correct, result.score, plain(item.answer), str(response), found=result.found,
                 missed=result.missed, message="；".join(parts), verdict=result.verdict,
                 contradicted=result.contradicted)


def _only(keys, points: tuple[str, ...]):
    """The curated keys cut down to the ideas named by `points`; None when none of them is curated."""
    from dataclasses import replace

    wanted = {p.split("|")[0] for p in points}
    ideas = tuple(idea for idea in keys.ideas if idea.text in wanted)
    return replace(keys, ideas=ideas, enough=0.0) if ideas else None


def _grade_by_coverage(item: QuizItem, response: str) -> Grade:
    answer = _Answer(str(response))
    points = item.key_points or ()
    found = tuple(p.split("|")[0] for p in points if point_found(p, answer))
    missed = tuple(p.split("|")[0] for p in points if p.split("|")[0] not in found)
    score = len(found) / len(points) if points else 0.0
    message = f"要点 {len(found)}/{len(points)}" + (f"；缺：{'、'.join(missed)}" if missed else "")
    verdict = "correct" if score >= PASS else ("partial" if found else "wrong")
    return Grade(score >= PASS, score, plain(item.answer), str(response), found=found, missed=missed, message=message,
                 verdict=verdict)
