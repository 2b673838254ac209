"""Scores of past interviews, one line per section (per topic when every session had one section)."""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual_plotext import PlotextPlot

from studyapp.service import interview as interviews
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone

from .interview_base import InterviewScreen


@dataclass(eq=False)
class HistoryRead(WorkDone):
    history: list[interviews.SessionSummary]


def series(history) -> tuple[str, dict[str, list[tuple[int, float]]]]:
    """("section" | "topic", name -> [(session number, score in %)])."""
    sections = {name for s in history for name in s.by_section}
    by = "section" if len(sections) > 1 else "topic"
    out: dict[str, list[tuple[int, float]]] = {}
    for number, session in enumerate(history, 1):
        scores = session.by_section if by == "section" else session.by_topic
        for name, score in scores.items():
            out.setdefault(name, []).append((number, round(score * 100, 1)))
    return by, out


class InterviewHistoryScreen(InterviewScreen):
    BINDINGS = [Binding("q", "back", "interview.back"), Binding("escape", "back", "interview.back", show=False)]

    def __init__(self, collection=None, clock=None):
        super().__init__(collection, clock)
        self.history = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self.t("interview.history_title"), id="iv-history-title", classes="iv-title")
        yield PlotextPlot(id="iv-history-plot")
        yield KeyBar()

    def on_mount(self) -> None:
        collection = self.collection
        self.fetch(lambda: interviews.history(collection), HistoryRead)

    def on_history_read(self, message: HistoryRead) -> None:
        self.show(message.history)

    async def after_recompose(self) -> None:
        if self.history is not None:
            self.show(self.history)

    def show(self, history) -> None:
        self.history = history
        if not history:
            self.query_one("#iv-history-title", Static).update(self.t("interview.no_sessions"))
            return
        by, lines = series(history)
        self.query_one("#iv-history-title", Static).update(f"{self.t('interview.history_title')} ({by})")
        plt = self.query_one(PlotextPlot).plt
        plt.clear_data()
        plt.title("")
        for name, points in sorted(lines.items()):
            xs, ys = zip(*points)
            plt.plot(list(xs), list(ys), label=name, marker="braille")
        plt.ylim(0, 100)
        plt.xticks(range(1, len(history) + 1), [s.started_at.strftime("%m-%d") for s in history])
        plt.ylabel("%")
        self.query_one(PlotextPlot).refresh()

    def action_back(self) -> None:
        self.app.pop_screen()
