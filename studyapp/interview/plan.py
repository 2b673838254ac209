"""The plan: which notes to ask, of which type, in which order, with how many seconds each.

Weak notes are drawn more often (a weighted draw without replacement, Efraimidis–Spirakis keys from a
seeded generator) and the draw is spread: each time a section (or topic, when the scope has one
section) is used again its next note's key is halved. One numeric question and, where a drawn note
has a lab, one "what would the lab show" question are always included. The seconds are then scaled
so that they add up to the session's length.

What the draw left over is kept as the plan's reserve (the other notes in draw order, the other
numeric estimates): a learner who answers fast is asked from it until the session's time is spent.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from random import Random

from studyapp.deck.families import root

from .model import Candidate, Plan, PlanOptions, Question
from .ports import QuestionBank
from .questions import SECONDS, free_question, lab_question, numeric_questions
from .topics import spread_key, topic_of
from .weakness import weakness

SPREAD_PENALTY = 0.5
OVERFILL = 1.05  # a last question may overrun the length by this much before scaling brings it back
MAX_STRETCH = 2.0  # a scope too small for the length gives a shorter session, not 10-minute questions
FOLLOWUPS = 3
RESERVE_NUMERIC_EVERY = 3


def build_plan(candidates: Sequence[Candidate], options: PlanOptions, bank: QuestionBank) -> Plan:
    """`bank` gives each note's key points and reference answer and the numeric estimates."""
    wanted = set(options.sections)
    scope = [c for c in candidates if not wanted or c.note.section in wanted]
    notes = {c.slug: c.note for c in candidates}
    topics = {c.slug: topic_of(c.note, notes) for c in candidates}
    weak = {c.slug: weakness(c) for c in candidates}
    points = bank.key_points([c.note for c in scope], list(notes.values()))
    gradable = [c for c in scope if c.slug in points]

    rng = Random(options.seed)
    keys = _keys(scope, weak, rng, options.weakest_first)
    group = _grouping([c.note.section for c in scope], topics)

    def make(c: Candidate, kind: str) -> Question:
        build = lab_question if kind == "lab" else free_question
        return build(c, topics[c.slug], points[c.slug], bank, weak[c.slug])

    budget = options.minutes * 60
    chosen: list[Question] = []
    numeric = numeric_questions(scope, topics, weak, bank, rng)
    if numeric:
        chosen.append(max(numeric, key=lambda q: keys[q.note]))
    # A note failed lately is asked whatever its topic's share: the spread does not hold it back.
    failed = {c.slug for c in scope if c.recent_lapses}
    order = _spread(gradable, keys, group, used=Counter(group(q) for q in chosen), exempt=failed)
    lab_note = next((c for c in order if c.lab and c.slug not in {q.note for q in chosen}), None)
    if lab_note is not None:
        chosen.append(make(lab_note, "lab"))
    asked_roots = {root(notes[q.note]) for q in chosen if q.type != "numeric"}
    asked = {q.note for q in chosen}
    for c in order:
        if sum(q.seconds for q in chosen) + SECONDS["free"] > budget * OVERFILL:
            break
        if c.slug in asked or root(c.note) in asked_roots:
            continue
        chosen.append(make(c, "free"))
        asked_roots.add(root(c.note))

    chosen = _sequence(chosen, keys, group, options.weakest_first)
    chosen = _fit(chosen, budget)
    planned = {q.note for q in chosen}
    followups = {q.note: _family(q, gradable, planned, topics, make) for q in chosen if q.type != "numeric"}
    return Plan(tuple(chosen), options.minutes, options.seed, tuple(options.sections),
                {slug: family for slug, family in followups.items() if family},
                reserve=_reserve(order, numeric, chosen, make))


def _reserve(order: Sequence[Candidate], numeric: Sequence[Question], chosen: Sequence[Question],
             make) -> tuple[Question, ...]:
    """The rest of the draw, to ask when the planned questions are done before the time is: unasked
    notes in draw order (a note with a lab not yet asked about gets the lab question), with another
    numeric estimate after every RESERVE_NUMERIC_EVERY of them."""
    asked = {q.note for q in chosen}
    labs = {q.lab for q in chosen if q.type == "lab"}
    notes = []
    for c in order:
        if c.slug in asked:
            continue
        kind = "lab" if c.lab and c.lab not in labs else "free"
        labs.add(c.lab)
        notes.append(make(c, kind))
    estimates = [q for q in numeric if q not in chosen]
    out: list[Question] = []
    while notes or estimates:
        out += notes[:RESERVE_NUMERIC_EVERY]
        del notes[:RESERVE_NUMERIC_EVERY]
        if estimates:
            out.append(estimates.pop(0))
    return tuple(out)


def _keys(scope: Sequence[Candidate], weak: Mapping[str, float], rng: Random, weakest_first: bool) -> dict[str, float]:
    if weakest_first:
        return {c.slug: weak[c.slug] for c in scope}
    # u ** (1 / w): sorting by it draws without replacement with probability proportional to w.
    return {c.slug: rng.random() ** (1.0 / weak[c.slug]) for c in scope}


def _grouping(sections: Sequence[str], topics: Mapping[str, str]):
    if spread_key(sections) == "section":
        return lambda q: q.section if isinstance(q, Question) else q.note.section
    return lambda q: q.topic if isinstance(q, Question) else topics[q.slug]


def _spread(items: Sequence, keys: Mapping[str, float], group, used: Counter | None = None,
            exempt: frozenset[str] | set[str] = frozenset()) -> list:
    """Greedy: the highest key next, each earlier use of its group halving it (not for `exempt` notes)."""
    left = list(items)
    used = Counter(used or {})
    out = []
    while left:
        def effective(item) -> float:
            slug = item.note if isinstance(item, Question) else item.slug
            if slug in exempt:
                return keys[slug]
            return keys[slug] * SPREAD_PENALTY ** used.get(group(item), 0)

        best = max(left, key=effective)
        left.remove(best)
        out.append(best)
        used[group(best)] = used.get(group(best), 0) + 1
    return out


def _sequence(chosen: list[Question], keys: Mapping[str, float], group, weakest_first: bool) -> list[Question]:
    if weakest_first:
        return sorted(chosen, key=lambda q: -q.weakness)
    return _spread(chosen, keys, group)


def _fit(chosen: list[Question], budget: int) -> list[Question]:
    total = sum(q.seconds for q in chosen)
    if not chosen or total == 0:
        return chosen
    factor = min(MAX_STRETCH, budget / total)
    fitted = [replace(q, seconds=max(30, round(q.seconds * factor))) for q in chosen]
    if factor < MAX_STRETCH:  # rounding leftovers go to the first question
        fitted[0] = replace(fitted[0], seconds=fitted[0].seconds + budget - sum(q.seconds for q in fitted))
    return fitted


def _family(q: Question, gradable: Sequence[Candidate], planned: set[str], topics: Mapping[str, str],
            make) -> tuple[Question, ...]:
    """Follow-ups after a good answer: the family's later notes in document order (CoT → 自洽性 → LtM),
    then the rest of the family, then the topic's other notes."""
    mine = next((c for c in gradable if c.slug == q.note), None)
    if mine is None:
        return ()
    others = [c for c in gradable if c.slug not in planned and c.slug != q.note]
    family = sorted((c for c in others if root(c.note) == root(mine.note)),
                    key=lambda c: (c.note.line <= mine.note.line, c.note.line))
    topic = [c for c in others if topics[c.slug] == q.topic and c not in family]
    return tuple(replace(make(c, "free"), followup_of=q.note) for c in (family + topic)[:FOLLOWUPS])
