"""A lab's exercise: the learner's file in a built-in editor (or $EDITOR), the lab's checks run on every save.

The file is the one `studyapp lab start ID` makes (copied here on first open, never overwritten); each check
is stored as an exercise attempt. The checks run in a thread worker; a newer save cancels a run in progress.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static, TextArea

from studyapp.service import labs
from studyapp.service.labs import LabMeta, LabResult, error_result
from studyapp.tui.screens.lab_base import LabFinished, LabScreen, SavedRun, save_run
from studyapp.tui.screens.lab_exercise_report import report_text
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed

# What runs the lab: `run_lab`'s signature (None: the real one). Tests may put a fake here.
RUNNER: Callable[..., LabResult] | None = None


@dataclass(frozen=True)
class Prepared:
    path: Path
    text: str
    created: bool
    hints: object  # labrunner.hints.Hints, or None when the lab's hints cannot be read


def prepare(app, lab_id: str) -> Prepared:
    """The learner's file (copied from the starter the first time) and the lab's hints; runs in a worker."""
    collection = app.collection
    target = app.store(lambda: labs.exercise_path(collection, lab_id))
    started = app.store(lambda: labs.start_exercise(collection, lab_id, target))
    try:
        found = labs.load_hints(lab_id)
    except (labs.HintsError, OSError):
        found = None
    return Prepared(started.path, started.path.read_text(encoding="utf-8"), started.created, found)


@dataclass
class AttemptEvent(Message):
    """One line of the check's progress (posted by the worker while the lab runs on the learner's file)."""

    event: dict


@dataclass(eq=False)
class ExercisePrepared(WorkDone):
    prepared: Prepared


@dataclass(eq=False)
class HintTaken(WorkDone):
    index: int  # which of the lab's general hints is next


class LabExerciseScreen(LabScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "lab.ex_save", priority=True),
        Binding("ctrl+o", "external", "lab.ex_external", priority=True),
        Binding("ctrl+t", "hint", "lab.ex_hint_key", priority=True),
        Binding("escape", "back", "lab.back"),  # the editor takes the first escape (focus leaves it)
    ]

    def __init__(self, lab: LabMeta, device: str = "auto", mode: str = "quick",
                 runner: Callable[..., LabResult] | None = None):
        super().__init__()
        self.lab, self.device, self.mode = lab, device, mode
        self.runner = runner
        self.path: Path | None = None
        self.saved_text: str | None = None
        self.hints = None
        self.result: LabResult | None = None
        self.hint_line = ""
        self.cancel_event = threading.Event()
        self.checking = False
        self.leave_armed = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self._title(), id="lab-ex-title", markup=False)
        with Horizontal(id="lab-ex-body"):
            yield TextArea.code_editor("", language="python", id="lab-ex-editor")
            with VerticalScroll(id="lab-ex-side"):
                yield Static(self.t("lab.ex_loading"), id="lab-ex-status", markup=False)
                yield Static("", id="lab-ex-report", markup=False)
                yield Static("", id="lab-ex-hint", markup=False)
        yield KeyBar()

    def _title(self) -> str:
        # the device and mode chosen on the list; a backend choice will sit beside them
        where = str(self.path) if self.path else "…"
        return self.t("lab.ex_title", title=self.lab.title, path=where, device=self.t(f"lab.device_{self.device}"),
                      mode=self.t(f"lab.mode_{self.mode}"))

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = self.t("lab.title")
        editor = self.query_one(TextArea)
        editor.disabled = True  # until the file is loaded
        app, lab_id = self.app, self.lab.id
        self.fetch(lambda: prepare(app, lab_id), ExercisePrepared, retry=False)

    async def after_recompose(self) -> None:
        self.sub_title = self.t("lab.title")
        editor = self.query_one(TextArea)
        if self.saved_text is not None:
            editor.load_text(self.saved_text)
            editor.focus()
        else:
            editor.disabled = True
        self._show_result()

    def on_unmount(self) -> None:
        self.cancel_event.set()  # a lab process never outlives its screen

    # -- loading -----------------------------------------------------------------------------
    def on_exercise_prepared(self, message: ExercisePrepared) -> None:
        prepared = message.prepared
        self.path, self.hints = prepared.path, prepared.hints
        self.saved_text = prepared.text
        editor = self.query_one(TextArea)
        editor.disabled = False
        editor.load_text(prepared.text)
        editor.focus()
        self.query_one("#lab-ex-title", Static).update(self._title())
        key = "lab.ex_ready_new" if prepared.created else "lab.ex_ready"
        plain = "" if editor.is_syntax_aware else " " + self.t("lab.ex_plain")
        self._status(self.t(key) + plain)

    def on_work_failed(self, message: WorkFailed) -> None:
        """The file that could not be opened is named on the status line."""
        if message.kind is ExercisePrepared:
            message.prevent_default()
            self._status(self.t("lab.ex_load_failed", error=self.app.describe_error(message.error)))

    def _status(self, line: str) -> None:
        self.query_one("#lab-ex-status", Static).update(line)

    # -- saving and checking -----------------------------------------------------------------
    def action_save(self) -> None:
        if self.path is None:
            return
        text = self.query_one(TextArea).text
        try:
            self.path.write_text(text, encoding="utf-8")
        except OSError as error:
            self.notify(self.t("lab.ex_save_failed", path=self.path, error=error.strerror or error), severity="error")
            return
        self.saved_text = text
        self.leave_armed = False
        self.start_check()

    def start_check(self) -> None:
        self.cancel_event.set()  # a newer save supersedes the run in progress
        self.cancel_event = threading.Event()
        self.checking = True
        self._status(self.t("lab.ex_checking"))
        path, cancel = self.path, self.cancel_event
        self.fetch(lambda: self.check(path, cancel), LabFinished, retry=False, group="lab-exercise", exclusive=True)

    def check(self, path: Path, cancel: threading.Event) -> SavedRun | None:
        """Run the lab's checks on the learner's file and store the attempt (in the worker)."""
        app, lab_id = self.app, self.lab.id
        try:
            result = labs.check_file(lab_id, path, self.device, self.mode, cancel=cancel, runner=self.runner or RUNNER,
                                on_event=lambda event: self.post_message(AttemptEvent(event)))
        except Exception as error:  # a runner bug is shown as an error, never taken for a pass
            result = error_result(lab_id, f"the runner failed: {type(error).__name__}: {error}", mode=self.mode)
        if cancel.is_set():
            return None  # superseded by a newer save, or the screen went away: not an attempt
        return save_run(app, result, exercise=True)

    def on_attempt_event(self, message: AttemptEvent) -> None:
        event = message.event
        if event.get("event") == "progress" and self.checking:
            fraction = event.get("fraction") or 0
            self._status(self.t("lab.ex_progress", percent=f"{float(fraction):.0%}", stage=event.get("message", "")))

    def on_lab_finished(self, message: LabFinished) -> None:
        run = message.run
        if run is None:
            return
        self.checking = False
        self.result = run.result
        if run.save_error is not None:
            self.notify(self.t("lab.run_not_saved", error=run.save_error), severity="error", timeout=8)
        self._status(self.t("lab.ex_checked", id=run.run_id if run.run_id is not None else "—"))
        self._show_result()

    def _show_result(self) -> None:
        report = self.query_one("#lab-ex-report", Static)
        report.update(report_text(self.result, self.t, self.hints) if self.result else "")
        self.query_one("#lab-ex-hint", Static).update(self.hint_line)

    # -- $EDITOR, hints, leaving -------------------------------------------------------------
    def action_external(self) -> None:
        from studyapp.tui.editing import edit_file

        if self.path is None:
            return
        editor = self.query_one(TextArea)
        if editor.text != self.saved_text:  # the external editor starts from what is on screen
            self.path.write_text(editor.text, encoding="utf-8")
            self.saved_text = editor.text
        if not edit_file(self, self.path, editor.cursor_location[0] + 1):
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.notify(self.t("lab.ex_load_failed", error=error), severity="error")
            return
        if text != self.saved_text:
            editor.load_text(text)
            self.saved_text = text
            self.start_check()  # the editor saved: check, as on ctrl+s

    def action_hint(self) -> None:
        hints = self.hints
        if hints is None or not hints.general:
            self.hint_line = self.t("lab.ex_no_hints")
            self._show_result()
            return
        collection, lab_id, total = self.app.collection, self.lab.id, len(hints.general)

        self.fetch(lambda: labs.take_hint(collection, lab_id, total), HintTaken)

    def on_hint_taken(self, message: HintTaken) -> None:
        hints, index = self.hints, message.index
        self.hint_line = self.t("lab.ex_hint_n", n=index + 1, of=len(hints.general)) + "\n" + hints.general[index]
        self._show_result()

    def action_back(self) -> None:
        editor = self.query_one(TextArea)
        if self.saved_text is not None and editor.text != self.saved_text and not self.leave_armed:
            self.leave_armed = True
            self.notify(self.t("lab.ex_unsaved"), severity="warning")
            return
        self.dismiss()
