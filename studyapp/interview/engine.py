"""A running interview: countdowns, answers, time-outs, follow-ups. Pure Python over an injected clock.

Nothing here waits: the caller (a screen's timer, a test) calls `tick()` and the engine looks at the
clock. The session's countdown runs only while a question is open, so reading the reference in
practice mode does not eat into the answering time the plan adds up to.

Phases: ASKING -> (practice) FEEDBACK -> ASKING … -> (pressure) RATING -> DONE.
In practice mode the reference and the key points follow each answer, with a 0–4 self-rating; in
pressure mode nothing is shown until every question is over, then each answer is rated in turn.

A good answer brings a follow-up from its family; a weak one a probe of what it missed (probes.py).
When the planned questions are done before the session's time, the plan's reserve is asked.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from .model import MODES, AnswerRecord, Plan, Question
from .ports import QuestionBank
from .probes import needs_probe, probe_for
from .scoring import GOOD, MAX_RATING, grade_answer

MIN_RESERVE_SECONDS = 45  # less time than this left: the session ends rather than start a question


class Phase(enum.Enum):
    READY = "ready"
    ASKING = "asking"
    FEEDBACK = "feedback"  # practice: the last answer's reference, key points, self-rating
    RATING = "rating"  # pressure: after the last question, rate each answer
    DONE = "done"


class InterviewError(RuntimeError):
    pass


class InterviewEngine:
    def __init__(self, plan: Plan, mode: str, clock: Callable[[], datetime], bank: QuestionBank,
                 on_answer: Callable[[AnswerRecord], None] | None = None):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")
        self.plan = plan
        self.mode = mode
        self.clock = clock
        self.bank = bank  # grades each answer
        self.on_answer = on_answer or (lambda record: None)  # called on every change to a record
        self.pending: list[Question] = list(plan.questions)
        self.reserve: list[Question] = list(plan.reserve)
        self._stopped = False
        self.answers: list[AnswerRecord] = []
        self.session_seconds = plan.seconds
        self.phase = Phase.READY
        self.rating_index = 0  # pressure: the answer being rated
        self.started_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.draft = ""
        self._asked = {q.note for q in plan.questions}

    # -- reading ---------------------------------------------------------------------------
    @property
    def current(self) -> AnswerRecord | None:
        """The open question (ASKING), the one just answered (FEEDBACK) or the one to rate (RATING)."""
        if self.phase in (Phase.ASKING, Phase.FEEDBACK):
            return self.answers[-1]
        if self.phase is Phase.RATING:
            return self.answers[self.rating_index]
        return None

    @property
    def total_questions(self) -> int:
        return len(self.answers) + len(self.pending)

    def question_remaining(self) -> float:
        if self.phase is not Phase.ASKING:
            return 0.0
        record = self.answers[-1]
        return max(0.0, record.question.seconds - self._elapsed(record))

    def session_remaining(self) -> float:
        used = sum(r.seconds_used for r in self.answers if r is not self._open())
        open_record = self._open()
        if open_record is not None:
            used += self._elapsed(open_record)
        return max(0.0, self.session_seconds - used)

    @property
    def shows_feedback(self) -> bool:
        return self.mode == "practice"

    # -- acting ----------------------------------------------------------------------------
    def start(self) -> AnswerRecord | None:
        if self.phase is not Phase.READY:
            raise InterviewError("the interview has already started")
        self.started_at = self.clock()
        return self._open_next()

    def set_draft(self, text: str) -> None:
        """What the answer box holds now: kept if the time runs out before the answer is given."""
        if self.phase is Phase.ASKING:
            self.draft = text

    def submit(self, text: str | None = None) -> AnswerRecord:
        """Give the answer and move on (practice: to its feedback)."""
        return self._close(self.draft if text is None else text)

    def dont_know(self) -> AnswerRecord:
        return self._close("", skipped=True)

    def tick(self) -> AnswerRecord | None:
        """Look at the clock: a question whose time is up is closed with the answer so far."""
        if self.phase is not Phase.ASKING:
            return None
        if self.question_remaining() <= 0 or self.session_remaining() <= 0:
            return self._close(self.draft, timed_out=True)
        return None

    def rate(self, rating: int | None) -> AnswerRecord:
        """The learner's 0–4 verdict on the answer shown (None: no verdict); moves on."""
        if rating is not None and not 0 <= rating <= MAX_RATING:
            raise ValueError(f"a self-rating is 0 to {MAX_RATING}")
        if self.phase is Phase.FEEDBACK:
            record = self.answers[-1]
            record.self_rating = rating
            self.on_answer(record)
            self.advance()
            return record
        if self.phase is Phase.RATING:
            record = self.answers[self.rating_index]
            record.self_rating = rating
            self.on_answer(record)
            self.rating_index += 1
            if self.rating_index >= len(self.answers):
                self._finish()
            return record
        raise InterviewError("nothing to rate now")

    def advance(self) -> AnswerRecord | None:
        """From an answer's feedback to the next question (or to the end)."""
        if self.phase is not Phase.FEEDBACK:
            raise InterviewError("no feedback is shown now")
        return self._open_next()

    def stop(self) -> None:
        """End early: the open question is closed with its answer so far, the rest is not asked."""
        self._stopped = True
        self.reserve.clear()
        if self.phase is Phase.ASKING:
            self.pending.clear()
            self._close(self.draft)
        if self.phase is Phase.FEEDBACK:
            self.pending.clear()
            self._open_next()

    # -- inside ----------------------------------------------------------------------------
    def _open(self) -> AnswerRecord | None:
        return self.answers[-1] if self.phase is Phase.ASKING else None

    def _elapsed(self, record: AnswerRecord) -> float:
        return (self.clock() - record.started_at).total_seconds()

    def _open_next(self) -> AnswerRecord | None:
        if not self.pending and self.session_remaining() >= MIN_RESERVE_SECONDS:
            self._draw_reserve()
        if not self.pending or self.session_remaining() <= 0:
            self.pending.clear()
            self._after_last()
            return None
        question = self.pending.pop(0)
        record = AnswerRecord(len(self.answers) + 1, question, started_at=self.clock())
        self.answers.append(record)
        self.draft = ""
        self.phase = Phase.ASKING
        return record

    def _close(self, text: str, timed_out: bool = False, skipped: bool = False) -> AnswerRecord:
        if self.phase is not Phase.ASKING:
            raise InterviewError("no question is open")
        record = self.answers[-1]
        question = record.question
        record.answer = text
        record.seconds_used = min(float(question.seconds), self._elapsed(record))
        record.timed_out = timed_out
        record.skipped = skipped
        graded = grade_answer(self.bank, question, "" if skipped else text)
        record.coverage, record.found, record.missed, record.expected = (
            graded.coverage, graded.found, graded.missed, graded.expected)
        self.on_answer(record)
        if self._stopped:
            pass  # ending early: nothing more is asked
        elif record.coverage >= GOOD and not skipped:
            self._follow_up(question)
        elif text.strip() and not skipped and needs_probe(question, record.coverage):
            self.pending.insert(0, probe_for(question, record.missed))
        if self.mode == "practice":
            self.phase = Phase.FEEDBACK
        else:
            self._open_next()
        return record

    def _follow_up(self, question: Question) -> None:
        """A good answer brings the next of its family forward, in the time slot of the last free question."""
        root = question.followup_of or question.note
        family = [q for q in self.plan.followups.get(question.note, ()) + self.plan.followups.get(root, ())
                  if q.note not in self._asked]
        slot = next((i for i in range(len(self.pending) - 1, -1, -1) if self.pending[i].type == "free"), None)
        if not family or slot is None:
            return
        seconds = self.pending.pop(slot).seconds
        follow = replace(family[0], seconds=seconds, followup_of=root)
        self.pending.insert(0, follow)
        self._asked.add(follow.note)

    def _draw_reserve(self) -> None:
        """The next reserve question not yet asked, given what is left of the session (never a second
        free question on a note; another numeric estimate is another question)."""
        while self.reserve:
            question = self.reserve.pop(0)
            if question.type != "numeric" and question.note in self._asked:
                continue
            self._asked.add(question.note)
            seconds = min(question.seconds, int(self.session_remaining()))
            self.pending.append(replace(question, seconds=seconds))
            return

    def _after_last(self) -> None:
        if self.mode == "pressure" and self.answers:
            self.phase = Phase.RATING
            self.rating_index = 0
        else:
            self._finish()

    def _finish(self) -> None:
        self.phase = Phase.DONE
        self.finished_at = self.clock()
