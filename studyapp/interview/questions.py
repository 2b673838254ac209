"""Planned questions made from candidates: free text, a numeric estimate, "what would the lab show"."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random

from studyapp.deck.repairs import Repair
from studyapp.quiz import free, numeric

from .model import Candidate, Question

SECONDS = {"free": 180, "numeric": 150, "lab": 240}


def free_question(c: Candidate, topic: str, points: tuple[str, ...], repairs: Mapping[str, Repair],
                  weakness: float) -> Question:
    return Question(c.slug, c.note.section, topic, "free", SECONDS["free"], c.note.question,
                    free.reference_answer(c.note, repairs), points, c.card_id, c.lab, weakness)


def lab_question(c: Candidate, topic: str, points: tuple[str, ...], repairs: Mapping[str, Repair],
                 weakness: float) -> Question:
    prompt = (f"实验「{c.lab_title or c.lab}」会显示什么？为什么？结合「{c.note.question}」说明。"
              f"\n(What would the lab show, and why?)")
    reference = free.reference_answer(c.note, repairs)
    if c.lab_summary:
        reference = f"{c.lab_summary}\n\n{reference}"
    return Question(c.slug, c.note.section, topic, "lab", SECONDS["lab"], prompt, reference, points, c.card_id,
                    c.lab, weakness)


def numeric_questions(candidates: Sequence[Candidate], topics: Mapping[str, str], weak: Mapping[str, float],
                      rng: Random) -> list[Question]:
    by_slug = {c.slug: c for c in candidates}
    out = []
    for item in numeric.make_items([c.note for c in candidates], rng):
        c = by_slug[item.note]
        data = {"answer": item.answer, "formula": item.formula, "params": item.params,
                "tolerance": item.tolerance, "unit": item.unit}
        out.append(Question(c.slug, c.note.section, topics[c.slug], "numeric", SECONDS["numeric"], item.prompt,
                            f"{numeric.FORMULAS[item.formula].expression} = "
                            f"{numeric.format_quantity(item.answer, item.unit)}",
                            (), c.card_id, c.lab, weak[c.slug], numeric=data))
    return out
