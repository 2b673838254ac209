"""Interview setup: length, sections or "weakest first", mode, and "don't affect my schedule"."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, RadioButton, RadioSet, SelectionList, Static

from studyapp.service.interview import SessionOptions, make_plan, recorder, sections
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar

from .interview_base import InterviewScreen

LENGTHS = (15, 30, 45)
MODES = ("practice", "pressure")


class InterviewSetupScreen(InterviewScreen):
    BINDINGS = [
        Binding("ctrl+s", "start", "start", priority=True),
        Binding("escape", "back", "back"),
        Binding("q", "back", "back", show=False),
    ]

    def __init__(self, collection, clock: Callable[[], datetime], defaults: SessionOptions | None = None):
        super().__init__(collection, clock)
        self.defaults = defaults or SessionOptions()
        self.sections: list[str] = []
        self.starting = False

    def compose(self) -> ComposeResult:
        d = self.defaults
        yield TitleBar()
        with VerticalScroll(id="iv-setup"):
            yield Static(self.t("setup_title"), classes="iv-title")
            with Horizontal(classes="iv-row"):
                with Vertical(classes="iv-box"):
                    yield Label(self.t("length"))
                    with RadioSet(id="iv-length"):
                        for n in LENGTHS:
                            yield RadioButton(self.t("minutes", n=n), value=n == d.minutes, id=f"iv-len-{n}")
                with Vertical(classes="iv-box"):
                    yield Label(self.t("mode"))
                    with RadioSet(id="iv-mode"):
                        for mode in MODES:
                            yield RadioButton(self.t(mode), value=mode == d.mode, id=f"iv-mode-{mode}")
            with Vertical(classes="iv-box"):
                yield Label(self.t("scope"))
                yield Checkbox(self.t("weakest_first"), d.weakest_first, id="iv-weakest")
                yield SelectionList[str](id="iv-sections")
            yield Checkbox(self.t("no_schedule"), not d.affects_schedule, id="iv-no-schedule")
            yield Button(self.t("start"), id="iv-start", variant="primary")
            yield Static("", id="iv-setup-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.t("setup_title")  # the title bar names the screen, as every other screen's does
        self.run_store(lambda: sections(self.collection), self._show_sections)

    def _show_sections(self, names: list[str]) -> None:
        self.sections = names
        chosen = set(self.defaults.sections)
        widget = self.query_one("#iv-sections", SelectionList)
        widget.clear_options()
        widget.add_options([(name, name, name in chosen) for name in names])

    def options(self) -> SessionOptions:
        length = self.query_one("#iv-length", RadioSet).pressed_button
        mode = self.query_one("#iv-mode", RadioSet).pressed_button
        minutes = int(length.id.rsplit("-", 1)[1]) if length else self.defaults.minutes
        chosen = tuple(self.query_one("#iv-sections", SelectionList).selected)
        return SessionOptions(
            minutes=minutes, mode=mode.id.rsplit("-", 1)[1] if mode else self.defaults.mode,
            sections=() if len(chosen) == len(self.sections) else chosen,
            weakest_first=self.query_one("#iv-weakest", Checkbox).value,
            affects_schedule=not self.query_one("#iv-no-schedule", Checkbox).value,
            seed=self.defaults.seed,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "iv-start":
            self.action_start()

    def action_start(self) -> None:
        if self.starting:
            return
        self.starting = True
        options = self.options()
        self.query_one("#iv-setup-status", Static).update(self.t("planning"))
        now = self.clock()

        def prepare():
            plan = make_plan(self.collection, options, now)
            if not plan.questions:
                return plan, None
            session = recorder(self.collection, options, self.clock)
            session.open(now)
            return plan, session

        self.run_store(prepare, lambda result: self._begin(options, *result))

    def _begin(self, options: SessionOptions, plan, recorder) -> None:
        self.starting = False
        if recorder is None:
            self.query_one("#iv-setup-status", Static).update(self.t("empty_plan"))
            return
        from .interview_question import InterviewQuestionScreen

        self.query_one("#iv-setup-status", Static).update("")
        self.app.push_screen(InterviewQuestionScreen(self.collection, self.clock, plan, options, recorder))

    def action_back(self) -> None:
        self.app.pop_screen()


def interview_app(collection, defaults: SessionOptions | None = None, **kwargs):
    """The study app opened on this screen (Home stays underneath): `studyapp interview`."""
    from pathlib import Path

    from studyapp.tui import app as app_module

    class InterviewApp(app_module.StudyApp):
        # a relative CSS_PATH is read beside the defining module: point at the app's own file
        CSS_PATH = str(Path(app_module.__file__).with_name(app_module.StudyApp.CSS_PATH))

        def on_ready(self) -> None:
            self.push_screen(InterviewSetupScreen(self.collection, self.now, defaults))

    return InterviewApp(collection, **kwargs)


def run_interview_app(collection, defaults: SessionOptions | None = None) -> None:
    interview_app(collection, defaults).run()
