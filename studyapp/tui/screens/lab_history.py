"""Earlier runs of one lab and exercise attempts on it, newest first; enter opens a run's checks."""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from studyapp.service import labs
from studyapp.service.labs import LabMeta, stored_result
from studyapp.tui.screens.lab_base import LabScreen, cell, fmt_seconds, fmt_when
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed


@dataclass(eq=False)
class RunsRead(WorkDone):
    runs: list[dict]


class LabHistoryScreen(LabScreen):
    BINDINGS = [
        Binding("enter", "open_run", "lab.open_run", show=False),
        Binding("q", "app.pop_screen", "lab.back"),
        Binding("escape", "app.pop_screen", "lab.back", show=False),
    ]

    def __init__(self, lab: LabMeta):
        super().__init__()
        self.lab = lab
        self.runs: list[dict] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self.t("lab.history_title", lab=self.lab.title), id="lab-history-title", markup=False)
        yield Static(self.t("lab.loading"), id="lab-history-empty", markup=False)
        yield DataTable(id="lab-history", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = self.t("lab.title")
        self.query_one("#lab-history", DataTable).focus()
        collection, lab_id = self.app.collection, self.lab.id
        self.fetch(lambda: labs.lab_runs(collection, lab_id), RunsRead)

    def on_runs_read(self, message: RunsRead) -> None:
        self._show(message.runs)

    async def after_recompose(self) -> None:
        self.sub_title = self.t("lab.title")
        if self.runs is not None:
            self._show(self.runs)

    def _show(self, runs: list[dict]) -> None:
        self.runs = runs
        t = self.t
        table = self.query_one("#lab-history", DataTable)
        table.clear(columns=True)
        for label in ("lab.col_run", "lab.col_when", "lab.col_result", "lab.col_device", "lab.col_mode",
                      "lab.col_seconds", "lab.col_checks"):
            table.add_column(t(label))
        for run in runs:
            result = stored_result(run)
            tally = result.tally()  # demos never count
            counted = len(result.counted_checks)
            mode = result.mode
            mode_text = t(f"lab.mode_{mode}") if mode in ("quick", "full") else "—"
            if run.get("exercise"):  # the learner's code, not the lab's own
                mode_text = t("lab.history_attempt", mode=mode_text)
            table.add_row(cell(run.get("id", "")), cell(fmt_when(result.started)),
                          self.status_text(result.status), cell(result.device or "—", 12),
                          cell(mode_text),
                          cell(fmt_seconds(result.seconds)), cell(f"{tally['pass']}/{counted}"))
        empty = self.query_one("#lab-history-empty", Static)
        empty.display = not runs
        empty.update(t("lab.no_runs"))
        table.display = bool(runs)

    def on_work_failed(self, message: WorkFailed) -> None:
        """Shown in place of the table, not as a notification."""
        message.prevent_default()
        error = self.app.describe_error(message.error)
        self.query_one("#lab-history-empty", Static).update(self.t("lab.db_error", error=error))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_run()

    def action_open_run(self) -> None:
        from studyapp.tui.screens.lab_result import LabResultScreen

        if not self.runs:
            return
        row = self.query_one("#lab-history", DataTable).cursor_row
        if 0 <= row < len(self.runs):
            run = self.runs[row]
            self.app.push_screen(LabResultScreen(stored_result(run), run.get("id")))
