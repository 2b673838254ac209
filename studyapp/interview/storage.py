"""Between the interview's objects and the store's plain rows: candidates from card rows, answers and
reports to rows. The store (studyapp.store.interviews) knows nothing of the interview; this does the
translating, and the scoring (answer_score) and the lab index stay on this side."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from studyapp.deck.model import Note
from studyapp.store import interviews as store

from .labs import labs_by_note
from .model import AnswerRecord, Candidate
from .report import Report
from .scoring import answer_score


def candidates(collection, now: datetime) -> list[Candidate]:
    """Every active note with its card's memory, recent lapses and latest interview score."""
    labs = labs_by_note()
    last_scores = {a.slug: answer_score(a.coverage, a.self_rating) for a in store.past_answers(collection)}
    by_note: dict[str, list[store.CandidateRow]] = {}
    for row in store.candidate_rows(collection, now):
        by_note.setdefault(row.slug, []).append(row)
    out = []
    for slug, rows in by_note.items():
        # A note may have several cards (basic, cloze): Again goes to its basic card, and the memory
        # counted is that of its weakest reviewed card.
        first = next((r for r in rows if r.card_kind == "basic"), rows[0])
        reviewed = [r for r in rows if r.state != "new"]
        weakest = min(reviewed, key=lambda r: r.retrievability) if reviewed else first
        lab = labs.get(slug)
        note = Note(slug, first.question, first.answer, first.section, first.line, first.kind, first.parent_slug)
        out.append(Candidate(
            note, first.card_id, weakest.state, weakest.retrievability, sum(r.recent_lapses for r in rows),
            last_scores.get(slug), lab=(first.lab or (lab.id if lab else None)),
            lab_title=lab.title if lab else "", lab_summary=lab.summary if lab else "",
        ))
    return out


def answer_row(record: AnswerRecord) -> store.AnswerRow:
    q = record.question
    detail = {"found": list(record.found), "missed": list(record.missed), "expected": record.expected,
              "topic": q.topic, "card_id": q.card_id, "lab": q.lab, "followup_of": q.followup_of,
              "probe_of": q.probe_of, "key_points": list(q.key_points), "reference": q.reference}
    values = dict(note_slug=q.note, section=q.section, question_type=q.type, prompt=q.prompt, answer=record.answer,
                  seconds_allowed=q.seconds, seconds_used=record.seconds_used, timed_out=record.timed_out,
                  skipped=record.skipped, coverage=record.coverage, self_rating=record.self_rating)
    return store.AnswerRow(record.position, values, detail)


def save_answer(collection, session_id: int, record: AnswerRecord) -> None:
    store.save_answer(collection, session_id, answer_row(record))


def finish_session(collection, session_id: int, answers: Sequence[AnswerRecord], report: Report,
                   now: datetime) -> list[int]:
    """Every answer, the report and the Again reviews of the cards it names, in one go."""
    return store.finish_session(collection, session_id, [answer_row(r) for r in answers], report.to_json(), now)
