"""Shown over everything while the terminal is smaller than the layout needs."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen):
    CSS_PATH = "../review.tcss"  # loaded when the screen is first opened

    def __init__(self, min_width: int, min_height: int):
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        yield Static(self._message(*self.app.size), id="too-small")

    def _message(self, width: int, height: int) -> str:
        return self.app.t("fault.too_small", w=self.min_width, h=self.min_height, cw=width, ch=height)

    def show_size(self, width: int, height: int) -> None:
        if self.is_mounted:
            self.query_one("#too-small", Static).update(self._message(width, height))
