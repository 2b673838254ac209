"""One card: question, answer, state, its review history and retrievability over time."""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from studyapp.service import stats, study
from studyapp.service.card_labs import NO_LABS, CardLabs
from studyapp.service.collection import Collection
from studyapp.service.study import CardView
from studyapp.tui.base import StudyScreen
from studyapp.tui.repair_text import answer_with_repair
from studyapp.tui.widgets.card_markdown import CardMarkdown
from studyapp.tui.widgets.cells import state_label
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone

RATING_KEYS = {1: "common.again", 2: "common.hard", 3: "common.good", 4: "common.easy"}


@dataclass(frozen=True)
class Detail:
    card: CardView
    history: stats.CardHistory


@dataclass(eq=False)
class DetailRead(WorkDone):
    detail: Detail


@dataclass(eq=False)
class CardChanged(WorkDone):
    """A card was suspended, unsuspended or reset; `note` is the key of what to tell the learner."""

    result: object  # the store call's return, unused
    note: str


def load_detail(collection: Collection, card_id: int, now, labs: CardLabs = NO_LABS) -> Detail:
    return Detail(study.card(collection, card_id, now, labs=labs), stats.card_history(collection, card_id, now))


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


class CardDetailScreen(StudyScreen):
    CSS_PATH = "../browse.tcss"  # loaded when the screen is first opened
    BINDINGS = [
        Binding("exclamation_mark", "toggle_suspend", "common.toggle_suspend", key_display="!"),
        Binding("R", "reset", "common.reset"),
        Binding("q", "back", "common.back"),
        Binding("escape", "back", "common.back", show=False),
    ]

    def __init__(self, card_id: int):
        super().__init__()
        self.card_id = card_id
        self.detail: Detail | None = None

    def compose(self) -> ComposeResult:
        t = self.t
        yield TitleBar()
        with VerticalScroll(id="detail-scroll"):
            yield Static("", id="detail-context", markup=False)
            yield CardMarkdown(figure_label=t("review.figure_missing"), id="detail-question")
            yield Static(t("card.answer"), classes="detail-heading")
            yield CardMarkdown(figure_label=t("review.figure_missing"), id="detail-answer")
            yield Static(t("common.loading"), id="detail-info")
            yield Static("", id="detail-tags", markup=False)
            yield Static(t("card.history"), classes="detail-heading")
            yield DataTable(id="detail-history", cursor_type="none", zebra_stripes=True)
            yield Static(t("card.r_over_time"), classes="detail-heading")
            yield PlotextPlot(id="detail-plot")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.t("card.card_title", id=self.card_id)
        self.query_one("#detail-scroll").focus()
        self.reload()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("card.card_title", id=self.card_id)
        if self.detail is not None:
            await self._show(self.detail)

    def reload(self) -> None:
        app = self.app
        now = app.now()
        self.fetch(lambda: load_detail(app.collection, self.card_id, now, app.labs), DetailRead)

    async def on_detail_read(self, message: DetailRead) -> None:
        await self._show(message.detail)

    async def _show(self, detail: Detail) -> None:
        self.detail = detail
        t = self.t
        card = detail.card
        context = self.query_one("#detail-context", Static)
        context.display = bool(card.parent_question)
        context.update(t("review.context", question=card.parent_question or ""))
        await self.query_one("#detail-question", CardMarkdown).set_text(card.question)
        answer = answer_with_repair(card.answer, card.repair, t("card.repair_heading"))
        await self.query_one("#detail-answer", CardMarkdown).set_text(answer)
        due = card.due.astimezone().strftime("%Y-%m-%d %H:%M") if card.state != "new" else "–"
        self.query_one("#detail-info", Static).update(t(
            "card.card_info", state=state_label(t, card.state, card.suspended), due=due,
            r=_number(card.retrievability if card.state != "new" else None, 2), s=_number(card.stability),
            d=_number(card.difficulty), reps=card.reps, lapses=card.lapses,
        ))
        tags = self.query_one("#detail-tags", Static)
        tags.display = bool(card.tags)
        tags.update(t("card.tags", tags=" ".join(card.tags)))
        self._show_history(detail.history)
        self._plot(detail.history)

    def _show_history(self, history: stats.CardHistory) -> None:
        t = self.t
        table = self.query_one("#detail-history", DataTable)
        table.clear(columns=True)
        table.show_header = bool(history.reviews)  # the heading above already says "Review history"
        if not history.reviews:
            table.add_column("", key="none")
            table.add_row(t("card.no_history"))
            return
        for label in ("card.col_when", "card.col_rating", "browse.col_state", "card.col_stability",
                      "card.col_difficulty", "card.col_source"):
            table.add_column(t(label))
        for review in reversed(history.reviews):
            table.add_row(
                review.at.astimezone().strftime("%Y-%m-%d %H:%M"), t(RATING_KEYS[review.rating]),
                t(f"browse.state_{('new', 'learning', 'review', 'relearning')[review.state_before]}"),
                _number(review.stability, 2), _number(review.difficulty, 2), review.source,
            )

    def _plot(self, history: stats.CardHistory) -> None:
        widget = self.query_one("#detail-plot", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        plt.ylim(0, 1)
        plt.xlabel(self.t("card.days_since_first"))
        if history.curve:
            xs, ys = zip(*history.curve)
            plt.plot(list(xs), list(ys), marker="braille")
        widget.refresh()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_suspend(self) -> None:
        if self.detail is None:
            return
        app = self.app
        suspended = not self.detail.card.suspended
        key = "review.suspended_note" if suspended else "review.unsuspended_note"
        self.fetch(lambda: study.suspend(app.collection, self.card_id, suspended), CardChanged, note=key)

    def action_reset(self) -> None:
        app = self.app
        now = app.now()
        self.fetch(lambda: study.reset(app.collection, self.card_id, now), CardChanged, note="review.reset_note")

    def on_card_changed(self, message: CardChanged) -> None:
        self.notify(self.t(message.note))
        self.reload()
