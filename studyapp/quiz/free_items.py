"""Free-text items for every note: the key points a full answer must mention.

A note's key points are its repair's and its bold phrases' (studyapp.quiz.free.key_points), keeping
only those short enough to be an idea: a whole document sentence is not something a learner can be
expected to say. Where fewer than STRONG_ENOUGH are left, the note's curated terms fill in. The
grading itself stays in studyapp.quiz.free.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from studyapp.deck.model import Note
from studyapp.deck.plain_text import squash, weight
from studyapp.deck.repairs import Repair
from studyapp.grading.grader import keys_for

from . import free
from .items import QuizItem
from .terms import note_terms

MAX_POINT_WEIGHT = 16  # "真实效果先升后降" is an idea; "在后续微调中，我们只需要冻住模型其余部分……" is not
STRONG_ENOUGH = 3
_CHILD_SEPARATOR = " — "


def child_labels(notes: Sequence[Note]) -> dict[str, list[str]]:
    """Parent slug -> its children's headings, which are labels in the parent, not key points."""
    labels: dict[str, list[str]] = {}
    for note in notes:
        if note.parent_slug:
            labels.setdefault(note.parent_slug, []).append(note.question.split(_CHILD_SEPARATOR)[-1])
    return labels


def key_points(note: Note, repairs: Mapping[str, Repair], terms: Mapping[str, Sequence[str]],
               labels: Sequence[str] = ()) -> tuple[str, ...]:
    """"main|alias|…" key points, strongest first, at most free.MAX_POINTS. A note with curated ideas takes
    them as they are: each is an idea the grader checks, however long its wording."""
    if keys_for(note.slug) is not None:
        return free.key_points(note, repairs, labels)
    points = [p for p in free.key_points(note, repairs, labels) if weight(p.split("|")[0]) <= MAX_POINT_WEIGHT]
    if len(points) < STRONG_ENOUGH:
        taken = {squash(form) for p in points for form in p.split("|")}
        for term in note_terms(note, terms):
            if not {squash(form) for form in term.forms} & taken:
                points.append(term.spec)
                taken.update(squash(form) for form in term.forms)
    return tuple(points[: free.MAX_POINTS])


def make_items(notes: Sequence[Note], repairs: Mapping[str, Repair],
               terms: Mapping[str, Sequence[str]]) -> list[QuizItem]:
    labels = child_labels(notes)
    items = []
    for note in notes:
        points = key_points(note, repairs, terms, labels.get(note.slug, ()))
        if len(points) < free.MIN_POINTS:
            continue
        items.append(QuizItem("free", note.slug, f"简答：{note.question}", free.reference_answer(note, repairs),
                              key_points=points))
    return items
