"""Home: today's counts, the streak, a 26-week heatmap, a 30-day forecast, one key per entry.

The counts and the streak are cheap at any size and come first; the two charts (which count up to half a year
of answers) follow from the same worker a moment later, so the first frame does not wait for them."""
from __future__ import annotations

import importlib
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Static
from textual.worker import get_current_worker

from studyapp.store import stats

if TYPE_CHECKING:
    from studyapp.store import home_charts
from studyapp.tui.base import StudyScreen
from studyapp.tui.widgets.bars import Bars
from studyapp.tui.widgets.heatmap import Heatmap
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar

ENTRIES = (("r", "review"), ("z", "quiz"), ("l", "labs"), ("i", "interview"), ("b", "browse"), ("s", "stats"),
           (",", "settings"))


@dataclass(frozen=True)
class HomeData:
    summary: stats.Today
    heatmap: home_charts.Heatmap | None = None  # None until the charts arrive
    forecast: tuple[home_charts.DayValue, ...] | None = None


def warm_review(collection, now) -> None:
    """Import the review screen and run one read-only review step (fsrs, the labs index, the scheduler), so
    that they are loaded before the learner presses `r`. A failure here only means no head start: the review
    screen reports its own."""
    try:
        from studyapp.store.review_step import review_step

        importlib.import_module("studyapp.tui.screens.review")
        review_step(collection, now)
    except Exception:  # noqa: BLE001 - a warm-up is optional by nature
        return


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
        self._warmed = False
        self._preloaded = False
        self._mounted = False

    def compose(self) -> ComposeResult:
        t = self.t
        yield TitleBar()
        with Vertical(id="home-body"):
            with Horizontal(id="counts"):
                for key in ("due", "new", "learning", "streak"):
                    yield Static(self._tile(key, "–"), classes="count", id=f"{key}-value")
            yield Static(t("loading"), id="today-line")
            yield Static("", id="heatmap-title", classes="section-title")
            weekdays = tuple(t("weekdays").split(","))
            yield Heatmap(weekday_labels=weekdays, legend=(t("less"), t("more")), id="heatmap")
            yield Static("", id="forecast-title", classes="section-title")
            yield Bars(id="forecast")
            yield Static("   ".join(f"[b]{key}[/b] {t(name)}" for key, name in ENTRIES), id="menu")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = self.t("home")
        self._mounted = True
        if self.data is not None:
            self._show(self.data)

    def preload(self) -> None:
        """Start reading before the screen is composed (the app does so for the screens it opens): the counts
        are usually there for the first frame. As the start screen, they may have been read already."""
        self._preloaded = True
        first = self.app.take_first_data("home")
        if first is not None and first.done() and first.exception() is None:
            self.data = HomeData(first.result())
        self._load(self.app.now(), first)

    def on_screen_resume(self) -> None:
        if self._preloaded:  # the first resume: already loading
            self._preloaded = False
            return
        self.reload()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("home")
        if self.data is not None:
            self._show(self.data)

    def reload(self) -> None:
        self._load(self.app.now())

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load(self, now, first: Future | None = None) -> None:
        """Counts first (shown at once), then the charts; a failure is reported as every store call's is.
        `first`: the counts being read ahead of the app."""
        app, worker = self.app, get_current_worker()
        collection = app.collection
        try:
            summary = first.result() if first is not None else app.store(lambda: stats.today(collection, now))
            if worker.is_cancelled:
                return
            if self.data is None or self.data.summary != summary:
                app.call_from_thread(self._arrive, HomeData(summary))
            if not self._warmed:  # while the learner reads Home: what `r` will need, loaded and compiled
                self._warmed = True
                self._wait_until_drawn()
                warm_review(collection, now)
            from studyapp.store.home_charts import home_charts  # imported here: the first frame does not wait for it

            heatmap, forecast = app.store(lambda: home_charts(collection, now))
        except Exception as error:  # reported on screen: a worker must not take the app down
            if not worker.is_cancelled:
                app.call_from_thread(self._report_failure, error, None)
            return
        if not worker.is_cancelled:
            app.call_from_thread(self._arrive, HomeData(summary, heatmap, forecast))

    def _wait_until_drawn(self, timeout: float = 2.0) -> None:
        """Block this worker until the screen has drawn what it holds: work started sooner (the warm-up, the
        charts) would take turns with the first frame for the interpreter and delay it (bench/tui_startup_tmux.py)."""
        drawn = threading.Event()
        try:
            self.app.call_from_thread(self.call_after_refresh, drawn.set)
        except RuntimeError:  # the app is closing
            return
        drawn.wait(timeout)

    def _arrive(self, data: HomeData) -> None:
        """Kept until the screen is mounted (a preload may finish first), shown at once after that."""
        if self._mounted:
            self._show(data)
        else:
            self.data = data

    def _tile(self, key: str, value: str) -> str:
        """One count: its label over its value, in one widget (a widget per line costs start-up time)."""
        color = "$success" if key == "due" else "$accent"  # the label takes the muted colour of the tile's CSS
        return f"{escape(self.t(key))}\n[b {color}]{escape(value)}[/]"

    def _show(self, data: HomeData) -> None:
        self.data = data
        s = data.summary
        t = self.t
        for key, value in (("due", str(s.due_today)), ("new", str(s.new_today)), ("learning", str(s.learning)),
                           ("streak", t("days", n=s.streak_days))):
            self.query_one(f"#{key}-value", Static).update(self._tile(key, value))
        self.query_one("#today-line", Static).update(t("reviews_today", n=s.reviews_today))
        if data.heatmap is None or data.forecast is None:
            return
        self.query_one("#heatmap-title", Static).update(t("heatmap_title", n=data.heatmap.total))
        self.query_one("#heatmap", Heatmap).show(data.heatmap)
        values = [d.value for d in data.forecast]
        self.query_one("#forecast-title", Static).update(t("forecast_title", n=sum(values)))
        labels = [(0, "^" + t("today"))] + [(i, f"+{i}") for i in (7, 14, 21, 28) if i < len(values)]
        self.query_one("#forecast", Bars).show(values, labels)

    @property
    def charts_shown(self) -> bool:
        return self.data is not None and self.data.heatmap is not None
