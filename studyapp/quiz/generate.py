"""A quiz from a deck's notes: items of every type, mixed, reproducible from a seed, none twice."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random
from typing import Any

from studyapp.deck.model import Note
from studyapp.deck.repairs import Additions, Fact, Repair, default_path, load_additions

from . import choice, cloze, free, free_items, numeric, truefalse
from .items import TYPES, Grade, QuizItem
from .terms import occurrences

SOURCE_SHARE = 5  # at most one choice item in five may ask which sentence comes from a note

_GRADERS: dict[str, Callable[[QuizItem, Any], Grade]] = {
    "cloze": cloze.grade, "choice": choice.grade, "numeric": numeric.grade,
    "truefalse": truefalse.grade, "free": free.grade,
}


@dataclass(frozen=True)
class Content:
    """The team's additions the generators draw on, keyed by note slug."""

    repairs: Mapping[str, Repair]
    facts: Mapping[str, Sequence[Fact]]
    terms: Mapping[str, Sequence[str]]


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
    terms: Mapping[str, Sequence[str]] | None = None,
) -> list[QuizItem]:
    """`count` items (fewer if the notes do not have that many), types taken in turn, notes spread out.

    `repairs` and `facts` default to the bundled content/repairs.zh.toml; they are keyed by slug, so
    for another deck they simply find nothing.
    """
    chosen = _check_types(types)
    if sections is not None:
        wanted = set(sections)
        notes = [n for n in notes if n.section in wanted]
    if repairs is None or facts is None or terms is None:
        bundled = _bundled(default_path())
        repairs = bundled.repairs if repairs is None else repairs
        facts = bundled.facts if facts is None else facts
        terms = bundled.terms if terms is None else terms
    rng = Random(seed)
    content = Content(repairs, facts, terms)
    pools = {kind: _pool(kind, list(notes), rng, content) for kind in chosen}
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


def _pool(kind: str, notes: list[Note], rng: Random, content: Content) -> list[QuizItem]:
    if kind == "cloze":
        return cloze.make_items(notes, content.repairs, content.facts, content.terms)
    if kind == "choice":
        return choice.make_items(notes, rng, content.repairs, content.facts, content.terms)
    if kind == "numeric":
        return numeric.make_items(notes, rng)
    if kind == "truefalse":
        return truefalse.make_items(notes, rng, content.facts)
    return free_items.make_items(notes, content.repairs, content.terms)


def _interleave(kinds: list[str], pools: dict[str, list[QuizItem]], count: int, rng: Random) -> list[QuizItem]:
    """Take the types in turn (in a seeded order); within a type, prefer a note not yet asked about.

    An item is passed over when it would give away the answer of a cloze item (its own or another's),
    and a "which sentence comes from …" item when it would make more than one choice item in
    SOURCE_SHARE."""
    rng.shuffle(kinds)
    quiz: list[QuizItem] = []
    keys: set[str] = set()
    asked: set[str] = set()
    guard = _Guard()
    while len(quiz) < count and any(pools[kind] for kind in kinds):
        for kind in kinds:
            if len(quiz) >= count:
                break
            pool = pools[kind]
            pool[:] = [item for item in pool if item.key not in keys and guard.allows(item)]
            if not pool:
                continue
            pick = next((i for i, item in enumerate(pool) if item.note not in asked), 0)
            item = pool.pop(pick)
            quiz.append(item)
            keys.add(item.key)
            asked.add(item.note)
            guard.add(item)
    return quiz


class _Guard:
    """What the quiz so far rules out: text that shows a hidden cloze answer, too many source items."""

    def __init__(self) -> None:
        self.shown = ""  # every visible text so far
        self.hidden: list[str] = []  # accepted forms of the cloze answers so far
        self.choices = 0
        self.sources = 0

    def allows(self, item: QuizItem) -> bool:
        if choice.is_source_item(item) and (self.sources + 1) * SOURCE_SHARE > self.choices + 1:
            return False
        text = visible_text(item)
        if any(occurrences(form, self.shown) for form in hidden_forms(item)):
            return False
        return not any(occurrences(form, text) for form in self.hidden)

    def add(self, item: QuizItem) -> None:
        self.shown += "\n" + visible_text(item)
        self.hidden += hidden_forms(item)
        self.choices += item.type == "choice"
        self.sources += choice.is_source_item(item)


def visible_text(item: QuizItem) -> str:
    return "\n".join([item.prompt, *(item.options or ())])


def hidden_forms(item: QuizItem) -> list[str]:
    """The accepted forms of a cloze item's hidden answer (nothing for other types)."""
    if item.type != "cloze":
        return []
    return [form for point in (item.key_points or ()) for form in point.split("|")] or [item.answer]
