"""Reading one card (or many) into a CardView: the text to show, its memory state, its lab and repair."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from studyapp.srs.scheduling import STATE_NAMES, Memory, SchedulerSettings, retrievability
from studyapp.store.models import Card, Deck, Note
from studyapp.store.reviews import UnknownCard
from studyapp.store.views import CardView

BUNDLED_SOURCE = "bundled:llm-basics.zh.md"
_CLOZE_GAP = re.compile(r"\{\{c\d+::.*?\}\}", re.S)

CARD_ROWS = select(
    Card.id, Card.kind, Card.state, Card.step, Card.stability, Card.difficulty, Card.due, Card.last_review,
    Card.reps, Card.lapses, Card.suspended, Card.tags, Card.front, Card.back, Note.slug, Note.question,
    Note.answer, Note.section, Note.kind.label("note_kind"), Note.parent_slug, Note.line, Note.deck_id, Deck.source,
).join(Note, Card.note_id == Note.id).join(Deck, Note.deck_id == Deck.id)

# Built once with bound parameters: the review screen reads a card per answer.
_ONE_CARD = CARD_ROWS.where(Card.id == bindparam("card_id"))
_PARENT_QUESTION = select(Note.question).where(Note.deck_id == bindparam("deck_id"), Note.slug == bindparam("slug"))


def memory_of_row(row) -> Memory:
    return Memory(row.state, row.step, row.stability, row.difficulty, row.due, row.last_review)


def row_view(row, now: datetime, scheduler: SchedulerSettings, lab_for_slug, parent_question: str | None = None
             ) -> CardView:
    """A listing row as a view (no parent question, no repair: those cost a lookup each)."""
    cloze = row.front is not None
    return CardView(
        id=row.id, slug=row.slug, section=row.section,
        question=_CLOZE_GAP.sub("[…]", row.front) if cloze else row.question,
        answer=f"**{row.back}**\n\n---\n\n{row.answer}" if cloze else row.answer,
        state=STATE_NAMES[row.state], due=row.due, stability=row.stability, difficulty=row.difficulty,
        retrievability=retrievability(memory_of_row(row), now, scheduler), lab=lab_for_slug(row.slug),
        kind=row.kind, note_kind=row.note_kind, parent_question=parent_question, reps=row.reps, lapses=row.lapses,
        suspended=row.suspended, tags=tuple(row.tags.split()), line=row.line, source=row.source,
    )


def card_view(session: Session, card_id: int, now: datetime, scheduler: SchedulerSettings, lab_for_slug
              ) -> tuple[CardView, Memory]:
    """One card as shown for study: with its parent's question (child notes) and the team's repair, if any."""
    row = session.execute(_ONE_CARD, {"card_id": card_id}).one_or_none()
    if row is None:
        raise UnknownCard(f"no card with id {card_id}")
    parent_question = None
    if row.parent_slug:
        parent_question = session.scalar(_PARENT_QUESTION, {"deck_id": row.deck_id, "slug": row.parent_slug})
    view = row_view(row, now, scheduler, lab_for_slug, parent_question)
    repair = bundled_repairs().get(row.slug) if row.source == BUNDLED_SOURCE else None
    return (replace(view, repair=repair.text) if repair else view), memory_of_row(row)


@cache
def bundled_repairs() -> dict:
    from studyapp.deck.repairs import load_repairs

    return load_repairs()
