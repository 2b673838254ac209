"""A quiz from a deck's notes: items of every type, mixed, reproducible from a seed, none twice."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from random import Random
from typing import Any

from studyapp.deck.model import Note
from studyapp.deck.repairs import Additions, Fact, Repair, default_path, load_additions

from . import choice, cloze, free, numeric, truefalse
from .items import TYPES, Grade, QuizItem

_GRADERS: dict[str, Callable[[QuizItem, Any], Grade]] = {
    "cloze": cloze.grade, "choice": choice.grade, "numeric": numeric.grade,
    "truefalse": truefalse.grade, "free": free.grade,
}


@cache
def _bundled(path: Path) -> Additions:
    return load_additions(path)


def generate_quiz(
    notes: Sequence[Note],
    count: int,
    seed: int,
    types: Iterable[str] | None = None,
    sections: Iterable[str] | None = None,
    repairs: Mapping[str, Repair] | None = None,
    facts: Mapping[str, Sequence[Fact]] | None = None,
) -> list[QuizItem]:
    """`count` items (fewer if the notes do not have that many), types taken in turn, notes spread out.

    `repairs` and `facts` default to the bundled content/repairs.zh.toml; they are keyed by slug, so
    for another deck they simply find nothing.
    """
    chosen = _check_types(types)
    if sections is not None:
        wanted = set(sections)
        notes = [n for n in notes if n.section in wanted]
    if repairs is None or facts is None:
        bundled = _bundled(default_path())
        repairs = bundled.repairs if repairs is None else repairs
        facts = bundled.facts if facts is None else facts
    rng = Random(seed)
    pools = {kind: _pool(kind, list(notes), rng, repairs, facts) for kind in chosen}
    for pool in pools.values():
        rng.shuffle(pool)
    return _interleave([kind for kind in chosen if pools[kind]], pools, count, rng)


def grade(item: QuizItem, response: Any) -> Grade:
    """Grade a response to any item; see each type's module for the forms of response it accepts."""
    return _GRADERS[item.type](item, response)


def _check_types(types: Iterable[str] | None) -> list[str]:
    chosen = list(TYPES) if types is None else list(dict.fromkeys(types))
    unknown = [kind for kind in chosen if kind not in TYPES]
    if unknown:
        raise ValueError(f"unknown quiz type {unknown[0]!r} (expected one of {', '.join(TYPES)})")
    return chosen


def _pool(kind: str, notes: list[Note], rng: Random, repairs: Mapping[str, Repair],
          facts: Mapping[str, Sequence[Fact]]) -> list[QuizItem]:
    if kind == "cloze":
        return cloze.make_items(notes)
    if kind == "choice":
        return choice.make_items(notes, rng, repairs, facts)
    if kind == "numeric":
        return numeric.make_items(notes, rng)
    if kind == "truefalse":
        return truefalse.make_items(notes, rng, facts)
    return free.make_items(notes, repairs)


def _interleave(kinds: list[str], pools: dict[str, list[QuizItem]], count: int, rng: Random) -> list[QuizItem]:
    """Take the types in turn (in a seeded order); within a type, prefer a note not yet asked about."""
    rng.shuffle(kinds)
    quiz: list[QuizItem] = []
    keys: set[str] = set()
    asked: set[str] = set()
    while len(quiz) < count and any(pools[kind] for kind in kinds):
        for kind in kinds:
            if len(quiz) >= count:
                break
            pool = pools[kind]
            while pool and pool[0].key in keys:
                pool.pop(0)
            if not pool:
                continue
            pick = next((i for i, item in enumerate(pool) if item.note not in asked and item.key not in keys), 0)
            item = pool.pop(pick)
            if item.key in keys:
                continue
            quiz.append(item)
            keys.add(item.key)
            asked.add(item.note)
    return quiz
