"""Review: question, space reveals, 1-4 rate (each button shows its next interval), undo, suspend, bury."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from studyapp.service import study
from studyapp.service.study import Answer, Rating, Step
from studyapp.tui.base import StudyScreen
from studyapp.tui.i18n import interval_text
from studyapp.tui.repair_text import answer_with_repair
from studyapp.tui.widgets import card_markdown
from studyapp.tui.widgets.card_markdown import CardMarkdown
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed, arrived

RATINGS = tuple((int(rating), rating.name.lower()) for rating in Rating)  # (1, "again") … (4, "easy")


def format_duration(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True)
class Undoable:
    """One step this screen can take back: an answer (its review id) or a suspend/bury (the card before)."""

    card_id: int
    review_id: int | None = None
    card_before: str | None = None


@dataclass(eq=False)
class FirstCard(WorkDone):
    step: Step


@dataclass(eq=False)
class Rated(WorkDone):
    outcome: tuple  # (the answer's ReviewResult, the next Step)


@dataclass(eq=False)
class Undone(WorkDone):
    outcome: tuple  # (what was taken back: a review, an Undoable, or None; the Step to show)


@dataclass(eq=False)
class CardChanged(WorkDone):
    """The card was suspended or buried: `outcome` is (the card as it was, the next Step)."""

    outcome: tuple
    card_id: int
    note: str  # the key of what to tell the learner


@dataclass(eq=False)
class Reimported(WorkDone):
    outcome: tuple  # (the import's summary, the card's Step)
    path: Path


class ReviewScreen(StudyScreen):
    CSS_PATH = "../review.tcss"  # loaded when the screen is first opened
    BINDINGS = [
        Binding("space", "reveal", "common.show_answer"),
        Binding("1", "rate(1)", "common.again", show=False),
        Binding("2", "rate(2)", "common.hard", show=False),
        Binding("3", "rate(3)", "common.good", show=False),
        Binding("4", "rate(4)", "common.easy", show=False),
        Binding("u", "undo", "common.undo"),
        Binding("exclamation_mark", "suspend", "common.suspend", key_display="!"),
        Binding("minus", "bury", "common.bury", key_display="-"),
        Binding("L", "lab", "common.lab"),
        Binding("e", "edit", "common.edit"),
        Binding("question_mark", "help", "common.help", key_display="?"),
        Binding("q", "back", "common.back"),
        Binding("escape", "back", "common.back", show=False),
    ]

    def __init__(self):
        super().__init__()
        self.step: Step | None = None
        self.revealed = False
        self.busy = True  # until the first card arrives
        self.answered = 0
        self.undo_stack: list[Undoable] = []  # what this screen did, newest last
        self.again = 0
        self.started_at: datetime | None = None
        self.shown_at: datetime | None = None
        self._shown_text: dict[str, str] = {}  # selector -> the text its widget shows
        self._preloaded = False
        self._first_step: Step | None = None  # a preloaded first card that arrived before the screen was up
        self._first_read = None  # the worker reading the first card, when it was not read ahead of the app
        self._hidden_parts_made = False  # the rating buttons and the summary (_make_hidden_parts)

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        t = self.t
        yield TitleBar()
        with Horizontal(id="progress-bar"):
            yield Static("", id="progress")
            yield Static("", id="progress-counts")
        with VerticalScroll(id="card-scroll"):
            yield Static("", id="context", markup=False)
            yield CardMarkdown(figure_label=t("review.figure_missing"), id="question")
            yield Static("", id="divider")
            yield CardMarkdown(figure_label=t("review.figure_missing"), id="answer")
            yield Static(t("common.loading"), id="reveal-hint")
        with Horizontal(id="ratings"):
            if self._hidden_parts_made:  # composed again (a new language): at once
                yield from self._rating_buttons()
        with Vertical(id="summary"):
            if self._hidden_parts_made:
                yield from self._summary_parts()
        yield KeyBar()

    def _rating_buttons(self) -> list[Button]:
        buttons = []
        for rating, name in RATINGS:
            button = Button(self.t(f"common.{name}"), id=f"rate-{rating}", classes=f"rating {name}")
            button.can_focus = False
            buttons.append(button)
        return buttons

    def _summary_parts(self) -> list[Static]:
        return [Static("", id="summary-title"), Static("", id="summary-body"),
                Static(self.t("review.summary_keys"), id="summary-keys")]

    def _make_hidden_parts(self):
        """The rating buttons and the session summary, made after the first frame (or when the summary is due
        sooner): both are hidden until the answer shows or the session ends (the buttons' row keeps its height,
        review.tcss), and the first card shows a few ms sooner without them (Textual's Button stylesheet alone
        takes 5 ms to parse). They are in the DOM at once; the awaitable returned waits for their mounting."""
        if self._hidden_parts_made:
            return None
        self._hidden_parts_made = True
        self.query_one("#summary").mount_all(self._summary_parts())
        return self.query_one("#ratings").mount_all(self._rating_buttons())

    async def _after_first_frame(self) -> None:
        mounting = self._make_hidden_parts()
        if mounting is not None:
            await mounting
            self._label_ratings()

    async def on_mount(self) -> None:
        self.sub_title = self.t("common.review")
        self.query_one("#card-scroll").focus()
        self._set_mode("loading")
        early = arrived(self._first_read)  # read while the screen was composed: drawn by the first frame
        if self._first_step is None and early is not None:
            self._first_step = early.step
        self.call_after_refresh(self._after_first_frame)
        if self._first_step is not None:
            await self._show_step(self._first_step)
        elif not self._preloaded:
            self.preload()

    NARROW = 80  # columns under which the rating buttons drop their borders (review.tcss)

    def on_resize(self, event) -> None:
        narrow = event.size.width < self.NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._label_ratings()

    def preload(self) -> None:
        """Read the first card; the app calls this before the screen is composed, so the query runs beside
        the composing and the card is usually there for the first frame."""
        self._preloaded = True
        app = self.app
        first = app.take_first_data("review")
        if first is not None and first.done() and first.exception() is None:
            self._first_step = first.result()  # read while Textual loaded: shown by the first frame
            return
        now = app.now()
        job = first.result if first is not None else lambda: study.review_step(app.collection, now, labs=app.labs)[1]
        self._first_read = self.fetch(job, FirstCard)

    async def on_first_card(self, message: FirstCard) -> None:
        """Posted by the preload after the screen's mount (a card that came before is drawn by on_mount)."""
        if self.step is None:
            await self._show_step(message.step)

    async def after_recompose(self) -> None:
        self._shown_text.clear()  # fresh widgets
        self.sub_title = self.t("common.review")
        if self.step is not None:
            revealed = self.revealed
            await self._show_step(self.step, keep_time=True)
            if revealed:
                self.action_reveal()

    # -- state -------------------------------------------------------------------------------
    def _set_mode(self, mode: str) -> None:
        """loading | question | answer | summary"""
        card_mode = mode in ("question", "answer")
        shown = {
            "#card-scroll": mode != "summary",
            "#summary": mode == "summary",
            "#ratings": mode != "summary",  # its place is kept while hidden: see below
            "#divider": mode == "answer",
            "#answer": mode == "answer",
            "#reveal-hint": mode in ("question", "loading"),
            "#question": card_mode,
            "#progress-bar": mode != "summary",
        }
        for selector, display in shown.items():
            widget = self.query_one(selector)
            if widget.display != display:  # an unchanged widget is left alone: no layout for nothing
                widget.display = display
        # The rating buttons are made invisible rather than removed while the question shows: the card keeps
        # its height when the answer is revealed, and a new card repaints the card, not the whole screen.
        ratings = self.query_one("#ratings")
        visibility = "visible" if mode == "answer" else "hidden"
        if ratings.styles.visibility != visibility:
            ratings.styles.visibility = visibility

    def _put(self, selector: str, text: str) -> None:
        """Static.update, skipped when the text is what is shown already (each update costs a layout)."""
        widget = self.query_one(selector, Static)
        if self._shown_text.get(selector) != text:
            self._shown_text[selector] = text
            widget.update(text)

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_markdown(self) -> None:
        """The answer is Markdown: its renderer is loaded while the learner reads the first question."""
        card_markdown.warm_up()

    async def _show_step(self, step: Step, keep_time: bool = False) -> None:
        if self.step is None:  # after the first card is drawn, not before: it must not slow that frame
            self.call_after_refresh(self._warm_markdown)
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
        self._put("#context", self.t("review.context", question=card.parent_question or ""))
        await self.query_one("#question", CardMarkdown).set_text(card.question)
        answer = answer_with_repair(card.answer, card.repair, self.t("card.repair_heading"))
        await self.query_one("#answer", CardMarkdown).set_text(answer)  # parsed when revealed
        self._put("#reveal-hint", self.t("review.press_space"))
        self._label_ratings()
        self._update_progress()
        self._set_mode("question")
        scroll = self.query_one("#card-scroll", VerticalScroll)
        if scroll.scroll_y:  # already at the top: a scroll would only cost another layout
            scroll.scroll_home(animate=False)

    def _label_ratings(self) -> None:
        """Each button: its key, its rating and the interval it gives (under the name on a narrow screen)."""
        if self.step is None or not self._hidden_parts_made:
            return
        template = "review.rating_button_narrow" if self.has_class("-narrow") else "review.rating_button"
        for rating, name in RATINGS:
            interval = interval_text(self.app.language, self.step.intervals.get(rating, ""))
            label = self.t(template, key=rating, name=self.t(f"common.{name}"), interval=interval)
            button = self.query_one(f"#rate-{rating}", Button)
            if self._shown_text.get(button.id) != label:
                self._shown_text[button.id] = label
                button.label = label

    def _update_progress(self) -> None:
        counts = self.step.counts
        remaining = counts.due_today + counts.new_today + counts.learning
        position = self.answered + 1
        total = max(self.answered + remaining, position)
        self._put("#progress", self.t("review.progress", pos=position, total=total))
        self._put("#progress-counts",
                  self.t("review.progress_counts", new=counts.new_today, learning=counts.learning,
                         due=counts.due_today))

    def _show_summary(self) -> None:
        self._make_hidden_parts()  # nothing due at the start: the summary is the first frame
        t = self.t
        if self.answered:
            elapsed = self.app.now() - (self.started_at or self.app.now())
            rate = f"{self.again / self.answered:.0%}"
            self.query_one("#summary-title", Static).update(t("review.summary_title"))
            self.query_one("#summary-body", Static).update(
                t("review.summary_body", cards=self.answered, time=format_duration(elapsed), again=rate)
            )
        else:
            self.query_one("#summary-title", Static).update(t("review.summary_title"))
            self.query_one("#summary-body", Static).update(t("review.nothing_due"))
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

        answer = Answer(card_id, rating, duration_ms)
        # One store call, one transaction: the answer, then the next card, the counts and the intervals.
        # A locked database rolls all of it back, so the whole step is safely retried.
        self.fetch(lambda: study.review_step(collection, now, answer, labs=app.labs), Rated)

    async def on_rated(self, message: Rated) -> None:
        result, step = message.outcome
        self.undo_stack.append(Undoable(result.card_id, review_id=result.review_id))
        self.answered += 1
        self.again += result.rating == "again"
        if result.leech:
            self.notify(self.t("review.leech_note", n=result.lapses), severity="warning")
        await self._show_step(step)

    def on_work_failed(self, message: WorkFailed) -> None:
        self.busy = False
        if message.kind is Reimported:  # the document, not the collection, is usually what failed
            message.prevent_default()
            self.notify(self.t("review.import_failed", error=self.app.describe_error(message.error)), severity="error",
                        timeout=10)

    def action_undo(self) -> None:
        if self.busy:
            return
        # Only what this screen did is taken back: an answer given meanwhile by the CLI or another
        # window stays. The entry leaves the stack once the store has taken the step back.
        if not self.undo_stack:
            self.notify(self.t("review.nothing_to_undo"))
            return
        self.busy = True
        app = self.app
        collection = app.collection
        todo = self.undo_stack[-1]

        def job():
            if todo.review_id is None:
                app.store(lambda: study.restore_card(collection, todo.card_id, todo.card_before))
                undone = todo
            else:  # None when the answer has left the collection's undo stack (30 deep)
                undone = app.store(lambda: study.undo(collection, todo.review_id))
            return undone, app.store(lambda: study.review_step(collection, app.now(), card_id=todo.card_id, labs=app.labs)[1])

        self.fetch(job, Undone, retry=False)

    async def on_undone(self, message: Undone) -> None:
        undone, step = message.outcome
        self.undo_stack.pop()
        if undone is None:
            self.notify(self.t("review.nothing_to_undo"))
        elif isinstance(undone, Undoable):
            self.notify(self.t("review.undone_change"))
        else:
            self.answered = max(0, self.answered - 1)
            self.again = max(0, self.again - (undone.rating == "again"))
            self.notify(self.t("review.undone", rating=self.t(f"common.{undone.rating}")))
        await self._show_step(step)

    def _change_card(self, change, message_key: str) -> None:
        if self.busy or self.step is None or self.step.card is None:
            return
        self.busy = True
        app = self.app
        collection = app.collection
        card_id = self.step.card.id

        def job():
            before = app.store(lambda: change(collection, card_id, app.now()))
            return before, app.store(lambda: study.review_step(collection, app.now(), labs=app.labs)[1])

        self.fetch(job, CardChanged, retry=False, card_id=card_id, note=message_key)

    async def on_card_changed(self, message: CardChanged) -> None:
        before, step = message.outcome
        self.undo_stack.append(Undoable(message.card_id, card_before=before))
        self.notify(self.t(message.note))
        await self._show_step(step)

    def action_suspend(self) -> None:
        self._change_card(lambda c, card_id, now: study.suspend(c, card_id, True), "review.suspended_note")

    def action_bury(self) -> None:
        self._change_card(lambda c, card_id, now: study.bury(c, card_id, now), "review.buried_note")

    def action_lab(self) -> None:
        card = self.step.card if self.step else None
        if card is None:
            return
        if not card.lab:
            self.notify(self.t("review.no_lab"))
            return
        self.app.push_screen(self.app.make_screen("labs", lab=card.lab))

    def action_edit(self) -> None:
        from studyapp.tui import editing  # subprocess and shlex: only when the editor is asked for

        card = self.step.card if self.step else None
        if card is None or self.busy:
            return
        if not editing.is_bundled(card.source):
            self._edit(card, card.source)
            return
        from studyapp.resources import default_deck_path
        from studyapp.tui.screens.copy_bundled import CopyBundledScreen

        home = self.app.collection.home

        def answered(copy: bool | None) -> None:
            if copy:
                self._edit(card, str(editing.copy_bundled(home)))

        self.app.push_screen(CopyBundledScreen(default_deck_path(), editing.bundled_copy_path(home)), answered)

    def _edit(self, card, source: str) -> None:
        """Open `source` in the editor at the card's line, then import it under that name (a copy of the bundled
        deck imported by its own path takes the bundled deck over, history kept)."""
        from studyapp.service import importing
        from studyapp.tui import editing

        path = editing.open_in_editor(self, source, card.line)
        if path is None:
            return
        self.busy = True
        app = self.app
        collection = app.collection
        card_id = card.id

        def job():
            summary = app.store(lambda: importing.import_document(collection, path, source))
            return summary, app.store(lambda: study.review_step(collection, app.now(), card_id=card_id, labs=app.labs)[1])

        self.fetch(job, Reimported, retry=False, path=path)

    async def on_reimported(self, message: Reimported) -> None:
        summary, step = message.outcome
        self.notify(self.t("review.reimported", path=message.path.name, updated=summary.updated, added=summary.added))
        revealed = self.revealed
        await self._show_step(step, keep_time=True)
        if revealed:
            self.action_reveal()

    def action_help(self) -> None:
        from studyapp.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:  # opened straight on review (`studyapp review`): Home takes its place
            self.app.action_open("home")
