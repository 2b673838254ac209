"""A checkbox whose box is empty while it is off.

Textual's Checkbox draws "▐X▌" in both states and only dims the X when off, which reads as ticked in many
themes and terminals."""
from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual reads the class constant's name
        return "X" if self.value else " "
