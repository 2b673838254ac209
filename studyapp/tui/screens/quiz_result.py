"""The score at the end of a quiz, each item with its verdict; the highlighted item's answer below, and
`o` to change its verdict, `r` / `w` to judge one the grader was unsure about (with feedback at the end,
this is where the answers are first seen)."""
from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from studyapp.service import quizzes
from studyapp.service.quizzes import TYPES
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkFailed

from .quiz_base import Answered, OverrideSaved, QuizOptions, QuizScreenBase, percent
from .quiz_feedback import QuizFeedback

PROMPT_CELLS = 90


class QuizResultScreen(QuizScreenBase):
    BINDINGS = [
        Binding("o", "override(True)", "quiz.i_was_right"),
        Binding("o", "override(False)", "quiz.i_was_wrong"),
        Binding("r", "judge(True)", "quiz.judge_right"),
        Binding("w", "judge(False)", "quiz.judge_wrong"),
        Binding("n", "new_quiz", "quiz.new"),
        Binding("q", "home", "common.back"),
        Binding("escape", "home", "common.back", show=False),
    ]

    def __init__(self, quiz_id: int, results: list[Answered], options: QuizOptions,
                 notes: Mapping[str, object], repairs: Mapping[str, object]):
        super().__init__()
        self.quiz_id = quiz_id
        self.results = list(results)
        self.options = options
        self.notes = notes
        self.repairs = repairs
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="qz-result-title")
        yield Static("", id="qz-result-sub")
        yield OptionList(id="qz-items")
        with VerticalScroll(id="qz-result-detail"):
            yield QuizFeedback(id="qz-result-feedback")
        yield KeyBar()

    async def on_mount(self) -> None:
        super().on_mount()
        await self._fill()

    async def after_recompose(self) -> None:
        await self._fill()

    @property
    def selected(self) -> int:
        highlighted = self.query_one("#qz-items", OptionList).highlighted
        return highlighted if highlighted is not None else 0

    def _awaiting_judgement(self, index: int) -> bool:
        """The grader was unsure about this answer and the learner has not judged it yet."""
        grade = self.results[index].grade
        return grade.unsure and grade.override is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "override":
            return (not self.busy and bool(self.results) and not self._awaiting_judgement(self.selected)
                    and self.results[self.selected].correct != parameters[0])
        if action == "judge":
            return not self.busy and bool(self.results) and self._awaiting_judgement(self.selected)
        return True

    # -- showing -------------------------------------------------------------------------------
    async def _fill(self, keep: int = 0) -> None:
        self.sub_title = self.t("common.quiz")
        self._show_score()
        items = self.query_one("#qz-items", OptionList)
        items.clear_options()
        items.add_options([self._line(i, answered) for i, answered in enumerate(self.results)])
        items.highlighted = keep
        items.focus()
        await self._show_detail(keep)

    def _show_score(self) -> None:
        right = sum(answered.correct for answered in self.results)
        total = len(self.results)
        self.query_one("#qz-result-title", Static).update(
            self.t("quiz.result_title", id=self.quiz_id, right=right, total=total, pct=percent(right, total)))
        by_type = []
        for kind in TYPES:
            answers = [a for a in self.results if a.item.type == kind]
            if answers:
                by_type.append(self.t("quiz.by_type", type=self.type_name(kind), right=sum(a.correct for a in answers),
                                      total=len(answers)))
        schedule = self.t("quiz.result_practice" if self.options.practice else "quiz.result_scheduled")
        self.query_one("#qz-result-sub", Static).update(
            "   ".join(by_type) + "\n" + schedule + "\n" + self.t("quiz.result_hint"))

    def _line(self, index: int, answered: Answered) -> Text:
        if answered.grade.unsure and answered.grade.override is None:
            mark = Text("? ", style="bold yellow")
        else:
            mark = Text("✓ ", style="bold green") if answered.correct else Text("✗ ", style="bold red")
        prompt = " ".join(answered.item.prompt.split())
        line = mark + Text(f"{index + 1}. [{self.type_name(answered.item.type)}] {prompt}")
        line.truncate(PROMPT_CELLS, overflow="ellipsis")  # in cells: a Chinese character takes two
        return line

    async def _show_detail(self, index: int) -> None:
        if not self.results:
            return
        feedback = self.query_one("#qz-result-feedback", QuizFeedback)
        await feedback.show(self.results[index], self.notes, self.repairs, self.options.practice, self.t)
        self.query_one("#qz-result-detail", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        await self._show_detail(event.option_index)

    # -- actions -------------------------------------------------------------------------------
    def action_judge(self, correct: bool) -> None:
        if not self.busy and self.results and self._awaiting_judgement(self.selected):
            self.action_override(correct, judged=True)

    def action_override(self, correct: bool, judged: bool = False) -> None:
        index = self.selected
        if self.busy or not self.results or (self.results[index].correct == correct and not judged):
            return
        self.busy = True
        self.refresh_bindings()
        collection = self.app.collection
        attempt_id = self.results[index].attempt_id

        self.fetch(lambda: quizzes.override_answer(collection, attempt_id, correct), OverrideSaved, index=index,
                   correct=correct)

    async def on_override_saved(self, message: OverrideSaved) -> None:
        index = message.index
        self.busy = False
        self.results[index] = self.results[index].overridden(message.correct)
        self.notify(self.t("quiz.override_saved"))
        self._show_score()
        self.query_one("#qz-items", OptionList).replace_option_prompt_at_index(
            index, self._line(index, self.results[index]))
        await self._show_detail(index)

    def on_work_failed(self, message: WorkFailed) -> None:
        self.busy = False
        self.refresh_bindings()

    def action_new_quiz(self) -> None:
        self.app.pop_screen()  # back to the setup, its choices kept

    def action_home(self) -> None:
        self.app.action_open("home")
