"""The verdict on one answered item, used after each item and on the result screen: right or wrong,
the answer as a person reads it, key points found and missed, and the note's repair beside the
original answer, marked as an addition."""
from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from studyapp.service.quizzes import format_quantity
from studyapp.tui.widgets.card_markdown import CardMarkdown

from .quiz_base import Answered

REPAIR_MARK = "【补充】"  # where the free-text grader's reference answer appends the repair


def expected_text(answered: Answered, notes: Mapping[str, object], t: Callable[..., str]) -> str:
    """The right answer as a person reads it (the grader's own wording for the rest)."""
    item = answered.item
    if item.type == "numeric":
        return format_quantity(item.answer, item.unit)
    if item.type == "truefalse":
        return t("quiz.true") if item.answer else t("quiz.false")
    if item.type == "free":
        note = notes.get(item.note)
        original = getattr(note, "answer", None) or answered.grade.expected.split(REPAIR_MARK)[0]
        return original.strip()
    return answered.grade.expected


class QuizFeedback(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="qz-verdict", markup=False)
        yield Static("", id="qz-your", markup=False)
        yield Static("", id="qz-message", markup=False)
        yield Static("", id="qz-points", markup=False)
        with Horizontal(id="qz-answers"):
            with Vertical(id="qz-expected-box", classes="qz-box"):
                yield CardMarkdown(id="qz-expected")
            with Vertical(id="qz-repair-box", classes="qz-box qz-addition"):
                yield CardMarkdown(id="qz-repair")
        yield Static("", id="qz-schedule")

    async def show(self, answered: Answered, notes: Mapping[str, object], repairs: Mapping[str, object],
                   practice: bool, t: Callable[..., str]) -> None:
        grade = answered.grade
        asking = grade.unsure and grade.override is None
        verdict = t("quiz.right") if grade.final_correct else t("quiz.wrong")
        if asking:
            verdict = t("quiz.unsure") + " · " + t("quiz.score_line", pct=f"{grade.score:.0%}")
        elif grade.override is not None and (grade.override != grade.correct or grade.unsure):
            grader = t("quiz.verdict_right" if grade.correct else "quiz.verdict_wrong")
            verdict += " " + t("quiz.overridden", verdict=grader)
        elif answered.item.type == "free":
            verdict += " · " + t("quiz.score_line", pct=f"{grade.score:.0%}")
        verdict_widget = self.query_one("#qz-verdict", Static)
        verdict_widget.update(verdict)
        verdict_widget.set_class(grade.final_correct and not asking, "-right")
        verdict_widget.set_class(not grade.final_correct and not asking, "-wrong")
        response = answered.response or t("quiz.no_answer")
        self.query_one("#qz-your", Static).update(t("quiz.your_answer", answer=response))
        # The grader's note explains a near miss or an unreadable answer; for free text it repeats the key
        # points listed below, and after "I don't know" there is nothing to explain.
        shown = asking or (bool(grade.message) and bool(answered.response) and answered.item.type != "free")
        message = self.query_one("#qz-message", Static)
        message.update(t("quiz.unsure_ask") if asking else grade.message if shown else "")
        message.display = shown
        points = []
        if grade.found:
            points.append(t("quiz.found", points="、".join(grade.found)))
        if grade.missed:
            points.append(t("quiz.missed", points="、".join(grade.missed)))
        if grade.contradicted:
            points.append(t("quiz.contradicted", points="；".join(grade.contradicted)))
        points_widget = self.query_one("#qz-points", Static)
        points_widget.update("\n".join(points))
        points_widget.display = bool(points)

        item = answered.item
        expected_box = self.query_one("#qz-expected-box")
        expected_box.border_title = t("quiz.original" if item.type == "free" else "quiz.expected")
        await self.query_one("#qz-expected", CardMarkdown).set_text(expected_text(answered, notes, t))
        repair = repairs.get(item.note)
        repair_box = self.query_one("#qz-repair-box")
        repair_box.display = repair is not None
        if repair is not None:
            title = getattr(repair, "title", "")
            repair_box.border_title = t("quiz.repair")
            text = repair.text.strip()
            await self.query_one("#qz-repair", CardMarkdown).set_text(f"**{title}**\n\n{text}" if title else text)
        if practice:
            schedule = t("quiz.schedule_practice")
        else:
            schedule = t("quiz.schedule_good") if grade.final_correct else t("quiz.schedule_again")
        self.query_one("#qz-schedule", Static).update(schedule)
