"""Home: today's counts, the streak, a 26-week heatmap, a 30-day forecast, one key per entry."""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Static

from studyapp.store import charts
from studyapp.tui.base import StudyScreen
from studyapp.tui.widgets.bars import Bars
from studyapp.tui.widgets.heatmap import Heatmap

ENTRIES = (("r", "review"), ("z", "quiz"), ("l", "labs"), ("i", "interview"), ("b", "browse"), ("s", "stats"),
           (",", "settings"))


@dataclass(frozen=True)
class HomeData:
    summary: object  # StatsSummary
    heatmap: charts.Heatmap
    forecast: tuple[charts.DayValue, ...]


def load_home(collection, now) -> HomeData:
    return HomeData(collection.stats(now), charts.heatmap(collection, now), charts.forecast(collection, now))


class HomeScreen(StudyScreen):
    BINDINGS = [
        Binding("r", "app.open('review')", "review"),
        Binding("z", "app.open('quiz')", "quiz"),
        Binding("l", "app.open('labs')", "labs"),
        Binding("i", "app.open('interview')", "interview"),
        Binding("b", "app.open('browse')", "browse"),
        Binding("s", "app.open('stats')", "stats"),
        Binding("comma", "app.open('settings')", "settings"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self):
        super().__init__()
        self.data: HomeData | None = None

    def compose(self) -> ComposeResult:
        t = self.t
        yield Header()
        with Vertical(id="home-body"):
            with Horizontal(id="counts"):
                for key in ("due", "new", "learning", "streak"):
                    with Vertical(classes="count", id=f"count-{key}"):
                        yield Static(t(key), classes="count-label")
                        yield Static("–", classes="count-value", id=f"{key}-value")
            yield Static(t("loading"), id="today-line")
            yield Static("", id="heatmap-title", classes="section-title")
            weekdays = tuple(t("weekdays").split(","))
            yield Heatmap(weekday_labels=weekdays, legend=(t("less"), t("more")), id="heatmap")
            yield Static("", id="forecast-title", classes="section-title")
            yield Bars(id="forecast")
            with Horizontal(id="menu"):
                for key, name in ENTRIES:
                    yield Static(f"[b]{key}[/b] {t(name)}", classes="menu-entry", id=f"menu-{name}")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = self.t("home")
        if self.data is not None:
            self._show(self.data)

    def on_screen_resume(self) -> None:
        self.reload()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("home")
        if self.data is not None:
            self._show(self.data)

    def reload(self) -> None:
        app = self.app
        now = app.now()
        self.fetch(lambda: load_home(app.collection, now), self._show)

    def _show(self, data: HomeData) -> None:
        self.data = data
        s = data.summary
        t = self.t
        self.query_one("#due-value", Static).update(str(s.due_today))
        self.query_one("#new-value", Static).update(str(s.new_today))
        self.query_one("#learning-value", Static).update(str(s.learning))
        self.query_one("#streak-value", Static).update(t("days", n=s.streak_days))
        self.query_one("#today-line", Static).update(t("reviews_today", n=s.reviews_today))
        self.query_one("#heatmap-title", Static).update(t("heatmap_title", n=data.heatmap.total))
        self.query_one("#heatmap", Heatmap).show(data.heatmap)
        values = [d.value for d in data.forecast]
        self.query_one("#forecast-title", Static).update(t("forecast_title", n=sum(values)))
        labels = [(0, "^" + t("today"))] + [(i, f"+{i}") for i in (7, 14, 21, 28) if i < len(values)]
        self.query_one("#forecast", Bars).show(values, labels)
