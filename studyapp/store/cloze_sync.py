"""Cloze cards of a deck's notes: one SRS card per deletion, same scheduling as the note's own card.

Which deletions a note has is not the store's business: the caller hands a finder (studyapp.service.importing
hands the quiz's), and the store keeps what it finds, each card under a stable ordinal."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from studyapp.deck.model import Deck as ParsedDeck
from studyapp.deck.model import Note as ParsedNote
from studyapp.store.models import Card, Note
from studyapp.store.schema import CLOZE, RETIRED_TAG, CardState


class FoundCloze(Protocol):
    """One deletion: `text` in Anki's `…{{c1::phrase}}…` form, `answer` the phrase, `key` stable across edits."""

    note_slug: str
    text: str
    answer: str

    @property
    def key(self) -> str: ...


ClozeFinder = Callable[[Sequence[ParsedNote]], Iterable[FoundCloze]]


def no_clozes(notes: Sequence[ParsedNote]) -> list[FoundCloze]:
    """The finder of a collection opened without one: notes get no cloze cards."""
    return []


def stable_ordinal(key: str) -> int:
    """The card's ordinal from the deletion's digest, so re-ordering a note's phrases keeps each card's history."""
    return int(key.rsplit("-", 1)[-1][:7], 16)


def family_root(note) -> str:
    return note.parent_slug or note.slug


def sync_clozes(session: Session, deck_id: int, parsed: ParsedDeck, now: datetime, roots: set[str],
                find_clozes: ClozeFinder = no_clozes) -> None:
    """Re-derive the cloze cards of the note families in `roots` (those whose text changed); others stay as they are."""
    notes = [n for n in parsed.notes if family_root(n) in roots]
    if not notes:
        return
    note_ids = dict(session.execute(
        select(Note.slug, Note.id).where(Note.deck_id == deck_id, Note.slug.in_([n.slug for n in notes]))
    ).all())
    wanted = {}
    for cloze in find_clozes(notes):
        note_id = note_ids.get(cloze.note_slug)
        if note_id is not None:
            wanted[(note_id, stable_ordinal(cloze.key))] = cloze
    existing = {
        (row.note_id, row.ordinal): row
        for row in session.execute(
            select(Card.id, Card.note_id, Card.ordinal, Card.front, Card.suspended, Card.tags)
            .where(Card.note_id.in_(list(note_ids.values())), Card.kind == CLOZE)
        )
    }
    added = [
        {"note_id": key[0], "kind": CLOZE, "ordinal": key[1], "state": CardState.NEW, "due": now, "reps": 0,
         "lapses": 0, "suspended": False, "tags": "", "front": cloze.text, "back": cloze.answer}
        for key, cloze in wanted.items() if key not in existing
    ]
    if added:
        session.execute(insert(Card), added)
    changes = []
    for key, row in existing.items():
        tags = set(row.tags.split())
        if key in wanted:
            if row.front != wanted[key].text or RETIRED_TAG in tags:
                revive = RETIRED_TAG in tags
                tags.discard(RETIRED_TAG)
                changes.append({"id": row.id, "front": wanted[key].text, "back": wanted[key].answer,
                                "tags": " ".join(sorted(tags)), "suspended": False if revive else row.suspended})
        elif not row.suspended:
            changes.append({"id": row.id, "suspended": True, "tags": " ".join(sorted(tags | {RETIRED_TAG}))})
    if changes:
        session.execute(update(Card), changes)
