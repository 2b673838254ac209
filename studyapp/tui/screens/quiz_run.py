"""The quiz, one item at a time: choice by key (1-4 / a-d), true/false by key (t/f, y/n), numbers in an
Input ("14 GB", "1.4e10"), cloze and free text in a TextArea. Each answer is graded and stored in a
worker (reviewing the note's card unless practice); feedback follows each item or waits for the end."""
from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static, TextArea

from studyapp.service import quizzes
from studyapp.service.quizzes import QuizItem, grade, parse_quantity
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed

from .quiz_base import Answered, OverrideSaved, QuizOptions, QuizScreenBase
from .quiz_feedback import QuizFeedback

TEXT_TYPES = ("cloze", "free")
KEY_TYPES = ("choice", "truefalse")


@dataclass(eq=False)
class AnswerStored(WorkDone):
    answered: Answered


@dataclass(eq=False)
class QuizFinished(WorkDone):
    result: object  # the store call's return, unused


class QuizRunScreen(QuizScreenBase):
    BINDINGS = [
        Binding("ctrl+s", "answer", "quiz.answer", priority=True),
        Binding("ctrl+g", "dont_know", "quiz.dont_know", priority=True),
        *[Binding(str(i + 1), f"choose({i})", "quiz.choose", key_display="1-4", show=i == 0) for i in range(4)],
        *[Binding(letter, f"choose({i})", "quiz.choose", show=False) for i, letter in enumerate("abcd")],
        Binding("t", "verdict(True)", "quiz.true"),
        Binding("y", "verdict(True)", "quiz.true", show=False),
        Binding("f", "verdict(False)", "quiz.false"),
        Binding("n", "verdict(False)", "quiz.false", show=False),
        Binding("enter", "next", "quiz.next"),
        Binding("space", "next", "quiz.next", show=False),
        Binding("n", "next", "quiz.next", show=False),
        Binding("o", "override(True)", "quiz.i_was_right"),
        Binding("o", "override(False)", "quiz.i_was_wrong"),
        Binding("r", "judge(True)", "quiz.judge_right"),
        Binding("w", "judge(False)", "quiz.judge_wrong"),
        Binding("escape", "end", "quiz.end"),
        Binding("q", "end", "quiz.end", show=False),
    ]

    def __init__(self, items: list[QuizItem], quiz_id: int, options: QuizOptions,
                 notes: Mapping[str, object], repairs: Mapping[str, object]):
        super().__init__()
        self.items = items
        self.quiz_id = quiz_id
        self.options = options
        self.notes = notes
        self.repairs = repairs
        self.index = 0
        self.results: list[Answered] = []
        self.phase = "asking"  # asking | saving | feedback | finishing
        self.draft = ""

    @property
    def current(self) -> QuizItem:
        return self.items[self.index]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="qz-bar"):
            yield Static("", id="qz-progress")
            yield Static("", id="qz-tally")
        with VerticalScroll(id="qz-body"):
            yield Static("", id="qz-prompt", markup=False)
            yield Static("", id="qz-options", markup=False)
            yield Static("", id="qz-hint")
            yield Input(placeholder=self.t("quiz.numeric_placeholder"), id="qz-numeric")
            yield TextArea("", id="qz-text", soft_wrap=True, show_line_numbers=False)
            yield QuizFeedback(id="qz-feedback")
        yield KeyBar()

    async def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = self.t("common.quiz")
        await self._show()

    async def retranslate(self) -> None:
        self.draft = self._typed() if self.phase == "asking" else ""
        await super().retranslate()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("common.quiz")
        await self._show(keep_draft=True)

    # -- which keys apply now ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.current.type if self.index < len(self.items) else None
        asking = self.phase == "asking"
        if action == "answer":
            return asking and kind not in KEY_TYPES
        if action == "dont_know":
            return asking
        if action == "choose":
            return asking and kind == "choice" and parameters[0] < len(self.current.options or ())
        if action == "verdict":
            return asking and kind == "truefalse"
        if action == "next":
            return self.phase == "feedback"
        if action == "override":
            # one key, two meanings: only the verdict that differs from the current one is offered
            return (self.phase == "feedback" and bool(self.results) and not self._awaiting_judgement()
                    and self.results[-1].correct != parameters[0])
        if action == "judge":
            return self.phase == "feedback" and self._awaiting_judgement()
        if action == "end":
            return self.phase in ("asking", "feedback")
        return True

    def _awaiting_judgement(self) -> bool:
        """The grader was unsure and the learner has not judged yet: r / w decide."""
        return bool(self.results) and self.results[-1].grade.unsure and self.results[-1].grade.override is None

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.refresh_bindings()

    # -- showing -------------------------------------------------------------------------------
    def _typed(self) -> str:
        if self.current.type == "numeric":
            return self.query_one("#qz-numeric", Input).value
        if self.current.type in TEXT_TYPES:
            return self.query_one("#qz-text", TextArea).text
        return ""

    def _show_bar(self) -> None:
        item = self.current
        self.query_one("#qz-progress", Static).update(
            self.t("quiz.progress", pos=self.index + 1, total=len(self.items), type=self.type_name(item.type)))
        parts = []
        if self.options.feedback == "each":  # at the end: no hint of the score before it
            parts.append(self.t("quiz.right_so_far", n=sum(r.correct for r in self.results)))
        if self.options.practice:
            parts.append(self.t("quiz.practice_tag"))
        self.query_one("#qz-tally", Static).update(" · ".join(parts))

    async def _show(self, keep_draft: bool = False) -> None:
        if self.phase == "feedback":
            self._show_question()
            await self._show_feedback()
        else:
            await self._show_item(self.draft if keep_draft else "")

    def _show_question(self) -> None:
        item = self.current
        self._show_bar()
        self.query_one("#qz-prompt", Static).update(item.prompt)
        options = self.query_one("#qz-options", Static)
        options.display = item.type == "choice"
        if item.type == "choice":
            options.update("\n".join(f"{i + 1}/{string.ascii_lowercase[i]}  {text}"
                                     for i, text in enumerate(item.options)))

    async def _show_item(self, draft: str = "") -> None:
        item = self.current
        self._show_question()
        hint = self.query_one("#qz-hint", Static)
        hint.display = True
        hint.update(self._hint(item))
        numeric = self.query_one("#qz-numeric", Input)
        text = self.query_one("#qz-text", TextArea)
        numeric.display = item.type == "numeric"
        text.display = item.type in TEXT_TYPES
        numeric.disabled = text.disabled = False
        self.query_one("#qz-feedback").display = False
        if item.type == "numeric":
            numeric.value = draft
            numeric.focus()
        elif item.type in TEXT_TYPES:
            text.load_text(draft)
            text.focus()
        else:
            self.set_focus(None)
        self.query_one("#qz-body", VerticalScroll).scroll_home(animate=False)
        self._set_phase("asking")

    def _hint(self, item: QuizItem) -> str:
        if item.type == "choice":
            n = len(item.options)
            return self.t("quiz.hint_choice", n=n, letter=string.ascii_lowercase[n - 1])
        if item.type == "truefalse":
            return self.t("quiz.hint_truefalse")
        if item.type == "numeric":
            return self.t("quiz.hint_numeric", unit=self.t(f"quiz.unit_{item.unit}"))
        return self.t("quiz.hint_text")

    async def _show_feedback(self) -> None:
        for selector in ("#qz-hint", "#qz-numeric", "#qz-text"):
            self.query_one(selector).display = False
        self.set_focus(None)
        feedback = self.query_one("#qz-feedback", QuizFeedback)
        feedback.display = True
        await feedback.show(self.results[-1], self.notes, self.repairs, self.options.practice, self.t)
        self._set_phase("feedback")

    # -- answering -----------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_answer()

    def action_answer(self) -> None:
        if self.phase != "asking" or self.current.type in KEY_TYPES:
            return
        typed = self._typed().strip()
        if not typed:
            self.notify(self.t("quiz.empty"), severity="warning")
            return
        if self.current.type == "numeric" and parse_quantity(typed, self.current.unit) is None:
            self.notify(self.t("quiz.not_a_number"), severity="warning")  # a typo should not cost the card
            return
        self._submit(typed, typed)

    def action_dont_know(self) -> None:
        if self.phase == "asking":
            self._submit("", "")

    def action_choose(self, index: int) -> None:
        item = self.current
        if self.phase == "asking" and item.type == "choice" and index < len(item.options):
            self._submit(f"{string.ascii_uppercase[index]}. {item.options[index]}", index)

    def action_verdict(self, value: bool) -> None:
        if self.phase == "asking" and self.current.type == "truefalse":
            self._submit(self.t("quiz.true") if value else self.t("quiz.false"), value)

    def _submit(self, shown: str, response: object) -> None:
        """`shown` is what is stored and shown as the answer; `response` is what the grader reads."""
        self._set_phase("saving")
        self.query_one("#qz-numeric", Input).disabled = True
        self.query_one("#qz-text", TextArea).disabled = True
        self.query_one("#qz-hint", Static).update(self.t("quiz.saving"))
        app = self.app
        collection = app.collection
        item, quiz_id, now = self.current, self.quiz_id, app.now()

        def job() -> Answered:
            verdict = grade(item, response)  # free text loads jieba on first use: not on the UI thread
            attempt = app.store(lambda: quizzes.record_answer(collection, quiz_id, item, verdict, shown, now))
            return Answered(item, verdict, shown, attempt)

        self.fetch(job, AnswerStored, retry=False)

    async def on_answer_stored(self, message: AnswerStored) -> None:
        self.results.append(message.answered)
        self.draft = ""
        if self.options.feedback == "each":
            self._show_bar()
            await self._show_feedback()
        else:
            await self.action_next(force=True)

    def on_work_failed(self, message: WorkFailed) -> None:
        """After the notification: the answer is asked again, the verdict offered again, or the result shown
        (when only the quiz's end time could not be stored: the answers are stored already)."""
        if message.kind is AnswerStored:
            self.call_later(self._show_item, self._typed())  # ask again, with what was typed
        elif message.kind is OverrideSaved:
            self._set_phase("feedback")
        elif message.kind is QuizFinished:
            self._show_result()

    async def action_next(self, force: bool = False) -> None:
        if self.phase != "feedback" and not force:
            return
        self.index += 1
        if self.index >= len(self.items):
            self.index = len(self.items) - 1
            self._finish()
            return
        await self._show_item()

    # -- overriding and ending -----------------------------------------------------------------
    def action_judge(self, correct: bool) -> None:
        """The learner's verdict on an answer the grader was unsure about, stored like an override."""
        if self.phase == "feedback" and self._awaiting_judgement():
            self.action_override(correct, judged=True)

    def action_override(self, correct: bool, judged: bool = False) -> None:
        if self.phase != "feedback" or not self.results or (self.results[-1].correct == correct and not judged):
            return
        self._set_phase("saving")
        app = self.app
        collection = app.collection
        attempt_id = self.results[-1].attempt_id

        self.fetch(lambda: quizzes.override_answer(collection, attempt_id, correct), OverrideSaved,
                   index=len(self.results) - 1, correct=correct)

    async def on_override_saved(self, message: OverrideSaved) -> None:
        self.results[message.index] = self.results[message.index].overridden(message.correct)
        self.notify(self.t("quiz.override_saved"))
        self._show_bar()
        await self._show_feedback()

    def action_end(self) -> None:
        if self.phase in ("asking", "feedback"):
            self._finish()

    def _finish(self) -> None:
        self._set_phase("finishing")
        self.query_one("#qz-progress", Static).update(self.t("quiz.finishing"))
        app = self.app
        collection = app.collection
        quiz_id, now = self.quiz_id, app.now()
        self.fetch(lambda: quizzes.finish_quiz(collection, quiz_id, now), QuizFinished)

    def on_quiz_finished(self, message: QuizFinished) -> None:
        self._show_result()

    def _show_result(self) -> None:
        if not self.results:
            self.app.pop_screen()
            return
        from .quiz_result import QuizResultScreen

        self.app.switch_screen(QuizResultScreen(self.quiz_id, self.results, self.options, self.notes, self.repairs))
