"""What every screen shares: translated bindings and store calls in thread workers (typed messages back)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual.binding import BindingsMap
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from studyapp.tui.i18n import is_key
from studyapp.tui.workers import WorkDone, WorkFailed, run_job


class TranslatedBindings:
    """Mixin for screens whose BINDINGS hold string keys as descriptions (translated by the screen's `t`)."""

    def binding_label(self, description: str) -> str:
        # Textual's own bindings (focus next/previous) are not keys: they keep their words
        return self.t(description) if is_key(description) else description

    def translate_bindings(self) -> None:
        # BINDINGS hold i18n keys as descriptions; the footer shows them in the current language.
        source = type(self)._merged_bindings
        if source is None:
            return
        translated = [
            replace(binding, description=self.binding_label(binding.description)) if binding.description else binding
            for bindings in source.key_to_bindings.values()
            for binding in bindings
        ]
        self._bindings = BindingsMap(translated)
        self.refresh_bindings()


class StoreCalls(TranslatedBindings):
    """Mixin for screens: run a store job in a thread, its result posted back as a typed message
    (`studyapp.tui.workers`); a failure becomes one notification unless the screen prevents it."""

    def t(self, key: str, /, default: str | None = None, **values) -> str:
        return self.app.t(key, default=default, **values)

    def fetch(self, job: Callable[[], Any], done: type[WorkDone], *, retry: bool = True, group: str = "default",
              exclusive: bool = False, **fields) -> Worker:
        """`done(job(), **fields)` is posted to this screen; see `workers.run_job`."""
        return run_job(self, job, done, retry=retry, group=group, exclusive=exclusive, **fields)

    def on_work_failed(self, message: WorkFailed) -> None:
        """The one path from a failed job to the user: a notification in the user's words, never a traceback."""
        self.app.notify(self.t("fault.db_error", error=self.app.describe_error(message.error)), severity="error",
                        timeout=8)

    async def retranslate(self) -> None:
        """The interface language changed: new binding labels, widgets composed again, data shown again."""
        self.translate_bindings()
        await self.recompose()
        await self.after_recompose()

    async def after_recompose(self) -> None:
        """Put the screen's data back into freshly composed widgets."""


class StudyScreen(StoreCalls, Screen):
    def on_mount(self) -> None:
        self.translate_bindings()


class StudyModal(StoreCalls, ModalScreen):
    def on_mount(self) -> None:
        self.translate_bindings()
