"""Quiz setup (`z` on Home): how many items, which sections and kinds, feedback after each item or at
the end, and practice that leaves the schedule alone."""
from __future__ import annotations

import random
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, RadioButton, RadioSet, SelectionList, Static

from studyapp.service import quizzes
from studyapp.service.quizzes import TYPES, Material, QuizItem, generate_quiz, load_material
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.tick_box import TickBox
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed

from .quiz_base import FEEDBACK_MODES, QuizOptions, QuizScreenBase

COUNTS = (5, 10, 20)


@dataclass(eq=False)
class MaterialRead(WorkDone):
    material: quizzes.Material


@dataclass(eq=False)
class QuizStarted(WorkDone):
    """The quiz's items and its id (None when no item could be made: nothing was stored)."""

    started: tuple[list[QuizItem], int | None]
    options: QuizOptions


class QuizSetupScreen(QuizScreenBase):
    BINDINGS = [
        Binding("ctrl+s", "start", "quiz.start", priority=True),
        Binding("q", "back", "common.back"),
        Binding("escape", "back", "common.back", show=False),
    ]

    def __init__(self, defaults: QuizOptions | None = None):
        super().__init__()
        self.defaults = defaults or QuizOptions()
        self.material: Material | None = None
        self.starting = False

    def compose(self) -> ComposeResult:
        d = self.defaults
        yield TitleBar()
        with VerticalScroll(id="qz-setup"):
            yield Static(self.t("quiz.setup_title"), classes="qz-title")
            with Horizontal(classes="qz-row"):
                with Vertical(classes="qz-setup-box"):
                    yield Label(self.t("quiz.count"))
                    with RadioSet(id="qz-count"):
                        for n in COUNTS:
                            yield RadioButton(self.t("quiz.n_items", n=n), value=n == d.count, id=f"qz-count-{n}")
                with Vertical(classes="qz-setup-box"):
                    yield Label(self.t("quiz.feedback"))
                    with RadioSet(id="qz-feedback"):
                        for mode in FEEDBACK_MODES:
                            yield RadioButton(self.t(f"quiz.feedback_{mode}"), value=mode == d.feedback,
                                              id=f"qz-feedback-{mode}")
            with Horizontal(classes="qz-row"):
                with Vertical(classes="qz-setup-box"):
                    yield Label(self.t("quiz.types"))
                    chosen = set(d.types or TYPES)
                    yield SelectionList[str](*[(self.t(f"quiz.type_{kind}"), kind, kind in chosen) for kind in TYPES],
                                             id="qz-types")
                with Vertical(classes="qz-setup-box"):
                    yield Label(self.t("quiz.sections"))
                    yield SelectionList[str](id="qz-sections")
            with Horizontal(classes="qz-row"):
                yield TickBox(self.t("quiz.practice"), d.practice, id="qz-practice")
                yield Button(self.t("quiz.start"), id="qz-start", variant="primary")
            yield Static(self.t("common.loading"), id="qz-setup-status")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = self.t("common.quiz")
        self.query_one("#qz-count", RadioSet).focus()
        collection = self.app.collection
        self.fetch(lambda: load_material(collection), MaterialRead)

    def on_material_read(self, message: MaterialRead) -> None:
        self._show_material(message.material)

    def _show_material(self, material: Material) -> None:
        self.material = material
        chosen = set(self.defaults.sections or material.sections)
        widget = self.query_one("#qz-sections", SelectionList)
        widget.clear_options()
        widget.add_options([(name, name, name in chosen) for name in material.sections])
        self.query_one("#qz-setup-status", Static).update("")

    async def after_recompose(self) -> None:
        self.sub_title = self.t("common.quiz")
        if self.material is not None:
            self._show_material(self.material)

    def options(self) -> QuizOptions:
        d = self.defaults
        count = self.query_one("#qz-count", RadioSet).pressed_button
        feedback = self.query_one("#qz-feedback", RadioSet).pressed_button
        types = tuple(kind for kind in TYPES if kind in self.query_one("#qz-types", SelectionList).selected)
        all_sections = self.material.sections if self.material else ()
        sections = tuple(self.query_one("#qz-sections", SelectionList).selected)
        return QuizOptions(
            count=int(count.id.rsplit("-", 1)[1]) if count else d.count,
            types=None if len(types) == len(TYPES) else types,
            sections=None if set(sections) == set(all_sections) else sections,
            feedback=feedback.id.rsplit("-", 1)[1] if feedback else d.feedback,
            practice=self.query_one("#qz-practice", Checkbox).value,
            seed=d.seed or random.randrange(1, 2**31),
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "qz-start":
            self.action_start()

    def _status(self, key: str) -> None:
        self.query_one("#qz-setup-status", Static).update(self.t(key) if key else "")

    def action_start(self) -> None:
        if self.starting or self.material is None:
            return
        options = self.options()
        if options.types == ():
            self._status("quiz.pick_type")
            return
        if options.sections == ():
            self._status("quiz.pick_section")
            return
        self.starting = True
        self._status("quiz.preparing")
        app = self.app
        collection = app.collection
        material = self.material
        now = app.now()

        def prepare() -> tuple[list[QuizItem], int | None]:
            items = generate_quiz(list(material.notes), options.count, options.seed, types=options.types,
                                  sections=options.sections)
            if not items:
                return items, None
            return items, app.store(lambda: quizzes.start_quiz(collection, options.seed, options.practice, now))

        self.fetch(prepare, QuizStarted, retry=False, options=options)

    def on_work_failed(self, message: WorkFailed) -> None:
        if message.kind is QuizStarted:
            self.starting = False
            self._status("")

    def on_quiz_started(self, message: QuizStarted) -> None:
        (items, quiz_id), options = message.started, message.options
        self.starting = False
        if quiz_id is None:
            self._status("quiz.nothing")
            return
        from .quiz_run import QuizRunScreen

        self._status("")
        notes = {note.slug: note for note in self.material.notes}
        self.app.push_screen(QuizRunScreen(items, quiz_id, options, notes, self.material.repairs))

    def action_back(self) -> None:
        self.app.pop_screen()
