"""Interview setup: length, sections or "weakest first", mode, and "don't affect my schedule"."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, RadioButton, RadioSet, SelectionList, Static

from studyapp.service.interview import SessionOptions, make_plan, recorder, sections
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed

from .interview_base import InterviewScreen

if TYPE_CHECKING:
    from studyapp.service.interview import Plan, Recorder

LENGTHS = (15, 30, 45)
MODES = ("practice", "pressure")


@dataclass(eq=False)
class SectionsRead(WorkDone):
    names: list[str]


@dataclass(eq=False)
class InterviewPrepared(WorkDone):
    """The plan, and its recorder (None when the plan is empty: nothing was opened)."""

    prepared: tuple[Plan, Recorder | None]
    options: SessionOptions


class InterviewSetupScreen(InterviewScreen):
    BINDINGS = [
        Binding("ctrl+s", "start", "interview.start", priority=True),
        Binding("escape", "back", "interview.back"),
        Binding("q", "back", "interview.back", show=False),
    ]

    def __init__(self, collection=None, clock: Callable[[], datetime] | None = None,
                 defaults: SessionOptions | None = None):
        super().__init__(collection, clock)
        self.defaults = defaults or SessionOptions()
        self.sections: list[str] = []
        self.starting = False

    def compose(self) -> ComposeResult:
        d = self.defaults
        yield TitleBar()
        with VerticalScroll(id="iv-setup"):
            yield Static(self.t("interview.setup_title"), classes="iv-title")
            with Horizontal(classes="iv-row"):
                with Vertical(classes="iv-box"):
                    yield Label(self.t("interview.length"))
                    with RadioSet(id="iv-length"):
                        for n in LENGTHS:
                            yield RadioButton(self.t("interview.minutes", n=n), value=n == d.minutes, id=f"iv-len-{n}")
                with Vertical(classes="iv-box"):
                    yield Label(self.t("interview.mode"))
                    with RadioSet(id="iv-mode"):
                        for mode in MODES:
                            yield RadioButton(self.t(f"interview.{mode}"), value=mode == d.mode, id=f"iv-mode-{mode}")
            with Vertical(classes="iv-box"):
                yield Label(self.t("interview.scope"))
                yield Checkbox(self.t("interview.weakest_first"), d.weakest_first, id="iv-weakest")
                yield SelectionList[str](id="iv-sections")
            yield Checkbox(self.t("interview.no_schedule"), not d.affects_schedule, id="iv-no-schedule")
            yield Button(self.t("interview.start"), id="iv-start", variant="primary")
            yield Static("", id="iv-setup-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.t("interview.setup_title")  # the title bar names the screen, as every other screen's does
        collection = self.collection
        self.fetch(lambda: sections(collection), SectionsRead)

    def on_sections_read(self, message: SectionsRead) -> None:
        self._show_sections(message.names)

    async def retranslate(self) -> None:
        """The language changed: the choices made so far are kept through the new words."""
        self.defaults = self.options()
        await super().retranslate()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("interview.setup_title")
        self._show_sections(self.sections)

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
        self.query_one("#iv-setup-status", Static).update(self.t("interview.planning"))
        collection, clock = self.collection, self.clock
        now = clock()

        def prepare():
            plan = make_plan(collection, options, now)
            if not plan.questions:
                return plan, None
            session = recorder(collection, options, clock)
            session.open(now)
            return plan, session

        self.fetch(prepare, InterviewPrepared, options=options)

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.kind is InterviewPrepared:
            self.starting = False
            self.query_one("#iv-setup-status", Static).update("")

    def on_interview_prepared(self, message: InterviewPrepared) -> None:
        (plan, recorder), options = message.prepared, message.options
        self.starting = False
        if recorder is None:
            self.query_one("#iv-setup-status", Static).update(self.t("interview.empty_plan"))
            return
        from .interview_question import InterviewQuestionScreen

        self.query_one("#iv-setup-status", Static).update("")
        self.app.push_screen(InterviewQuestionScreen(self.collection, self.clock, plan, options, recorder))

    def action_back(self) -> None:
        self.app.pop_screen()

