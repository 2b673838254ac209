"""Stats: reviews per day, true retention, forecast, mastery per section, stability and difficulty."""
from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot

from studyapp.service import stats as figures
from studyapp.tui.base import StudyScreen
from studyapp.tui.widgets.cells import clip
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone

PLOTS = ("reviews", "forecast", "stability", "difficulty")
QUIZ_TYPES = ("cloze", "choice", "numeric", "truefalse", "free")  # studyapp.quiz.TYPES, without importing the graders


@dataclass(eq=False)
class DashboardRead(WorkDone):
    dashboard: figures.Dashboard


@dataclass(eq=False)
class QuizSummaryRead(WorkDone):
    summary: dict


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


class StatsScreen(StudyScreen):
    CSS_PATH = "../stats.tcss"  # loaded when the screen is first opened
    BINDINGS = [Binding("q", "back", "common.back"), Binding("escape", "back", "common.back", show=False)]

    def __init__(self):
        super().__init__()
        self.data: figures.Dashboard | None = None

    def compose(self) -> ComposeResult:
        t = self.t
        yield TitleBar()
        with VerticalScroll(id="stats-scroll"):
            with Grid(id="stats-grid"):
                for panel_id, title in (("reviews", "stats.reviews_per_day"), ("retention", "stats.true_retention"),
                                        ("forecast", "stats.forecast"), ("mastery", "stats.mastery"),
                                        ("stability", "stats.stability_hist"), ("difficulty", "stats.difficulty_hist")):
                    with Vertical(classes="stats-panel", id=f"panel-{panel_id}") as panel:
                        panel.border_title = t(title)
                        if panel_id in PLOTS:
                            yield PlotextPlot(id=f"plot-{panel_id}")
                        else:
                            yield Static(t("common.loading"), id=f"table-{panel_id}", classes="stats-table")
                with Vertical(classes="stats-panel", id="panel-quiz") as panel:
                    panel.border_title = self.t("quiz.stats_title")
                    yield Static(t("common.loading"), id="table-quiz", classes="stats-table")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.t("common.stats")
        self.query_one("#stats-scroll").focus()
        app = self.app
        now = app.now()
        self.fetch(lambda: figures.dashboard(app.collection, now), DashboardRead)
        self.fetch(lambda: figures.quiz_summary(app.collection, 30, now), QuizSummaryRead)

    def on_dashboard_read(self, message: DashboardRead) -> None:
        self._show(message.dashboard)

    def on_quiz_summary_read(self, message: QuizSummaryRead) -> None:
        self._show_quiz(message.summary)

    async def after_recompose(self) -> None:
        self.sub_title = self.t("common.stats")
        if self.data is not None:
            self._show(self.data)
        if getattr(self, "quiz", None) is not None:
            self._show_quiz(self.quiz)

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- drawing -----------------------------------------------------------------------------
    def _show(self, data: figures.Dashboard) -> None:
        self.data = data
        t = self.t
        days = [d.day.strftime("%m-%d") for d in data.reviews]
        passed = [d.total - d.again for d in data.reviews]
        again = [d.again for d in data.reviews]
        self._bars("reviews", days, [passed, again], [t("stats.passed"), t("common.again")])
        self._bars("forecast", [d.day.strftime("%m-%d") for d in data.forecast], [[d.value for d in data.forecast]])
        self._bars("stability", list(data.stability.labels), [list(data.stability.counts)])
        self._bars("difficulty", list(data.difficulty.labels), [list(data.difficulty.counts)])
        self.query_one("#table-retention", Static).update(self._retention_table(data.retention))
        self.query_one("#table-mastery", Static).update(self._mastery_table(data.mastery))

    def _bars(self, name: str, labels: list[str], series: list[list[int]], legend: list[str] | None = None) -> None:
        widget = self.query_one(f"#plot-{name}", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        if len(series) == 1:
            plt.bar(labels, series[0])
        else:
            plt.stacked_bar(labels, series, labels=legend)
        peak = max((sum(values) for values in zip(*series)), default=0)
        ticks = sorted({round(peak * i / 4) for i in range(5)})
        plt.yticks(ticks, [str(tick) for tick in ticks])
        if len(labels) > 12:
            step = max(1, len(labels) // 5)
            plt.xticks(list(range(1, len(labels) + 1, step)), labels[::step])
        widget.refresh()

    def _retention_table(self, rows: tuple[figures.Retention, ...]) -> Table:
        t = self.t
        table = Table(box=None, header_style="bold", pad_edge=False)
        for label in ("stats.period", "stats.young", "stats.mature", "stats.all", "stats.cards_axis"):
            table.add_column(t(label), justify="left" if label == "stats.period" else "right", no_wrap=True)
        for row in rows:
            table.add_row(t("stats.last_days", n=row.days), _percent(row.young), _percent(row.mature),
                          _percent(row.overall), str(row.overall_n))
        return table

    def _mastery_table(self, rows: tuple[figures.SectionMastery, ...]) -> Table:
        t = self.t
        table = Table(box=None, header_style="bold", pad_edge=False)
        table.add_column(t("browse.col_section"), no_wrap=True)
        table.add_column(t("stats.col_studied"), justify="right", no_wrap=True)
        table.add_column(t("stats.col_mastery"), no_wrap=True)
        for row in sorted(rows, key=lambda r: -r.cards)[:12]:
            filled = round(row.mean_r * 10)
            bar = Text(f"{row.mean_r:>4.0%} ") + Text("█" * filled, style="green") + Text("░" * (10 - filled), style="dim")
            table.add_row(clip(row.section or "–", 18), f"{row.studied}/{row.cards}", bar)
        return table

    # -- quiz ------------------------------------------------------------------------------------
    def _show_quiz(self, summary: dict) -> None:
        self.quiz = summary
        widget = self.query_one("#table-quiz", Static)
        if not summary:
            widget.update(self.t("quiz.stats_none"))
            return
        table = Table(box=None, header_style="bold", pad_edge=False)
        for key in ("quiz.stats_type", "quiz.stats_answers", "quiz.stats_correct", "quiz.stats_overridden"):
            table.add_column(self.t(key), justify="left" if key == "quiz.stats_type" else "right", no_wrap=True)
        lines = [(self.t(f"quiz.type_{kind}"), summary[kind]) for kind in QUIZ_TYPES if kind in summary]
        total = {name: sum(row[name] for _, row in lines) for name in ("answers", "correct", "overridden")}
        for label, row in [*lines, (self.t("stats.all"), total)]:
            right = f"{row['correct']} ({row['correct'] / row['answers']:.0%})" if row["answers"] else "0"
            table.add_row(label, str(row["answers"]), right, str(row["overridden"]),
                          style="bold" if row is total else "")
        widget.update(table)
