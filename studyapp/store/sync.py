"""Bring a parsed Deck into the collection: stable slugs keep history, removed notes retire."""
from __future__ import annotations

from datetime import datetime

from rapidfuzz import fuzz, process
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from studyapp.deck.model import Deck as ParsedDeck
from studyapp.deck.model import Note as ParsedNote
from studyapp.deck.slug import normalize_question
from studyapp.store.cloze_sync import ClozeFinder, family_root, no_clozes, sync_clozes
from studyapp.store.models import Card, Deck, Note
from studyapp.store.schema import BASIC, RETIRED_TAG, CardState
from studyapp.store.views import ImportSummary

# A question reworded by at most this much (rapidfuzz ratio on the normalised text, 0..100)
# is the same note: "LoRA的原理" -> "LoRA 的原理是什么" keeps its history; a new topic does not.
REWORD_THRESHOLD = 80
_FIELDS = ("question", "answer", "section", "line", "kind", "parent_slug")


def _fields(note: ParsedNote) -> dict:
    return {name: getattr(note, name) for name in _FIELDS}


# A document at a new path whose notes are mostly those of a known deck is that deck, moved or copied.
MOVED_SHARE = 0.5


def sync_deck(session: Session, parsed: ParsedDeck, source: str, now: datetime,
              as_new_deck: bool = False, find_clozes: ClozeFinder = no_clozes) -> ImportSummary:
    deck = session.scalar(select(Deck).where(Deck.source == source))
    warnings: tuple[str, ...] = ()
    if deck is None and not as_new_deck:
        deck, shared = _same_document_elsewhere(session, parsed)
        if deck is not None:
            warnings = (f"{parsed.path}: {shared} of {len(parsed.notes)} notes are those of the deck "
                        f"'{deck.name}' imported from {deck.source}; updating that deck (its history is kept). "
                        "Use --as-new-deck to import this file as a separate deck.",)
            deck.source = source
    if deck is None:
        deck = Deck(name=parsed.title, source=source, created_at=now)
        session.add(deck)
        session.flush()
    elif deck.name != parsed.title:
        deck.name = parsed.title

    rows = session.execute(
        select(Note.id, Note.slug, Note.retired, *(getattr(Note, f) for f in _FIELDS)).where(Note.deck_id == deck.id)
    ).all()
    existing = {row.slug: row for row in rows}
    incoming = {note.slug: note for note in parsed.notes}

    gone = {slug: row for slug, row in existing.items() if slug not in incoming}
    fresh = [note for slug, note in incoming.items() if slug not in existing]
    renamed = _match_rewordings(fresh, gone)

    updates, revived, added, changed_roots = [], [], [], set()
    unchanged = 0
    for slug, note in incoming.items():
        row = existing.get(slug) or renamed.get(slug)
        if row is None:
            added.append(note)
            changed_roots.add(family_root(note))
            continue
        new_values = _fields(note)
        changed = row.slug != slug or any(getattr(row, f) != v for f, v in new_values.items())
        if row.retired:
            revived.append(row.id)
        if changed or row.retired:
            changed_roots.add(family_root(note))
            updates.append({"id": row.id, "slug": slug, "retired": False, "updated_at": now, **new_values})
        else:
            unchanged += 1
    matched_ids = {row.id for row in renamed.values()}
    retire_ids = [row.id for row in gone.values() if row.id not in matched_ids and not row.retired]

    if updates:
        session.execute(update(Note), updates)
    if revived:
        _set_retired_cards(session, revived, retired=False)
    if retire_ids:
        session.execute(update(Note).where(Note.id.in_(retire_ids)).values(retired=True, updated_at=now))
        _set_retired_cards(session, retire_ids, retired=True)
    if added:
        _add_notes(session, deck.id, added, now)
    sync_clozes(session, deck.id, parsed, now, changed_roots, find_clozes)
    cards = session.scalar(
        select(func.count()).select_from(Card).join(Note).where(Note.deck_id == deck.id, Note.retired.is_(False))
    )

    return ImportSummary(
        added=len(added),
        updated=len(updates),  # edited, reworded, or back in the document after being retired
        unchanged=unchanged,
        retired=len(retire_ids),
        notes=len(incoming),
        cards=cards,
        warnings=warnings,
    )


def _same_document_elsewhere(session: Session, parsed: ParsedDeck) -> tuple[Deck | None, int]:
    """The known deck sharing the most note slugs with `parsed`, when it shares at least MOVED_SHARE of them."""
    slugs = {note.slug for note in parsed.notes}
    if not slugs:
        return None, 0
    best = session.execute(
        select(Note.deck_id, func.count()).where(Note.slug.in_(slugs), Note.retired.is_(False))
        .group_by(Note.deck_id).order_by(func.count().desc()).limit(1)
    ).first()
    if best is None or best[1] < MOVED_SHARE * len(slugs):
        return None, 0
    return session.get(Deck, best[0]), best[1]


def _match_rewordings(fresh: list[ParsedNote], gone: dict) -> dict:
    """new slug -> the existing row it rewords, best matches first, each old note used once."""
    if not fresh or not gone:
        return {}
    choices = {slug: normalize_question(row.question) for slug, row in gone.items()}
    matches = {}
    for note in fresh:
        if not choices:
            break
        best = process.extractOne(
            normalize_question(note.question), choices, scorer=fuzz.ratio, score_cutoff=REWORD_THRESHOLD
        )
        if best is not None:
            old_slug = best[2]
            if gone[old_slug].parent_slug == note.parent_slug or gone[old_slug].kind == note.kind:
                matches[note.slug] = gone[old_slug]
                del choices[old_slug]
    return matches


def _set_retired_cards(session: Session, note_ids: list[int], retired: bool) -> None:
    cards = session.execute(select(Card.id, Card.tags, Card.suspended).where(Card.note_id.in_(note_ids))).all()
    changes = []
    for card in cards:
        tags = set(card.tags.split())
        if retired:
            if card.suspended:
                continue  # suspended by the learner: leave it so, and do not mark it for revival
            tags.add(RETIRED_TAG)
            changes.append({"id": card.id, "suspended": True, "tags": " ".join(sorted(tags))})
        elif RETIRED_TAG in tags:
            tags.discard(RETIRED_TAG)
            changes.append({"id": card.id, "suspended": False, "tags": " ".join(sorted(tags))})
    if changes:
        session.execute(update(Card), changes)


def _add_notes(session: Session, deck_id: int, notes: list[ParsedNote], now: datetime) -> None:
    rows = [
        {"deck_id": deck_id, "slug": n.slug, "retired": False, "updated_at": now, **_fields(n)} for n in notes
    ]
    ids = session.execute(insert(Note).returning(Note.id, sort_by_parameter_order=True), rows).scalars().all()
    session.execute(
        insert(Card),
        [
            {"note_id": note_id, "kind": BASIC, "ordinal": 0, "state": CardState.NEW, "due": now, "reps": 0,
             "lapses": 0, "suspended": False, "tags": ""}
            for note_id in ids
        ],
    )
