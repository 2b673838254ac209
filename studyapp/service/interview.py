"""The mock interview as the CLI and the TUI call it: plans from the collection, engines that grade with
the quiz, sessions kept in the store, reports and history.

Here the interview (studyapp.interview, which imports no other feature and no store) is wired to the quiz
(`interview_bank.QuizBank`), the lab catalogue (`lab_index`) and the store (studyapp.store.interviews,
which returns plain rows). Every call that takes a collection blocks: the TUI makes it in a thread worker.
The interview's own names that callers need are re-exported, so that a screen imports this module only.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from studyapp.interview.candidates import candidates as candidates_from
from studyapp.interview.engine import InterviewEngine, Phase
from studyapp.interview.model import AnswerRecord, Candidate, Plan
from studyapp.interview.plan import build_plan
from studyapp.interview.ports import LabIndex, QuestionBank
from studyapp.interview.report import Report, model_answer, render_markdown, short_question
from studyapp.interview.session import Recorder, SessionOptions
from studyapp.store import interviews as store
from studyapp.store.interviews import NoInterviews, SessionSummary
from studyapp.store.timeutil import utcnow

from .interview_bank import QuizBank, bundled_bank

if TYPE_CHECKING:
    from studyapp.store.collection import Collection

__all__ = [
    "AnswerRecord", "CollectionSessions", "InterviewEngine", "NoInterviews", "Phase", "Plan", "QuizBank", "Recorder",
    "Report", "SessionOptions", "SessionSummary", "candidates", "history", "lab_index", "lab_titles", "load_report",
    "make_plan", "model_answer", "new_engine", "recorder", "render_markdown", "sections", "short_question",
]


class _NoteLabs(Mapping):
    """The lab runner's one note->lab index seen as the interview's `LabIndex`: slug -> its first lab, a
    child note without a lab of its own getting its parent's."""

    def __init__(self, index):
        self._index = index

    def __getitem__(self, slug: str):
        lab = self._index.lab_for(slug)
        if lab is None:
            raise KeyError(slug)
        return lab

    def __iter__(self):
        return iter(self._index.by_note)

    def __len__(self) -> int:
        return len(self._index.by_note)


@cache
def lab_index() -> LabIndex:
    """Note slug -> its first lab (a child note without a lab of its own: its parent's); empty when the
    labs are not installed. A view of the lab runner's torch-free catalogue, read once."""
    from studyapp.labrunner import lab_index as runner_index

    return _NoteLabs(runner_index(missing_ok=True))


def lab_titles(labs: LabIndex | None = None) -> dict[str, str]:
    """Lab id -> title, for the report's "study next"."""
    return {lab.id: lab.title for lab in (lab_index() if labs is None else labs).values()}


def candidates(collection: Collection, now: datetime, labs: LabIndex | None = None) -> list[Candidate]:
    """Every active note with its card's memory, recent lapses, latest interview score and lab."""
    return candidates_from(store.candidate_rows(collection, now), store.past_answers(collection),
                           lab_index() if labs is None else labs)


def make_plan(collection: Collection, options: SessionOptions, now: datetime | None = None,
              bank: QuestionBank | None = None, labs: LabIndex | None = None) -> Plan:
    """A plan over the collection's notes; the bundled question bank and lab index unless given."""
    now = now or utcnow()
    return build_plan(candidates(collection, now, labs), options.plan_options(now),
                      bundled_bank() if bank is None else bank)


def sections(collection: Collection) -> list[str]:
    return sorted({c.section for c in collection.cards() if not c.suspended})


def new_engine(plan: Plan, mode: str, clock: Callable[[], datetime],
               on_answer: Callable[[AnswerRecord], None] | None = None,
               bank: QuestionBank | None = None) -> InterviewEngine:
    """A session over `plan`, its answers graded by the quiz's graders."""
    return InterviewEngine(plan, mode, clock, bundled_bank() if bank is None else bank, on_answer=on_answer)


class CollectionSessions:
    """The interview's `SessionStore` over a collection: answers become the store's plain rows."""

    def __init__(self, collection: Collection):
        self.collection = collection

    def open(self, started_at: datetime, minutes: int, mode: str, sections: Sequence[str],
             affects_schedule: bool) -> int:
        return store.start_session(self.collection, started_at, minutes, mode, sections, affects_schedule)

    def save(self, session_id: int, record: AnswerRecord) -> None:
        store.save_answer(self.collection, session_id, answer_row(record))

    def finish(self, session_id: int, answers: Sequence[AnswerRecord], report: dict[str, Any],
               now: datetime) -> list[int]:
        return store.finish_session(self.collection, session_id, [answer_row(r) for r in answers], report, now)


def answer_row(record: AnswerRecord) -> store.AnswerRow:
    q = record.question
    detail = {"found": list(record.found), "missed": list(record.missed), "expected": record.expected,
              "topic": q.topic, "card_id": q.card_id, "lab": q.lab, "followup_of": q.followup_of,
              "probe_of": q.probe_of, "key_points": list(q.key_points), "reference": q.reference}
    values = dict(note_slug=q.note, section=q.section, question_type=q.type, prompt=q.prompt, answer=record.answer,
                  seconds_allowed=q.seconds, seconds_used=record.seconds_used, timed_out=record.timed_out,
                  skipped=record.skipped, coverage=record.coverage, self_rating=record.self_rating)
    return store.AnswerRow(record.position, values, detail)


def recorder(collection: Collection, options: SessionOptions, clock: Callable[[], datetime]) -> Recorder:
    """Keeps a session in the collection: `open(started_at)`, then `save(record)`, `finish(engine)`."""
    return Recorder(CollectionSessions(collection), options, clock, lab_titles())


def load_report(collection: Collection, session_id: int | None = None) -> dict[str, Any]:
    """A finished session's report (the latest when no id is given); NoInterviews when there is none."""
    return store.load_report(collection, session_id)


def history(collection: Collection) -> list[SessionSummary]:
    """Finished sessions, oldest first, with their scores per section and per topic."""
    return store.history(collection)
