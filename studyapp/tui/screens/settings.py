"""Settings: daily limits, desired retention, rollover hour, language and theme, saved in the collection."""
from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from studyapp.service import study
from studyapp.tui.base import StudyScreen
from studyapp.tui.i18n import LANGUAGES
from studyapp.tui.widgets.key_bar import KeyBar
from studyapp.tui.widgets.title_bar import TitleBar
from studyapp.tui.workers import WorkDone, WorkFailed

NUMBER_FIELDS = (
    ("new_per_day", "settings.new_per_day", int),
    ("reviews_per_day", "settings.reviews_per_day_limit", int),
    ("desired_retention", "settings.desired_retention", float),
    ("rollover_hour", "settings.rollover_hour", int),
)



@dataclass(eq=False)
class SettingsSaved(WorkDone):
    result: object  # the store call's return, unused
    settings: object  # the Settings now in force


class SettingsScreen(StudyScreen):
    CSS_PATH = "../settings.tcss"  # loaded when the screen is first opened
    BINDINGS = [
        Binding("ctrl+s", "save", "common.save"),
        Binding("escape", "back", "common.back"),
    ]

    def compose(self) -> ComposeResult:
        t = self.t
        settings = self.app.settings
        yield TitleBar()
        with VerticalScroll(id="settings-form"):
            for field, label, kind in NUMBER_FIELDS:
                with Horizontal(classes="setting-row"):
                    yield Static(t(label), classes="setting-label")
                    yield Input(str(getattr(settings, field)), id=f"set-{field}",
                                type="integer" if kind is int else "number")
            with Horizontal(classes="setting-row"):
                yield Static(t("settings.language"), classes="setting-label")
                yield Select([(name, code) for code, name in LANGUAGES.items()], value=settings.language,
                             allow_blank=False, id="set-language")
            with Horizontal(classes="setting-row"):
                yield Static(t("settings.theme"), classes="setting-label")
                themes = sorted(self.app.available_themes)
                theme = settings.theme if settings.theme in themes else self.app.theme
                yield Select([(name, name) for name in themes], value=theme, allow_blank=False, id="set-theme")
            yield Static("", id="settings-status")
            yield Button(t("common.save"), id="settings-save", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.t("common.settings")
        self.query_one(f"#set-{NUMBER_FIELDS[0][0]}", Input).focus()

    async def after_recompose(self) -> None:
        self.sub_title = self.t("common.settings")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "settings-save":
            self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def _read(self):
        values = {}
        for field, label, kind in NUMBER_FIELDS:
            text = self.query_one(f"#set-{field}", Input).value.strip()
            try:
                values[field] = kind(text)
            except ValueError:
                raise ValueError(self.t("settings.not_a_number", field=self.t(label))) from None
        values["language"] = self.query_one("#set-language", Select).value
        values["theme"] = self.query_one("#set-theme", Select).value
        settings = replace(self.app.settings, **values)
        labels = {field: label for field, label, _ in NUMBER_FIELDS}
        problems = [self.t("settings.out_of_range", field=self.t(labels[name]), low=f"{low:g}", high=f"{high:g}")
                    for name, low, high in settings.out_of_range()]
        if problems:
            raise ValueError("; ".join(problems))
        settings.validate()
        return settings

    def action_save(self) -> None:
        status = self.query_one("#settings-status", Static)
        try:
            settings = self._read()
        except ValueError as error:
            status.add_class("error")
            status.update(self.t("settings.invalid", error=error))
            return
        app = self.app
        self.fetch(lambda: study.save_settings(app.collection, settings), SettingsSaved, settings=settings)

    def on_settings_saved(self, message: SettingsSaved) -> None:
        app, settings = self.app, message.settings
        app.settings = settings
        if settings.theme in app.available_themes:
            app.theme = settings.theme
        app.set_language(settings.language)
        status = self.query_one("#settings-status", Static)
        status.remove_class("error")
        status.update(self.t("settings.saved"))
        self.notify(self.t("settings.saved"))

    def on_work_failed(self, message: WorkFailed) -> None:
        """Shown on the status line, beside the fields, not as a notification."""
        message.prevent_default()
        status = self.query_one("#settings-status", Static)
        status.add_class("error")
        status.update(self.t("settings.invalid", error=self.app.describe_error(message.error)))

    def action_back(self) -> None:
        self.app.pop_screen()
