"""A calendar heatmap of answers per day: one column per week, one row per weekday."""
from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widget import Widget

LEVEL_COLORS = ("#2d333b", "#0e4429", "#006d32", "#26a641", "#39d353")


def level(count: int, peak: int) -> int:
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // max(peak, 1))


class Heatmap(Widget):
    DEFAULT_CSS = "Heatmap { height: 9; width: auto; }"

    def __init__(self, weekday_labels: tuple[str, ...] = ("Mon", "", "Wed", "", "Fri", "", ""),
                 legend: tuple[str, str] = ("less", "more"), **kwargs):
        super().__init__(**kwargs)
        self.data = None
        self.weekday_labels = weekday_labels
        self.legend = legend

    def show(self, data) -> None:
        self.data = data
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        if self.data is None:
            return 10
        weeks = (self.data.last - self.data.first).days // 7 + 1
        return 5 + 2 * weeks

    def render(self) -> Text:
        data = self.data
        if data is None:
            return Text("")
        weeks = (data.last - data.first).days // 7 + 1
        out = Text(no_wrap=True)
        months = [" "] * (2 * weeks)
        previous = None
        for week in range(weeks):
            monday = data.first + timedelta(days=7 * week)
            if monday.month != previous:
                label = f"{monday.month}"
                if 2 * week + len(label) <= len(months):
                    months[2 * week:2 * week + len(label)] = list(label)
                previous = monday.month
        out.append("     " + "".join(months) + "\n", style="dim")
        peak = data.peak
        for weekday in range(7):
            label = self.weekday_labels[weekday] if weekday < len(self.weekday_labels) else ""
            out.append(f"{label:<4} "[:5] if label.isascii() else f"{label:<3} ", style="dim")
            for week in range(weeks):
                day = data.first + timedelta(days=7 * week + weekday)
                if day > data.last:
                    out.append("  ")
                    continue
                color = LEVEL_COLORS[level(data.counts.get(day, 0), peak)]
                out.append("■ ", style=color)
            out.append("\n")
        out.append(f"     {self.legend[0]} ", style="dim")
        for color in LEVEL_COLORS:
            out.append("■ ", style=color)
        out.append(self.legend[1], style="dim")
        return out
