"""What may be asked: one candidate per active note, from the collection's card rows, past interview
answers and the lab index (all passed in by the service layer). Scores and the lab lookup stay here."""
from __future__ import annotations

from collections.abc import Iterable

from studyapp.deck.model import Note

from .model import Candidate
from .ports import CardRow, LabIndex, PastAnswer
from .scoring import answer_score


def last_scores(answers: Iterable[PastAnswer]) -> dict[str, float]:
    """Note slug -> the score of its latest answer (answers come oldest first)."""
    return {a.slug: answer_score(a.coverage, a.self_rating) for a in answers}


def candidates(rows: Iterable[CardRow], past: Iterable[PastAnswer], labs: LabIndex) -> list[Candidate]:
    """Every note of `rows` with its card's memory, recent lapses, latest interview score and lab."""
    scores = last_scores(past)
    by_note: dict[str, list[CardRow]] = {}
    for row in rows:
        by_note.setdefault(row.slug, []).append(row)
    out = []
    for slug, cards in by_note.items():
        # A note may have several cards (basic, cloze): Again goes to its basic card, and the memory
        # counted is that of its weakest reviewed card.
        first = next((r for r in cards if r.card_kind == "basic"), cards[0])
        reviewed = [r for r in cards if r.state != "new"]
        weakest = min(reviewed, key=lambda r: r.retrievability) if reviewed else first
        lab = labs.get(slug)
        note = Note(slug, first.question, first.answer, first.section, first.line, first.kind, first.parent_slug)
        out.append(Candidate(
            note, first.card_id, weakest.state, weakest.retrievability, sum(r.recent_lapses for r in cards),
            scores.get(slug), lab=(first.lab or (lab.id if lab else None)),
            lab_title=lab.title if lab else "", lab_summary=lab.summary if lab else "",
        ))
    return out
