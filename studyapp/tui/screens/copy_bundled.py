"""`e` on a card of the bundled deck: the deck lives inside the installed program, so offer to copy it to the
data folder and edit the copy (importing the copy moves the deck there, history kept)."""
from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from studyapp.tui.base import StudyModal


class CopyBundledScreen(StudyModal):
    CSS_PATH = "../review.tcss"  # the help box's look
    BINDINGS = [
        Binding("y", "answer(True)", "review.copy_and_edit"),
        Binding("n", "answer(False)", "review.cancel"),
        Binding("escape", "answer(False)", "review.cancel", show=False),
    ]

    def __init__(self, bundled: Path, copy: Path):
        super().__init__()
        self.bundled = bundled
        self.copy = copy

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(self.t("review.copy_bundled_title"), id="help-title")
            yield Static(self.t("review.copy_bundled_body", bundled=self.bundled, copy=self.copy),
                         id="copy-bundled-text",
                         markup=False)

    def action_answer(self, copy: bool) -> None:
        self.dismiss(copy)
