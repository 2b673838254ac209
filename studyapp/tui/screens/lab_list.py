"""The labs: each with its title, notes, last status and device; choose device and mode, run, look back."""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from studyapp.service import labs as lab_service
from studyapp.service import quizzes
from studyapp.service.collection import Collection
from studyapp.service.labs import DEVICES, MODES, LabMeta, list_labs
from studyapp.tui.screens.lab_base import LabScreen, cell, fmt_when
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed

ID_W, TITLE_W, NOTES_W, LAST_W, DEVICE_W = 9, 32, 24, 14, 6


@dataclass(frozen=True)
class Catalog:
    labs: list[LabMeta]
    status: dict[str, dict]  # lab id -> its newest run: status, device, started, id
    questions: dict[str, str]  # note slug -> its question, for the notes a lab belongs to


@dataclass(eq=False)
class CatalogRead(WorkDone):
    catalog: Catalog


@dataclass(eq=False)
class BackendsRead(WorkDone):
    backends: dict


@dataclass(eq=False)
class StatusRead(WorkDone):
    status: dict[str, dict]


def load_catalog(collection: Collection) -> Catalog:
    labs = list_labs()
    questions = {note.slug: note.question for note in quizzes.notes(collection)}
    return Catalog(labs, lab_service.lab_status(collection), questions)


class LabsScreen(LabScreen):
    """`lab=` (a lab id, as `L` on a review card passes it) puts the cursor on that lab."""

    BINDINGS = [
        Binding("r", "run", "lab.run"),
        Binding("e", "exercise", "lab.exercise_key"),
        Binding("d", "device", "lab.device_key"),
        Binding("m", "mode", "lab.mode_key"),
        Binding("b", "backend", "lab.backend_key"),
        Binding("h", "history", "lab.history_key"),
        Binding("q", "back", "lab.back"),
        Binding("escape", "back", "lab.back", show=False),
    ]

    def __init__(self, lab: str | None = None):
        super().__init__()
        self.lab = lab
        self.current: str | None = None  # the highlighted lab, kept when the screen is composed again
        self.catalog: Catalog | None = None
        self.device, self.mode = DEVICES[0], MODES[0]
        self.backend, self.backends = "local", {}  # name -> BackendConfig of the backends the user added

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self.t("lab.loading"), id="lab-warning", markup=False)
        yield DataTable(id="lab-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="lab-detail"):
            yield Static("", id="lab-summary")
            yield Static("", id="lab-notes", markup=False)
            yield Static("", id="lab-choice")
            yield Static(self.t("lab.choice_hint"), id="lab-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = self.t("lab.title")
        self.query_one("#lab-table", DataTable).focus()
        self._show_choice()
        collection = self.app.collection
        self.fetch(lambda: load_catalog(collection), CatalogRead)
        self.fetch(lambda: lab_service.backend_configs(collection), BackendsRead)

    def on_screen_resume(self) -> None:
        if self.catalog is not None:  # a run may have ended: fresh statuses
            collection = self.app.collection
            self.fetch(lambda: lab_service.lab_status(collection), StatusRead)

    def on_catalog_read(self, message: CatalogRead) -> None:
        self._show_catalog(message.catalog)

    def on_backends_read(self, message: BackendsRead) -> None:
        self._show_backends(message.backends)

    def on_status_read(self, message: StatusRead) -> None:
        self._show_status(message.status)

    async def after_recompose(self) -> None:
        self.sub_title = self.t("lab.title")
        self._show_choice()
        if self.backends:
            self._show_backends(self.backends)
        if self.catalog is not None:
            self._show_catalog(self.catalog)

    # -- showing -----------------------------------------------------------------------------
    def _show_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        t = self.t
        table = self.query_one("#lab-table", DataTable)
        table.clear(columns=True)
        for key, label, width in (("id", "lab.col_lab", ID_W), ("title", "lab.col_title", TITLE_W),
                                  ("notes", "lab.col_notes", NOTES_W), ("last", "lab.col_last", LAST_W),
                                  ("device", "lab.col_device", DEVICE_W)):
            table.add_column(t(label), key=key, width=width)
        for info in catalog.labs:
            table.add_row(cell(info.id), cell(info.title, TITLE_W), cell(self._notes(info), NOTES_W),
                          *self._status_cells(info.id), key=info.id)
        ids = [info.id for info in catalog.labs]
        warning = self.query_one("#lab-warning", Static)
        warning.display = bool(self.lab) and self.lab not in ids
        warning.update(t("lab.unknown", lab=self.lab or ""))
        target = self.current or self.lab
        if target in ids:
            table.move_cursor(row=ids.index(target))
        self._show_detail()

    def _show_status(self, status: dict[str, dict]) -> None:
        if self.catalog is None:
            return
        self.catalog = Catalog(self.catalog.labs, status, self.catalog.questions)
        table = self.query_one("#lab-table", DataTable)
        for info in self.catalog.labs:
            last, device = self._status_cells(info.id)
            table.update_cell(info.id, "last", last)
            table.update_cell(info.id, "device", device)

    def _status_cells(self, lab_id: str) -> tuple[Text, Text]:
        last = self.catalog.status.get(lab_id)
        if last is None:
            return Text(self.t("lab.never_run"), style="dim"), cell("—")
        last_cell = self.status_text(last["status"])
        last_cell.append(" " + fmt_when(last.get("started"), with_time=False))
        return last_cell, cell(last.get("device") or "—", DEVICE_W)

    def _notes(self, info: LabMeta) -> str:
        return " · ".join(self.catalog.questions.get(slug, slug) for slug in info.notes)

    def on_work_failed(self, message: WorkFailed) -> None:
        """Without a catalogue the screen has nothing to show: it says why in its place."""
        if message.kind is not CatalogRead:
            return
        message.prevent_default()
        warning = self.query_one("#lab-warning", Static)
        warning.display = True
        warning.update(self.t("lab.missing", error=self.app.describe_error(message.error)))

    def selected(self) -> LabMeta | None:
        if not self.catalog or not self.catalog.labs:
            return None
        row = self.query_one("#lab-table", DataTable).cursor_row
        return self.catalog.labs[row] if 0 <= row < len(self.catalog.labs) else None

    def _show_detail(self) -> None:
        info = self.selected()
        if info is None:
            return
        summary = Text(info.title, style="bold")
        summary.append("\n" + info.summary, style="")
        self.query_one("#lab-summary", Static).update(summary)
        self.query_one("#lab-notes", Static).update(self.t("lab.notes_line", notes=self._notes(info)))

    def _show_choice(self) -> None:
        line = Text()
        for label, options, current, prefix in (("lab.device_label", DEVICES, self.device, "device"),
                                                 ("lab.mode_label", MODES, self.mode, "mode")):
            line.append(self.t(label) + " ", style="bold")
            for option in options:
                chosen = option == current
                line.append(f" {self.t(f'lab.{prefix}_{option}')} ", style="reverse bold" if chosen else "dim")
            line.append("    ")
        if self.backends:
            line.append(self.t("lab.backend_label") + " ", style="bold")
            for name in ("local", *self.backends):
                label = self.t("lab.backend_local") if name == "local" else name
                line.append(f" {label} ", style="reverse bold" if name == self.backend else "dim")
        self.query_one("#lab-choice", Static).update(line)

    def _show_backends(self, backends: dict) -> None:
        """The backend choice and its key appear once the user has added a backend (`studyapp backend add`)."""
        self.backends = backends
        if self.backend not in backends:
            self.backend = "local"
        self._show_choice()
        hint = "lab.choice_hint_backends" if backends else "lab.choice_hint"
        self.query_one("#lab-hint", Static).update(self.t(hint))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "backend":
            return bool(self.backends)
        return True

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        info = self.selected()
        self.current = info.id if info else None
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_run()

    # -- actions -----------------------------------------------------------------------------
    def action_device(self) -> None:
        self.device = DEVICES[(DEVICES.index(self.device) + 1) % len(DEVICES)]
        self._show_choice()

    def action_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self._show_choice()

    def action_backend(self) -> None:
        names = ["local", *self.backends]
        self.backend = names[(names.index(self.backend) + 1) % len(names)] if self.backend in names else "local"
        self._show_choice()

    def action_run(self) -> None:
        from studyapp.tui.screens.lab_run import LabRunScreen

        info = self.selected()
        if info is None:
            return
        runner = None
        if self.backend in self.backends:
            runner = lab_service.open_backend(self.backends[self.backend]).run
        self.app.push_screen(LabRunScreen(info, self.device, self.mode, runner=runner))

    def action_exercise(self) -> None:
        from studyapp.tui.screens.lab_exercise import LabExerciseScreen

        info = self.selected()
        if info is not None:
            self.app.push_screen(LabExerciseScreen(info, self.device, self.mode))

    def action_history(self) -> None:
        from studyapp.tui.screens.lab_history import LabHistoryScreen

        info = self.selected()
        if info is not None:
            self.app.push_screen(LabHistoryScreen(info))

    def action_back(self) -> None:
        self.app.pop_screen()
