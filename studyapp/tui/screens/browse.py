"""Browse: a search box with the query language, a results table; enter opens a card."""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from studyapp.service import browse, study
from studyapp.tui.base import StudyScreen
from studyapp.tui.widgets.cells import clip, state_label
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed

COLUMNS = (("id", "browse.col_id"), ("question", "browse.col_question"), ("section", "browse.col_section"),
           ("state", "browse.col_state"),
           ("due", "browse.col_due"), ("r", "browse.col_r"), ("lapses", "browse.col_lapses"))
SEARCH_DELAY = 0.15  # seconds of typing pause before a search runs
QUESTION_MIN = 44  # cells of the question column at 100 columns; it takes whatever a wider terminal adds
OTHER_COLUMNS = 56  # cells the other columns and the cell padding take



@dataclass(eq=False)
class SearchDone(WorkDone):
    result: browse.SearchResult


@dataclass(eq=False)
class CardChanged(WorkDone):
    """A card was suspended, unsuspended or reset; `note` is the key of what to tell the learner."""

    result: object  # the store call's return, unused
    note: str


class BrowseScreen(StudyScreen):
    CSS_PATH = "../browse.tcss"  # loaded when the screen is first opened
    BINDINGS = [
        Binding("slash", "focus_query", "common.search", key_display="/"),
        Binding("enter", "open_card", "common.open", show=False),
        Binding("exclamation_mark", "toggle_suspend", "common.toggle_suspend", key_display="!"),
        Binding("R", "reset", "common.reset"),
        Binding("q", "back", "common.back"),
        Binding("escape", "escape", "common.back", show=False),
    ]

    def __init__(self, query: str = ""):
        super().__init__()
        self.query_text = query
        self.result: browse.SearchResult | None = None
        self._timer = None
        self._shown_width: int | None = None  # cells the question column was filled for

    def compose(self) -> ComposeResult:
        t = self.t
        yield TitleBar()
        yield Input(self.query_text, placeholder=t("browse.search_placeholder"), id="query")
        yield Static(t("common.loading"), id="browse-status")
        table = DataTable(id="results", cursor_type="row", zebra_stripes=True)
        yield table
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.t("common.browse")
        self._add_columns()
        # The table has the focus, so `/` (the footer's "Search") moves it to the search box instead of typing.
        self.query_one("#results", DataTable).focus()

    def on_resize(self, event) -> None:
        if self.result is not None and self._question_width() != self._shown_width:
            self._show(self.result)  # the question column takes the new width

    def _question_width(self) -> int:
        return max(QUESTION_MIN, self.size.width - OTHER_COLUMNS)

    def on_screen_resume(self) -> None:
        self.search()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("common.browse")
        self._add_columns()
        if self.result is not None:
            self._show(self.result)

    def _add_columns(self) -> None:
        """The headers, until the first results set the columns' widths."""
        t = self.t
        table = self.query_one("#results", DataTable)
        if not table.columns:
            for key, label in COLUMNS:
                table.add_column(t(label), key=key)

    # -- searching ---------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self.search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.search()
        self.query_one("#results", DataTable).focus()

    def search(self) -> None:
        app = self.app
        query, now = self.query_text, app.now()
        self.fetch(lambda: browse.search(app.collection, query, now), SearchDone)

    def on_search_done(self, message: SearchDone) -> None:
        self._show(message.result)

    def _show(self, result: browse.SearchResult) -> None:
        if result.query != self.query_text:
            return  # a newer search is on its way
        self.result = result
        t = self.t
        status = self.query_one("#browse-status", Static)
        status.remove_class("error")
        if result.truncated:
            status.update(t("browse.results_truncated", n=result.total, shown=len(result.rows)))
        else:
            status.update(t("browse.results", n=result.total))
        table = self.query_one("#results", DataTable)
        selected = self.selected_id()
        width = self._shown_width = self._question_width()
        rows = [
            (str(row.id), clip(row.question, width), clip(row.section, 16), state_label(t, row.state, row.suspended),
             row.due.astimezone().strftime("%Y-%m-%d") if row.state != "new" else "–",
             f"{row.retrievability:.2f}" if row.state != "new" else "–", str(row.lapses))
            for row in result.rows
        ]
        # Each column as wide as its widest cell, set here: DataTable's own measuring happens on idle and its
        # repaint sometimes never comes, which left the columns as wide as their headers.
        table.clear(columns=True)
        for index, (key, label) in enumerate(COLUMNS):
            header = t(label)
            cells = [cell_len(str(cells[index])) for cells in rows]
            table.add_column(header, key=key, width=max([cell_len(header), *cells]))
        for cells, row in zip(rows, result.rows):
            table.add_row(*cells, key=str(row.id))
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)), animate=False)

    def on_work_failed(self, message: WorkFailed) -> None:
        """A search that fails (a query it cannot read) says why on the status line."""
        if message.kind is not SearchDone:
            return
        message.prevent_default()
        status = self.query_one("#browse-status", Static)
        status.add_class("error")
        status.update(self.app.describe_error(message.error))

    def selected_id(self) -> int | None:
        table = self.query_one("#results", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(key.value)

    # -- actions -----------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(int(event.row_key.value))

    def action_open_card(self) -> None:
        card_id = self.selected_id()
        if card_id is not None:
            self._open(card_id)

    def _open(self, card_id: int) -> None:
        from studyapp.tui.screens.card_detail import CardDetailScreen

        self.app.push_screen(CardDetailScreen(card_id))

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_escape(self) -> None:
        if self.focused is self.query_one("#query", Input):
            self.query_one("#results", DataTable).focus()
        else:
            self.action_back()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_suspend(self) -> None:
        card_id = self.selected_id()
        row = next((r for r in self.result.rows if r.id == card_id), None) if self.result else None
        if row is None:
            return
        app = self.app
        suspended = not row.suspended
        key = "review.suspended_note" if suspended else "review.unsuspended_note"
        self.fetch(lambda: study.suspend(app.collection, card_id, suspended), CardChanged, note=key)

    def action_reset(self) -> None:
        card_id = self.selected_id()
        if card_id is None:
            return
        app = self.app
        now = app.now()
        self.fetch(lambda: study.reset(app.collection, card_id, now), CardChanged, note="review.reset_note")

    def on_card_changed(self, message: CardChanged) -> None:
        self.notify(self.t(message.note))
        self.search()
