"""Vertical bars drawn with block characters: light enough for the home screen."""
from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"


class Bars(Widget):
    DEFAULT_CSS = "Bars { height: 7; }"

    def __init__(self, rows: int = 5, color: str = "#58a6ff", **kwargs):
        super().__init__(**kwargs)
        self.values: tuple[int, ...] = ()
        self.labels: tuple[str, ...] = ()
        self.rows = rows
        self.color = color

    def show(self, values, labels=()) -> None:
        """values: one per bar; labels: (index, text) pairs written under the bars."""
        self.values = tuple(values)
        self.labels = tuple(labels)
        self.refresh()

    def render(self) -> Text:
        if not self.values:
            return Text("")
        peak = max(self.values) or 1
        axis = len(str(peak)) + 1
        out = Text(no_wrap=True)
        for row in range(self.rows, 0, -1):
            tick = str(peak) if row == self.rows else ("0" if row == 1 and peak == 0 else "")
            out.append(f"{tick:>{axis - 1}} ", style="dim")
            for value in self.values:
                eighths = round(8 * self.rows * value / peak)
                filled = eighths - 8 * (row - 1)
                out.append(BLOCKS[max(0, min(8, filled))] * 2, style=self.color)
            out.append("\n")
        under = [" "] * (2 * len(self.values) + 8)
        for index, text in self.labels:
            start = 2 * index
            for offset, char in enumerate(text):
                if start + offset < len(under):
                    under[start + offset] = char
        out.append(" " * axis + "".join(under).rstrip(), style="dim")
        return out
