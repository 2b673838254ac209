"""Planned questions made from candidates: free text, a numeric estimate, "what would the lab show"."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random

from .model import Candidate, Question
from .ports import QuestionBank

SECONDS = {"free": 180, "numeric": 150, "lab": 240}


def free_question(c: Candidate, topic: str, points: tuple[str, ...], bank: QuestionBank,
                  weakness: float) -> Question:
    return Question(c.slug, c.note.section, topic, "free", SECONDS["free"], c.note.question,
                    bank.reference(c.note), points, c.card_id, c.lab, weakness)


def lab_question(c: Candidate, topic: str, points: tuple[str, ...], bank: QuestionBank,
                 weakness: float) -> Question:
    prompt = (f"实验「{c.lab_title or c.lab}」会显示什么？为什么？结合「{c.note.question}」说明。"
              f"\n(What would the lab show, and why?)")
    reference = bank.reference(c.note)
    if c.lab_summary:
        reference = f"{c.lab_summary}\n\n{reference}"
    return Question(c.slug, c.note.section, topic, "lab", SECONDS["lab"], prompt, reference, points, c.card_id,
                    c.lab, weakness)


def numeric_questions(candidates: Sequence[Candidate], topics: Mapping[str, str], weak: Mapping[str, float],
                      bank: QuestionBank, rng: Random) -> list[Question]:
    by_slug = {c.slug: c for c in candidates}
    out = []
    for estimate in bank.estimates([c.note for c in candidates], rng):
        c = by_slug[estimate.note]
        out.append(Question(c.slug, c.note.section, topics[c.slug], "numeric", SECONDS["numeric"], estimate.prompt,
                            estimate.reference, (), c.card_id, c.lab, weak[c.slug], numeric=estimate.numeric))
    return out
