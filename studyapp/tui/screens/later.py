"""Quiz, labs and interview: their own issues fill these in; each already has its key and palette entry."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from studyapp.tui.base import StudyScreen


class LaterScreen(StudyScreen):
    NAME = ""
    BINDINGS = [Binding("q", "app.pop_screen", "back"), Binding("escape", "app.pop_screen", "back", show=False)]

    def __init__(self, lab: str | None = None):
        super().__init__()
        self.lab = lab

    def compose(self) -> ComposeResult:
        name = self.t(self.NAME)
        yield Header()
        with Vertical(classes="later"):
            yield Static(self.t("later_title", name=name), classes="later-title")
            yield Static(self.t("later_body", name=name), classes="later-body")
            if self.lab:
                yield Static(self.t("later_lab", lab=self.lab), classes="later-body", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.t(self.NAME)


class QuizScreen(LaterScreen):
    NAME = "quiz"


class LabsScreen(LaterScreen):
    NAME = "labs"


class InterviewScreen(LaterScreen):
    NAME = "interview"
