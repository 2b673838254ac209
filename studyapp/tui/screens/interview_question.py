"""The question screen: countdowns for the question and the session, a multi-line answer box,
"I don't know" and "next"; practice mode shows the reference after each answer, pressure mode asks
for the self-ratings only at the end. The engine does the timing: this screen only reads the clock."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static, TextArea

from studyapp.service.interview import AnswerRecord, Phase, Plan, Recorder, SessionOptions, model_answer, new_engine
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone

from .interview_base import InterviewScreen, clock_text, pct

if TYPE_CHECKING:
    from studyapp.service.interview import Report

TICK_SECONDS = 0.25
LOW_SECONDS = 30  # the countdown turns to a warning colour


@dataclass(eq=False)
class AnswerSaved(WorkDone):
    nothing: None


@dataclass(eq=False)
class InterviewFinished(WorkDone):
    report: Report


class InterviewQuestionScreen(InterviewScreen):
    BINDINGS = [
        Binding("ctrl+n", "next", "interview.next", priority=True),
        Binding("ctrl+g", "dont_know", "interview.dont_know", priority=True),
        Binding("ctrl+e", "stop", "interview.stop", priority=True),
        Binding("0", "rate(0)", "", show=False),
        Binding("1", "rate(1)", "", show=False),
        Binding("2", "rate(2)", "", show=False),
        Binding("3", "rate(3)", "", show=False),
        Binding("4", "rate(4)", "", show=False),
        Binding("enter", "rate_skip", "interview.continue", show=False),
    ]

    def __init__(self, collection, clock: Callable[[], datetime], plan: Plan, options: SessionOptions,
                 recorder: Recorder):
        super().__init__(collection, clock)
        self.options = options
        self.recorder = recorder
        self.engine = new_engine(plan, options.mode, clock, on_answer=self._save)
        self.finishing = False
        self.last_timed_out = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="iv-bar"):
            yield Static("", id="iv-progress")
            yield Static("", id="iv-question-clock")
            yield Static("", id="iv-session-clock")
        with VerticalScroll(id="iv-body"):
            yield Static("", id="iv-prompt", markup=False)
            yield TextArea("", id="iv-answer", soft_wrap=True, show_line_numbers=False)
            with Vertical(id="iv-feedback"):
                yield Static("", id="iv-notice", markup=False)
                yield Static("", id="iv-your-answer", markup=False)
                yield Static("", id="iv-points", markup=False)
                yield Static(self.t("interview.rate_hint"), id="iv-rate-hint")
                yield Static("", id="iv-reference", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.engine.start()
        self.show()
        self.set_interval(TICK_SECONDS, self.refresh_clock)

    async def after_recompose(self) -> None:
        self.show()  # the engine holds the question, the draft and the clocks

    # -- time ------------------------------------------------------------------------------
    def refresh_clock(self) -> None:
        """Called by the timer (and by tests, after moving their clock)."""
        if self.engine.phase is Phase.ASKING:  # the box is the truth, even before its Changed arrives
            self.engine.set_draft(self.query_one("#iv-answer", TextArea).text)
        record = self.engine.tick()
        if record is not None:
            self.last_timed_out = True
            self.show()
            return
        self._show_clocks()

    def _show_clocks(self) -> None:
        asking = self.engine.phase is Phase.ASKING
        q_left, s_left = self.engine.question_remaining(), self.engine.session_remaining()
        q_clock = self.query_one("#iv-question-clock", Static)
        q_clock.update(self.t("interview.question_clock", t=clock_text(q_left)) if asking else "")
        q_clock.set_class(asking and q_left <= LOW_SECONDS, "-low")
        self.query_one("#iv-session-clock", Static).update(self.t("interview.session_clock", t=clock_text(s_left)))

    # -- actions ---------------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.engine.set_draft(event.text_area.text)

    def action_next(self) -> None:
        phase = self.engine.phase
        if phase is Phase.ASKING:
            self.engine.submit(self.query_one("#iv-answer", TextArea).text)
            self.last_timed_out = False
            self.show()
        elif phase in (Phase.FEEDBACK, Phase.RATING):
            self.action_rate_skip()

    def action_dont_know(self) -> None:
        if self.engine.phase is Phase.ASKING:
            self.engine.dont_know()
            self.last_timed_out = False
            self.show()

    def action_rate(self, rating: int | None) -> None:
        if self.engine.phase in (Phase.FEEDBACK, Phase.RATING):
            self.engine.rate(rating)
            self.last_timed_out = False
            self.show()

    def action_rate_skip(self) -> None:
        self.action_rate(None)

    def action_stop(self) -> None:
        self.engine.stop()
        self.show()

    # -- showing ---------------------------------------------------------------------------
    def show(self) -> None:
        engine = self.engine
        if engine.phase is Phase.DONE:
            self._finish()
            return
        record = engine.current
        asking = engine.phase is Phase.ASKING
        answer = self.query_one("#iv-answer", TextArea)
        feedback = self.query_one("#iv-feedback")
        if engine.phase is Phase.RATING:
            progress = self.t("interview.rating_of", pos=engine.rating_index + 1, total=len(engine.answers))
        else:
            q = record.question
            progress = self.t("interview.question_of", pos=record.position, total=engine.total_questions, type=q.type,
                              topic=q.topic)
        self.query_one("#iv-progress", Static).update(progress)
        self.query_one("#iv-prompt", Static).update(record.question.prompt)
        answer.display = asking
        answer.disabled = not asking
        feedback.display = not asking
        if asking:
            if answer.text != engine.draft:
                answer.load_text(engine.draft)
            answer.focus()
        else:
            self.set_focus(None)
            self._show_feedback(record)
        self._show_clocks()

    def _show_feedback(self, record: AnswerRecord) -> None:
        notice = self.t("interview.timed_out") if record.timed_out else ""
        self.query_one("#iv-notice", Static).update(notice)
        self.query_one("#iv-your-answer", Static).update(f"{self.t('interview.your_answer')}: {record.answer or '—'}")
        lines = [self.t("interview.coverage", pct=pct(record.coverage))]
        if record.found:
            lines.append(self.t("interview.found", points="、".join(record.found)))
        if record.missed:
            lines.append(self.t("interview.missed", points="、".join(record.missed)))
        self.query_one("#iv-points", Static).update("\n".join(lines))
        model = model_answer(record.question)
        key_points = self.t("interview.key_points")
        points = f"{key_points}：{'；'.join(model['key_points'])}\n" if model["key_points"] else ""
        self.query_one("#iv-reference", Static).update(f"{self.t('interview.reference')}\n{points}{model['text']}")

    def _save(self, record: AnswerRecord) -> None:
        recorder = self.recorder
        self.fetch(lambda: recorder.save(record), AnswerSaved)

    def _finish(self) -> None:
        if self.finishing:
            return
        self.finishing = True
        self.query_one("#iv-progress", Static).update(self.t("interview.saving"))
        recorder, engine = self.recorder, self.engine
        self.fetch(lambda: recorder.finish(engine), InterviewFinished)

    def on_interview_finished(self, message: InterviewFinished) -> None:
        from .interview_report import InterviewReportScreen

        self.app.switch_screen(InterviewReportScreen(self.collection, self.clock, data=message.report.to_json()))
