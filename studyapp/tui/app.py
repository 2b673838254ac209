"""The Textual app: one factory, `create_app`, serves the CLI, the tests and the benchmarks."""
from __future__ import annotations

import asyncio
import importlib
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from studyapp.service import study
from studyapp.service.card_labs import NO_LABS, CardLabs
from studyapp.service.collection import Collection
from studyapp.service.errors import classify, is_database_locked
from studyapp.service.study import as_utc, utcnow
from studyapp.tui import cjk_wrap
from studyapp.tui.first_data import READERS, SWITCH_INTERVAL_S, resume_collector
from studyapp.tui.i18n import tr

MIN_WIDTH, MIN_HEIGHT = 60, 16
LOCK_RETRIES = 12  # each try already waits the engine's busy timeout first
START_SCREENS = tuple(READERS)

# name -> (module under studyapp.tui.screens, class): imported on first use so start-up stays light
SCREENS = {
    "home": ("home", "HomeScreen"),
    "review": ("review", "ReviewScreen"),
    "browse": ("browse", "BrowseScreen"),
    "stats": ("stats", "StatsScreen"),
    "settings": ("settings", "SettingsScreen"),
    "quiz": ("quiz_setup", "QuizSetupScreen"),
    "labs": ("lab_list", "LabsScreen"),
    "interview": ("interview_setup", "InterviewSetupScreen"),
}
# A start screen's own stylesheet, read with the app's at start-up: read when the screen is made, it would make
# Textual parse every stylesheet a second time (tens of milliseconds before `studyapp review` shows a card).
START_CSS = {"review": "review.tcss"}
PALETTE = ("home", "review", "quiz", "labs", "interview", "browse", "stats", "settings")


class StudyApp(App):
    TITLE = "studyapp"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        # ctrl+c quits everywhere; an answer is committed the moment it is given, so nothing is lost.
        Binding("ctrl+c", "quit", "common.quit", show=False, priority=True),
    ]

    def __init__(self, collection: Collection, clock: Callable[[], datetime] | None = None, settings=None,
                 lock_retry_delay: float = 0.5, start: str | Screen = "home", first_data: Future | None = None,
                 labs: CardLabs = NO_LABS):
        """start: a start screen (START_SCREENS: the bottom of the stack), or another screen of SCREENS or a
        Screen, opened over Home (q goes back to Home). first_data: the start screen's data, already being read
        (studyapp.tui.first_data). labs: which lab each card's note has (the CLI passes the installed
        catalogue; tests pass their own or none)."""
        super().__init__()
        cjk_wrap.install()
        if isinstance(start, str) and start not in SCREENS:
            raise ValueError(f"start must be one of {', '.join(SCREENS)} or a screen, not {start!r}")
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.start = start if start in START_SCREENS else "home"
        self._opened_over_home = None if start in START_SCREENS else start
        if start in START_CSS:
            self.css_path = [*self.css_path, (Path(__file__).parent / START_CSS[start]).resolve()]
        self._first_data = first_data
        self.collection = collection
        self.labs = labs
        self.clock = clock or utcnow
        self.settings = settings or study.settings(collection)
        self.language = self.settings.language
        self.lock_retry_delay = lock_retry_delay
        self._too_small = None
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- shared services ---------------------------------------------------------------------
    def now(self) -> datetime:
        return as_utc(self.clock())

    def t(self, key: str, /, default: str | None = None, **values) -> str:
        return tr(self.language, key, default=default, **values)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Notifications carry file names, error messages and document text: always shown as plain text."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def store(self, job: Callable[[], Any]) -> Any:
        """Run a store call (from a worker thread); a locked database is retried with a visible notice."""
        delay = self.lock_retry_delay
        for attempt in range(1, LOCK_RETRIES + 1):
            try:
                return job()
            except Exception as error:
                if not is_database_locked(error) or attempt == LOCK_RETRIES:
                    raise
                self._notify_from_thread(self.t("fault.db_locked", n=attempt))
                time.sleep(delay)
                delay = min(delay * 2, 4.0)
        raise AssertionError("unreachable")

    def describe_error(self, error: Exception) -> str:
        """A failed store call in the user's words: the collection's fault when it is one, else the error."""
        fault = classify(error, self.collection.db_path)
        return str(fault or error)

    def _notify_from_thread(self, message: str) -> None:
        try:
            self.call_from_thread(self.notify, message, severity="warning", timeout=4)
        except RuntimeError:  # the app is closing
            pass

    def take_first_data(self, screen: str) -> Future | None:
        """The start screen's data read ahead of the app, handed out once."""
        if screen != self.start or self._first_data is None:
            return None
        future, self._first_data = self._first_data, None
        return future

    # -- screens -----------------------------------------------------------------------------
    def make_screen(self, name: str, *args, **kwargs) -> Screen:
        module_name, class_name = SCREENS[name]
        module = importlib.import_module(f"studyapp.tui.screens.{module_name}")
        return getattr(module, class_name)(*args, **kwargs)

    def open_screen(self, name: str) -> Screen:
        """A screen made and, if it reads its data up front, already reading (before it is composed)."""
        screen = self.make_screen(name)
        preload = getattr(screen, "preload", None)
        if preload is not None:
            preload()
        return screen

    def action_open(self, name: str) -> None:
        if name == "home":
            home = SCREENS["home"][1]
            while len(self.screen_stack) > 1 and type(self.screen).__name__ != home:
                self.pop_screen()
            if type(self.screen).__name__ != home:  # started on review: Home goes on top of it
                self.push_screen(self.open_screen("home"))
            return
        if name != "interview" and type(self.screen).__name__ == SCREENS[name][1]:
            return
        self.push_screen(self.open_screen(name))

    def get_default_screen(self) -> Screen:
        """The start screen (Home, or Review for `studyapp review`) is the bottom of the stack.
        Textual reads a screen's CSS_PATH when the screen is pushed, not for the default screen: without
        START_CSS (or, failing that, the read here) `studyapp review` draws the review screen without its
        stylesheet."""
        screen = self.open_screen(self.start)
        self._load_screen_css(screen)
        return screen

    def on_mount(self) -> None:
        self.call_after_refresh(self._check_size)
        self.call_after_refresh(resume_collector)  # paused for the start by `studyapp` (first_data)

    def on_ready(self) -> None:
        opened, self._opened_over_home = self._opened_over_home, None
        if opened is not None:
            self.push_screen(opened if isinstance(opened, Screen) else self.open_screen(opened))

    def on_resize(self, event) -> None:
        self._check_size(event.size)

    def _check_size(self, size=None) -> None:
        from studyapp.tui.screens.too_small import TooSmallScreen

        if not self.screen_stack:  # before Home is up
            return
        width, height = size or self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmallScreen(MIN_WIDTH, MIN_HEIGHT)
            self.push_screen(self._too_small)
        elif small:
            self._too_small.show_size(width, height)
        elif self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if screen in self.screen_stack:
                screen.dismiss()

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        self.language = language
        for screen in self.screen_stack:
            retranslate = getattr(screen, "retranslate", None)
            if retranslate is not None:
                self.call_later(retranslate)

    # -- command palette ---------------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for name in PALETTE:
            yield SystemCommand(self.t(f"common.{name}"), self.t(f"palette.{name}"), partial(self.action_open, name))
        yield SystemCommand(self.t("common.quit"), self.t("palette.quit"), self.action_quit)
        for command in super().get_system_commands(screen):
            if command.title != "Quit":  # Textual's own commands, in the app's language where it has them
                yield command._replace(title=self.t(f"sys.{command.title}", default=command.title),
                                       help=self.t(f"sys.help.{command.help}", default=command.help))

    async def action_quit(self) -> None:
        # An answer being written in a worker is let finish, so quitting never loses it.
        try:
            await asyncio.wait_for(self.workers.wait_for_complete(), timeout=10)
        except asyncio.TimeoutError:
            pass
        self.exit()


def create_app(collection: Collection, clock: Callable[[], datetime] | None = None, start: str | Screen = "home",
               **kwargs) -> StudyApp:
    """The app over an open collection, for `studyapp`, `studyapp review`, `studyapp interview`, the tests and
    the benchmarks. start: "home", "review" (the bottom of the stack), another name of SCREENS or a Screen
    (opened over Home). `clock` (returning an aware datetime) fixes time for tests."""
    return StudyApp(collection, clock=clock, start=start, **kwargs)
