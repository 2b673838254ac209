"""A lab run: the runner in a thread worker, a live log and progress bar, cancel, then the checks."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ProgressBar, RichLog, Static

from studyapp.service.labs import LabMeta, LabResult, error_result, run_lab
from studyapp.tui.screens.lab_base import LabFinished, LabScreen, SavedRun, fmt_value, save_run
from studyapp.tui.screens.lab_result import ResultView
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar

# What runs a lab: `run_lab`'s signature. Tests put a fake here (or pass `runner=` to the screen).
RUNNER: Callable[..., LabResult] = run_lab
MAX_LOG_LINES = 2000


@dataclass
class LabEvent(Message):
    """One line of the lab's progress (posted by the worker while the lab runs)."""

    event: dict


class LabRunScreen(LabScreen):
    BINDINGS = [
        Binding("c", "cancel", "lab.cancel"),
        Binding("r", "again", "lab.run_again"),
        Binding("h", "history", "lab.history_key"),
        Binding("e", "exercise", "lab.exercise_key"),
        Binding("l", "toggle_log", "lab.log"),
        Binding("q", "back", "lab.back"),
        Binding("escape", "back", "lab.back", show=False),
    ]

    def __init__(self, lab: LabMeta, device: str = "auto", mode: str = "quick",
                 runner: Callable[..., LabResult] | None = None):
        super().__init__()
        self.lab, self.device, self.mode = lab, device, mode
        self.runner = runner
        self.cancel_event = threading.Event()
        self.running = False
        self.leave_when_done = False
        self.lines: list[str] = []
        self.fraction = 0.0
        self.stage = ""
        self.result: LabResult | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self.t("lab.run_title", title=self.lab.title, device=self.t(f"lab.device_{self.device}"),
                            mode=self.t(f"lab.mode_{self.mode}")), id="lab-run-title", markup=False)
        with Horizontal(id="lab-run-bar"):
            yield ProgressBar(total=100, show_eta=False, id="lab-run-progress")
            yield Static("", id="lab-run-stage", markup=False)
        yield RichLog(id="lab-run-log", wrap=True, markup=False, max_lines=MAX_LOG_LINES)
        yield ResultView(id="lab-run-result")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = self.t("lab.title")
        self.query_one(ResultView).display = False
        self.start()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("lab.title")
        log = self.query_one(RichLog)
        for line in self.lines:
            log.write(line)
        self._show_progress()
        view = self.query_one(ResultView)
        view.display = self.result is not None
        if self.result is not None:
            view.show(self.result)
            view.focus_checks()
        else:
            log.focus()

    def on_unmount(self) -> None:
        self.cancel_event.set()  # a lab process never outlives its screen

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        self.cancel_event = threading.Event()
        self.running, self.leave_when_done, self.result = True, False, None
        self.lines.clear()
        self.query_one(RichLog).clear()
        self.query_one(ResultView).display = False
        self.remove_class("-done", "-show-log")
        self.fraction, self.stage = 0.0, self.t("lab.run_starting")
        self._show_progress()
        self.query_one(RichLog).focus()
        self.refresh_bindings()
        runner, cancel = self.runner or RUNNER, self.cancel_event
        self.fetch(lambda: self.execute(runner, cancel), LabFinished, retry=False, group="lab-run", exclusive=True)

    def execute(self, runner: Callable[..., LabResult], cancel: threading.Event) -> SavedRun:
        """Run the lab and store its result (in the worker)."""
        app, lab_id = self.app, self.lab.id
        try:
            result = runner(lab_id, device=self.device, mode=self.mode,
                            on_event=lambda event: self.post_message(LabEvent(event)), cancel=cancel)
        except Exception as error:  # a runner bug is shown as an error run, never taken for a pass
            result = error_result(lab_id, f"the runner failed: {type(error).__name__}: {error}", mode=self.mode,
                                  device=None if self.device == "auto" else self.device)
        return save_run(app, result)

    def on_lab_event(self, message: LabEvent) -> None:
        event = message.event
        kind = event.get("event")
        if kind == "progress":
            fraction = event.get("fraction")
            if isinstance(fraction, (int, float)):
                self.fraction = min(max(float(fraction), 0.0), 1.0)
            text = str(event.get("message") or "")
            if text and text != self.stage:
                self._log(f"[{self.fraction:4.0%}] {text}")
            self.stage = text or self.stage
            self._show_progress()
        elif kind == "log":
            self._log(str(event.get("message", "")))
        elif kind == "metric":
            unit = f" {event['unit']}" if event.get("unit") else ""
            self._log(self.t("lab.log_metric", name=event.get("name", "?"), value=fmt_value(event.get("value")) + unit))

    def on_lab_finished(self, message: LabFinished) -> None:
        run = message.run
        result = self.result = run.result
        self.running = False
        status = result.status
        if status in ("pass", "fail"):
            self.fraction = 1.0
        self.stage = self.status_text(status).plain
        self._log(self.t("lab.log_done", status=self.stage) + (f" · {self.message_text(result.message)}"
                                                             if result.message else ""))
        self._show_progress()
        if run.save_error is not None:
            self.notify(self.t("lab.run_not_saved", error=run.save_error), severity="error", timeout=8)
        else:
            self._log(self.t("lab.run_saved", id=run.run_id))
        if self.leave_when_done and self.app.screen is self:
            self.dismiss()
            return
        self.add_class("-done")
        view = self.query_one(ResultView)
        view.display = True
        view.show(result)
        view.focus_checks()
        self.refresh_bindings()

    def _log(self, line: str) -> None:
        self.lines.append(line)
        del self.lines[:-MAX_LOG_LINES]
        self.query_one(RichLog).write(line)

    def _show_progress(self) -> None:
        self.query_one(ProgressBar).update(progress=self.fraction * 100)
        self.query_one("#lab-run-stage", Static).update(self.stage)

    # -- actions -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel":
            return self.running
        if action in ("again", "history", "toggle_log", "exercise"):
            return not self.running
        return True

    def action_cancel(self) -> None:
        if not self.running or self.cancel_event.is_set():
            return
        self.cancel_event.set()
        self.stage = self.t("lab.run_cancelling")
        self._log(self.stage)
        self._show_progress()

    def action_again(self) -> None:
        if not self.running:
            self.start()

    def action_toggle_log(self) -> None:
        self.toggle_class("-show-log")
        self.query_one(RichLog).scroll_end(animate=False)

    def action_exercise(self) -> None:
        from studyapp.tui.screens.lab_exercise import LabExerciseScreen

        if not self.running:
            self.app.push_screen(LabExerciseScreen(self.lab, self.device, self.mode))

    def action_history(self) -> None:
        from studyapp.tui.screens.lab_history import LabHistoryScreen

        if not self.running:
            self.app.push_screen(LabHistoryScreen(self.lab))

    def action_back(self) -> None:
        if not self.running or self.leave_when_done:  # a second q leaves at once; the worker still saves
            self.dismiss()
            return
        # leaving cancels the run; the screen goes once the cancelled run is saved
        self.leave_when_done = True
        self.action_cancel()
