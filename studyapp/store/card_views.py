"""Reading one card (or many) into a CardView: the text to show, its memory state, its lab and repair."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import cache

from studyapp.srs.scheduling import STATE_NAMES, Memory, SchedulerSettings, retrievability
from studyapp.store.db import one, scalar
from studyapp.store.errors import UnknownCard
from studyapp.store.schema import CardState, from_db
from studyapp.store.views import CardView

LabForSlug = Callable[[str], "str | None"]  # a card's lab, from the note→lab index the caller holds


def no_lab(slug: str) -> None:
    """The default lab index: no card has a lab."""
    return None


_CLOZE_GAP = re.compile(r"\{\{c\d+::.*?\}\}", re.S)


CARD_ROWS = """
SELECT card.id, card.kind, card.state, card.step, card.stability, card.difficulty, card.due, card.last_review,
       card.reps, card.lapses, card.suspended, card.tags, card.front, card.back, note.slug, note.question,
       note.answer, note.section, note.kind AS note_kind, note.parent_slug, note.line, note.deck_id, deck.source
FROM card JOIN note ON card.note_id = note.id JOIN deck ON note.deck_id = deck.id"""
_ONE_CARD = CARD_ROWS + " WHERE card.id = ?"
ALL_CARDS = CARD_ROWS + " ORDER BY card.id"
DUE_CARDS = CARD_ROWS + f" WHERE card.suspended = 0 AND card.state != {CardState.NEW} AND card.due < ? ORDER BY card.id"
_PARENT_QUESTION = "SELECT question FROM note WHERE deck_id = ? AND slug = ?"
_CARD = "SELECT * FROM card WHERE id = ?"


def memory_of_row(row) -> Memory:
    """A card row's scheduling fields (row: a sqlite3.Row of the card table, or of CARD_ROWS)."""
    return Memory(row["state"], row["step"], row["stability"], row["difficulty"], from_db(row["due"]),
                  from_db(row["last_review"]))


def row_view(row, now: datetime, scheduler: SchedulerSettings, lab_for_slug: LabForSlug,
             parent_question: str | None = None) -> CardView:
    """A listing row as a view (no parent question, no repair: those cost a lookup each)."""
    memory = memory_of_row(row)
    front = row["front"]
    cloze = front is not None
    return CardView(
        id=row["id"], slug=row["slug"], section=row["section"],
        question=_CLOZE_GAP.sub("[…]", front) if cloze else row["question"],
        answer=f"**{row['back']}**\n\n---\n\n{row['answer']}" if cloze else row["answer"],
        state=STATE_NAMES[row["state"]], due=memory.due, stability=row["stability"], difficulty=row["difficulty"],
        retrievability=retrievability(memory, now, scheduler), lab=lab_for_slug(row["slug"]),
        kind=row["kind"], note_kind=row["note_kind"], parent_question=parent_question, reps=row["reps"],
        lapses=row["lapses"], suspended=bool(row["suspended"]), tags=tuple(row["tags"].split()), line=row["line"],
        source=row["source"],
    )


def card_row(conn: sqlite3.Connection, card_id: int) -> sqlite3.Row:
    """The card table's row of one card."""
    row = one(conn, _CARD, (card_id,))
    if row is None:
        raise UnknownCard(f"no card with id {card_id}")
    return row


def card_memory(conn: sqlite3.Connection, card_id: int) -> Memory:
    return memory_of_row(card_row(conn, card_id))


def card_view(conn: sqlite3.Connection, card_id: int, now: datetime, scheduler: SchedulerSettings,
              lab_for_slug: LabForSlug) -> tuple[CardView, Memory]:
    """One card as shown for study: with its parent's question (child notes) and the team's repair, if any."""
    row = one(conn, _ONE_CARD, (card_id,))
    if row is None:
        raise UnknownCard(f"no card with id {card_id}")
    parent_question = None
    if row["parent_slug"]:
        parent_question = scalar(conn, _PARENT_QUESTION, (row["deck_id"], row["parent_slug"]))
    view = row_view(row, now, scheduler, lab_for_slug, parent_question)
    # A slug carries a hash of its question, so the bundled deck's repair fits the same note in a moved or
    # edited copy of the document too.
    repair = bundled_repair(row["slug"])
    return (replace(view, repair=repair.text) if repair else view), memory_of_row(row)


def bundled_repair(slug: str):
    """The bundled repair of a note, or None. Parsing the file (TOML) takes about 10 ms, before `studyapp review`
    can show its first card; a slug ([a-z0-9-]) is written as it is in its `[repairs."SLUG"]` header, so the file
    is parsed only when its text names the slug, which most notes' slugs it does not."""
    text = _bundled_repairs_text()
    if text is not None and slug not in text:
        return None
    return bundled_repairs().get(slug)


@cache
def _bundled_repairs_text() -> str | None:
    from studyapp.resources import bundled_repairs_path  # not studyapp.deck.repairs: its import costs 5 ms

    try:
        return bundled_repairs_path().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # parsed then, and reported as load_repairs words it
        return None


@cache
def bundled_repairs() -> dict:
    from studyapp.deck.repairs import load_repairs

    return load_repairs()
