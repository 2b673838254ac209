"""The one worker helper (studyapp/tui/workers.py): results reach the screen as typed messages, a failure goes
one way to one notification in the user's words, and nothing reaches a screen that has gone."""
from __future__ import annotations

import errno
import sqlite3
import threading
from dataclasses import dataclass

from textual.widgets import Static

from studyapp.tui.base import StudyScreen
from studyapp.tui.workers import WorkDone, WorkFailed
from tests.ui.conftest import settle


@dataclass(eq=False)
class Counted(WorkDone):
    value: int
    tag: str


class Probe(StudyScreen):
    """A screen that runs one job and keeps what reaches it."""

    def __init__(self, job, **fields):
        super().__init__()
        self.job, self.fields = job, fields
        self.got: list[tuple[int, str]] = []
        self.failures: list[WorkFailed] = []

    def compose(self):
        yield Static("probe")

    def on_mount(self) -> None:
        self.fetch(self.job, Counted, retry=False, **self.fields)

    def on_counted(self, message: Counted) -> None:
        self.got.append((message.value, message.tag))

    def on_work_failed(self, message: WorkFailed) -> None:
        self.failures.append(message)


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_result_arrives_as_its_typed_message_with_the_fields_given(col, app_for):
    probe = Probe(lambda: 41 + 1, tag="asked")
    app = app_for(col, start=probe)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen is probe
        assert probe.got == [(42, "asked")] and probe.failures == []


async def test_a_failed_job_is_one_notification_in_the_users_words(col, app_for):
    def locked():
        raise sqlite3.OperationalError("database is locked")

    probe = Probe(locked, tag="")
    app = app_for(col, start=probe)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen is probe  # the app runs on
        assert [f.kind for f in probe.failures] == [Counted] and probe.got == []
        shown = messages(app)
        assert len(shown) == 1, shown
        assert "Could not read or write the collection" in shown[0]
        assert "another studyapp is writing to this collection" in shown[0]  # the fault, not sqlite's words
        assert "Traceback" not in shown[0] and "OperationalError" not in shown[0]


async def test_a_screen_that_shows_a_failure_itself_prevents_the_notification(col, app_for, monkeypatch):
    def disk_full(settings):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(col, "save_settings", disk_full)
    app = app_for(col)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = str(app.screen.query_one("#settings-status", Static).render())
        assert status.startswith("Not saved:") and "disk is full" in status
        assert messages(app) == []  # shown once, beside the fields


async def test_a_result_for_a_screen_that_has_gone_is_dropped(col, app_for):
    release = threading.Event()

    def slow():
        release.wait(10)
        return 7

    probe = Probe(slow, tag="late")
    app = app_for(col, start=probe)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen is probe
        app.pop_screen()
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert probe.got == [] and probe.failures == [] and messages(app) == []
