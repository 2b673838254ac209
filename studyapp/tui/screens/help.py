"""`?` in review: the keys."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from studyapp.tui.base import StudyModal


class HelpScreen(StudyModal):
    CSS_PATH = "../review.tcss"  # loaded when the screen is first opened
    BINDINGS = [
        Binding("escape", "close", "help.close"),
        Binding("q", "close", "help.close", show=False),
        Binding("question_mark", "close", "help.close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(self.t("help.help_title"), id="help-title")
            yield Static(self.t("help.help_review"), id="help-text", markup=False)

    def action_close(self) -> None:
        self.dismiss()
