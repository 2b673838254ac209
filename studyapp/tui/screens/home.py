"""Home: today's counts, the streak, a 26-week heatmap, a 30-day forecast, one key per entry.

The counts and the streak are cheap at any size and come first; the two charts (which count up to half a year
of answers) follow from the same worker a moment later, so the first frame does not wait for them."""
from __future__ import annotations

import importlib
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Static
from textual.worker import get_current_worker

from studyapp.service import study

if TYPE_CHECKING:
    from studyapp.service.card_labs import CardLabs
    from studyapp.service.collection import Collection
    from studyapp.service.stats import DayValue, Heatmap
from studyapp.tui.base import StudyScreen
from studyapp.tui.widgets.bars import Bars
from studyapp.tui.widgets.heatmap import Heatmap
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone

ENTRIES = (("r", "review"), ("z", "quiz"), ("l", "labs"), ("i", "interview"), ("b", "browse"), ("s", "stats"),
           (",", "settings"))


@dataclass(frozen=True)
class HomeData:
    summary: study.Today
    heatmap: Heatmap | None = None  # None until the charts arrive
    forecast: tuple[DayValue, ...] | None = None


@dataclass(eq=False)
class HomeRead(WorkDone):
    """Today's counts (first, without charts), then everything."""

    data: HomeData


def warm_review(collection: Collection, now, labs: CardLabs) -> None:
    """Import the review screen and run one read-only review step (fsrs, the labs index, the scheduler), so
    that they are loaded before the learner presses `r`. A failure here only means no head start: the review
    screen reports its own."""
    try:
        importlib.import_module("studyapp.tui.screens.review")
        study.review_step(collection, now, labs=labs)
    except Exception:  # noqa: BLE001 - a warm-up is optional by nature
        return


class HomeScreen(StudyScreen):
    BINDINGS = [
        Binding("r", "app.open('review')", "common.review"),
        Binding("z", "app.open('quiz')", "common.quiz"),
        Binding("l", "app.open('labs')", "common.labs"),
        Binding("i", "app.open('interview')", "common.interview"),
        Binding("b", "app.open('browse')", "common.browse"),
        Binding("s", "app.open('stats')", "common.stats"),
        Binding("comma", "app.open('settings')", "common.settings"),
        Binding("q", "app.quit", "common.quit"),
    ]

    def __init__(self):
        super().__init__()
        self.data: HomeData | None = None
        self._warmed = False
        self._preloaded = False
        self._first: Future | None = None  # today's counts, read ahead of the app

    def compose(self) -> ComposeResult:
        t = self.t
        yield TitleBar()
        with Vertical(id="home-body"):
            with Horizontal(id="counts"):
                for key in ("due", "new", "learning", "streak"):
                    yield Static(self._tile(key, "–"), classes="count", id=f"{key}-value")
            yield Static(t("common.loading"), id="today-line")
            yield Static("", id="heatmap-title", classes="section-title")
            weekdays = tuple(t("home.weekdays").split(","))
            yield Heatmap(weekday_labels=weekdays, legend=(t("home.less"), t("home.more")), id="heatmap")
            yield Static("", id="forecast-title", classes="section-title")
            yield Bars(id="forecast")
            yield Static("   ".join(f"[b]{key}[/b] {t(f'common.{name}')}" for key, name in ENTRIES), id="menu")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "studyapp"
        self.sub_title = self.t("common.home")
        first, self._first = self._first, None
        if self.data is None and first is not None and first.done() and first.exception() is None:
            self.data = HomeData(first.result())  # read while the screen was composed: shown by the first frame
        if self.data is not None:
            self._show(self.data)

    def preload(self) -> None:
        """Start reading before the screen is composed (the app does so for the screens it opens): the counts
        are usually there for the first frame. As the start screen, they may have been read already."""
        self._preloaded = True
        first = self._first = self.app.take_first_data("home")
        if first is not None and first.done() and first.exception() is None:
            self.data = HomeData(first.result())
        self._load(self.app.now(), first)

    def on_screen_resume(self) -> None:
        if self._preloaded:  # the first resume: already loading
            self._preloaded = False
            return
        self.reload()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("common.home")
        if self.data is not None:
            self._show(self.data)

    def reload(self) -> None:
        self._load(self.app.now())

    def _load(self, now, first: Future | None = None) -> None:
        """Counts first (shown at once), then the charts; a failure is reported as every store call's is.
        `first`: the counts being read ahead of the app."""
        self.fetch(lambda: self._read(now, first), HomeRead, retry=False, group="home", exclusive=True)

    def _read(self, now, first: Future | None) -> HomeData:
        """In the worker: the counts are posted as soon as they are read, the charts are returned."""
        app = self.app
        collection = app.collection
        summary = first.result() if first is not None else app.store(lambda: study.today(collection, now))
        if get_current_worker().is_cancelled:
            return HomeData(summary)
        if self.data is None or self.data.summary != summary:
            self.post_message(HomeRead(HomeData(summary)))
        if not self._warmed:  # while the learner reads Home: what `r` will need, loaded and compiled
            self._warmed = True
            self._wait_until_drawn()
            warm_review(collection, now, app.labs)
        from studyapp.service.stats import home_charts  # imported here: the first frame does not wait for it

        heatmap, forecast = app.store(lambda: home_charts(collection, now))
        return HomeData(summary, heatmap, forecast)

    def on_home_read(self, message: HomeRead) -> None:
        """A message waits for the screen's mount (counts already there were shown by on_mount)."""
        if message.data != self.data:
            self._show(message.data)

    def _wait_until_drawn(self, timeout: float = 2.0) -> None:
        """Block this worker until the screen has drawn what it holds: work started sooner (the warm-up, the
        charts) would take turns with the first frame for the interpreter and delay it (bench/tui_startup_tmux.py)."""
        drawn = threading.Event()
        try:
            self.app.call_from_thread(self.call_after_refresh, drawn.set)
        except RuntimeError:  # the app is closing
            return
        drawn.wait(timeout)

    def _tile(self, key: str, value: str) -> str:
        """One count: its label over its value, in one widget (a widget per line costs start-up time)."""
        color = "$success" if key == "due" else "$accent"  # the label takes the muted colour of the tile's CSS
        return f"{escape(self.t(f'home.{key}'))}\n[b {color}]{escape(value)}[/]"

    def _show(self, data: HomeData) -> None:
        self.data = data
        s = data.summary
        t = self.t
        for key, value in (("due", str(s.due_today)), ("new", str(s.new_today)), ("learning", str(s.learning)),
                           ("streak", t("home.days", n=s.streak_days))):
            self.query_one(f"#{key}-value", Static).update(self._tile(key, value))
        self.query_one("#today-line", Static).update(t("home.reviews_today", n=s.reviews_today))
        if data.heatmap is None or data.forecast is None:
            return
        self.query_one("#heatmap-title", Static).update(t("home.heatmap_title", n=data.heatmap.total))
        self.query_one("#heatmap", Heatmap).show(data.heatmap)
        values = [d.value for d in data.forecast]
        self.query_one("#forecast-title", Static).update(t("home.forecast_title", n=sum(values)))
        labels = [(0, "^" + t("home.today"))] + [(i, f"+{i}") for i in (7, 14, 21, 28) if i < len(values)]
        self.query_one("#forecast", Bars).show(values, labels)

    @property
    def charts_shown(self) -> bool:
        return self.data is not None and self.data.heatmap is not None
