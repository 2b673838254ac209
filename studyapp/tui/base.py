"""What every screen shares: translated bindings and store calls in thread workers."""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import work
from textual.binding import BindingsMap
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker


class TranslatedBindings:
    """Mixin for screens whose BINDINGS hold i18n keys as descriptions (translated by the screen's `t`)."""

    def binding_label(self, description: str) -> str:
        return self.t(description)

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
    """Mixin for screens: run a store job in a thread, hand its dataclass result to the UI thread."""

    def t(self, key: str, /, **values) -> str:
        return self.app.t(key, **values)

    @work(thread=True, exit_on_error=False)
    def fetch(self, job: Callable[[], Any], done: Callable[[Any], Any] | None = None,
              failed: Callable[[Exception], None] | None = None, retry: bool = True,
              deliver_detached: bool = False) -> None:
        """retry=False: the job makes its own `app.store` calls (a write must not be repeated with a read).
        deliver_detached: `done` is called even before the screen is attached (a preload)."""
        app = self.app
        try:
            result = app.store(job) if retry else job()
        except Exception as error:  # reported on screen: a worker must not take the app down
            if not get_current_worker().is_cancelled:
                app.call_from_thread(self._report_failure, error, failed)
            return
        if done is not None and not get_current_worker().is_cancelled:
            app.call_from_thread(self._deliver, done, result, deliver_detached)

    async def _deliver(self, done: Callable[[Any], Any], result: Any, detached: bool = False) -> None:
        if not self.is_attached and not detached:
            return
        try:
            outcome = done(result)
            if inspect.isawaitable(outcome):
                await outcome
        except Exception as error:  # a bug in the UI code: fail loudly, as Textual does for handlers
            self.app._handle_exception(error)

    def _report_failure(self, error: Exception, failed: Callable[[Exception], None] | None) -> None:
        if failed is not None and self.is_attached:
            failed(error)
            return
        self.app.notify(self.t("db_error", error=error), severity="error", timeout=8)


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
