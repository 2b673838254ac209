"""Review: question, space reveals, 1-4 rate (each button shows its next interval), undo, suspend, bury."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Static

from studyapp.store import browse
from studyapp.store.views import CardView, DayCounts
from studyapp.tui import editing
from studyapp.tui.base import StudyScreen
from studyapp.tui.widgets.card_markdown import CardMarkdown

RATINGS = ((1, "again"), (2, "hard"), (3, "good"), (4, "easy"))


@dataclass(frozen=True)
class Step:
    card: CardView | None
    counts: DayCounts
    intervals: dict[int, str]


def load_step(collection, now: datetime, card_id: int | None = None) -> Step:
    card = collection.card(card_id, now) if card_id is not None else collection.next_card(now)
    counts = collection.day_counts(now)
    intervals = browse.next_intervals(collection, card.id, now) if card else {}
    return Step(card, counts, intervals)


def format_duration(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


class ReviewScreen(StudyScreen):
    BINDINGS = [
        Binding("space", "reveal", "show_answer"),
        Binding("1", "rate(1)", "again", show=False),
        Binding("2", "rate(2)", "hard", show=False),
        Binding("3", "rate(3)", "good", show=False),
        Binding("4", "rate(4)", "easy", show=False),
        Binding("u", "undo", "undo"),
        Binding("exclamation_mark", "suspend", "suspend", key_display="!"),
        Binding("minus", "bury", "bury", key_display="-"),
        Binding("L", "lab", "lab"),
        Binding("e", "edit", "edit"),
        Binding("question_mark", "help", "help", key_display="?"),
        Binding("q", "back", "back"),
        Binding("escape", "back", "back", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.step: Step | None = None
        self.revealed = False
        self.busy = True  # until the first card arrives
        self.answered = 0
        self.again = 0
        self.started_at: datetime | None = None
        self.shown_at: datetime | None = None

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Horizontal(id="progress-bar"):
            yield Static("", id="progress")
            yield Static("", id="progress-counts")
        with VerticalScroll(id="card-scroll"):
            yield Static("", id="context", markup=False)
            yield CardMarkdown(figure_label=t("figure_missing"), id="question")
            yield Static("", id="divider")
            yield CardMarkdown(figure_label=t("figure_missing"), id="answer")
            yield Static(t("loading"), id="reveal-hint")
        with Horizontal(id="ratings"):
            for rating, name in RATINGS:
                button = Button(t(name), id=f"rate-{rating}", classes=f"rating {name}")
                button.can_focus = False
                yield button
        with Vertical(id="summary"):
            yield Static("", id="summary-title")
            yield Static("", id="summary-body")
            yield Static(t("summary_keys"), id="summary-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.t("review")
        self.query_one("#card-scroll").focus()
        self._set_mode("loading")
        app = self.app
        now = app.now()
        self.fetch(lambda: load_step(app.collection, now), self._show_step)

    async def after_recompose(self) -> None:
        self.sub_title = self.t("review")
        if self.step is not None:
            revealed = self.revealed
            await self._show_step(self.step, keep_time=True)
            if revealed:
                self.action_reveal()

    # -- state -------------------------------------------------------------------------------
    def _set_mode(self, mode: str) -> None:
        """loading | question | answer | summary"""
        card_mode = mode in ("question", "answer")
        self.query_one("#card-scroll").display = mode != "summary"
        self.query_one("#summary").display = mode == "summary"
        self.query_one("#ratings").display = mode == "answer"
        self.query_one("#divider").display = mode == "answer"
        self.query_one("#answer").display = mode == "answer"
        self.query_one("#reveal-hint").display = mode in ("question", "loading")
        self.query_one("#question").display = card_mode
        self.query_one("#progress-bar").display = mode != "summary"

    async def _show_step(self, step: Step, keep_time: bool = False) -> None:
        self.step = step
        self.revealed = False
        self.busy = False
        now = self.app.now()
        if self.started_at is None:
            self.started_at = now
        if not keep_time:
            self.shown_at = now
        card = step.card
        if card is None:
            self._show_summary()
            return
        context = self.query_one("#context", Static)
        context.display = bool(card.parent_question)
        context.update(self.t("context", question=card.parent_question or ""))
        await self.query_one("#question", CardMarkdown).set_text(card.question)
        await self.query_one("#answer", CardMarkdown).set_text(card.answer)
        self.query_one("#reveal-hint", Static).update(self.t("press_space"))
        for rating, name in RATINGS:
            label = self.t("rating_button", key=rating, name=self.t(name), interval=step.intervals.get(rating, ""))
            self.query_one(f"#rate-{rating}", Button).label = label
        self._update_progress()
        self._set_mode("question")
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)

    def _update_progress(self) -> None:
        counts = self.step.counts
        remaining = counts.due_today + counts.new_today + counts.learning
        position = self.answered + 1
        total = max(self.answered + remaining, position)
        self.query_one("#progress", Static).update(self.t("progress", pos=position, total=total))
        self.query_one("#progress-counts", Static).update(
            self.t("progress_counts", new=counts.new_today, learning=counts.learning, due=counts.due_today)
        )

    def _show_summary(self) -> None:
        t = self.t
        if self.answered:
            elapsed = self.app.now() - (self.started_at or self.app.now())
            rate = f"{self.again / self.answered:.0%}"
            self.query_one("#summary-title", Static).update(t("summary_title"))
            self.query_one("#summary-body", Static).update(
                t("summary_body", cards=self.answered, time=format_duration(elapsed), again=rate)
            )
        else:
            self.query_one("#summary-title", Static).update(t("summary_title"))
            self.query_one("#summary-body", Static).update(t("nothing_due"))
        self._set_mode("summary")

    # -- actions -----------------------------------------------------------------------------
    def action_reveal(self) -> None:
        if self.step is None or self.step.card is None or self.revealed:
            return
        self.revealed = True
        self._set_mode("answer")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("rate-"):
            self.action_rate(int(event.button.id.removeprefix("rate-")))

    def action_rate(self, rating: int) -> None:
        if self.busy or not self.revealed or self.step is None or self.step.card is None:
            return
        self.busy = True
        app = self.app
        collection = app.collection
        card_id = self.step.card.id
        now = app.now()
        duration_ms = int((now - self.shown_at).total_seconds() * 1000) if self.shown_at else None

        def job():
            result = app.store(lambda: collection.rate(card_id, rating, now, duration_ms=duration_ms))
            return result, app.store(lambda: load_step(collection, app.now()))

        self.fetch(job, self._rated, self._failed, retry=False)

    async def _rated(self, outcome) -> None:
        result, step = outcome
        self.answered += 1
        self.again += result.rating == "again"
        if result.leech:
            self.notify(self.t("leech_note", n=result.lapses), severity="warning")
        await self._show_step(step)

    def _failed(self, error: Exception) -> None:
        self.busy = False
        self.notify(self.t("db_error", error=error), severity="error", timeout=8)

    def action_undo(self) -> None:
        if self.busy:
            return
        self.busy = True
        app = self.app
        collection = app.collection

        def job():
            undone = app.store(collection.undo)
            if undone is None:
                return None, None
            return undone, app.store(lambda: load_step(collection, app.now(), undone.card_id))

        self.fetch(job, self._undone, self._failed, retry=False)

    async def _undone(self, outcome) -> None:
        undone, step = outcome
        if undone is None:
            self.busy = False
            self.notify(self.t("nothing_to_undo"))
            return
        self.answered = max(0, self.answered - 1)
        self.again = max(0, self.again - (undone.rating == "again"))
        self.notify(self.t("undone", rating=self.t(undone.rating)))
        await self._show_step(step)

    def _change_card(self, change, message_key: str) -> None:
        if self.busy or self.step is None or self.step.card is None:
            return
        self.busy = True
        app = self.app
        collection = app.collection
        card_id = self.step.card.id

        def job():
            app.store(lambda: change(collection, card_id, app.now()))
            return app.store(lambda: load_step(collection, app.now()))

        async def done(step):
            self.notify(self.t(message_key))
            await self._show_step(step)

        self.fetch(job, done, self._failed, retry=False)

    def action_suspend(self) -> None:
        self._change_card(lambda c, card_id, now: c.suspend(card_id, True), "suspended_note")

    def action_bury(self) -> None:
        self._change_card(lambda c, card_id, now: c.bury(card_id, now), "buried_note")

    def action_lab(self) -> None:
        card = self.step.card if self.step else None
        if card is None:
            return
        if not card.lab:
            self.notify(self.t("no_lab"))
            return
        self.app.push_screen(self.app.make_screen("labs", lab=card.lab))

    def action_edit(self) -> None:
        card = self.step.card if self.step else None
        if card is None or self.busy:
            return
        path = editing.open_in_editor(self, card.source, card.line)
        if path is None:
            return
        self.busy = True
        app = self.app
        collection = app.collection
        card_id = card.id

        def job():
            summary = app.store(lambda: editing.reimport(collection, path, card.source))
            return summary, app.store(lambda: load_step(collection, app.now(), card_id))

        async def done(outcome):
            summary, step = outcome
            self.notify(self.t("reimported", path=path.name, updated=summary.updated, added=summary.added))
            revealed = self.revealed
            await self._show_step(step, keep_time=True)
            if revealed:
                self.action_reveal()

        def failed(error: Exception):
            self.busy = False
            self.notify(self.t("import_failed", error=error), severity="error", timeout=10)

        self.fetch(job, done, failed, retry=False)

    def action_help(self) -> None:
        from studyapp.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        self.app.pop_screen()
