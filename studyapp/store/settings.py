"""Collection settings, kept in the collection itself (so they travel with it)."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, fields

from studyapp.srs.day import DEFAULT_ROLLOVER_HOUR
from studyapp.srs.policy import DailyLimits
from studyapp.srs.scheduling import SchedulerSettings

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Settings:
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    language: str = "en"
    theme: str = "textual-dark"
    fsrs_parameters: tuple[float, ...] | None = None

    def validate(self) -> None:
        problems = []
        if not 0 <= self.new_per_day <= 9999:
            problems.append("new_per_day must be between 0 and 9999")
        if not 0 <= self.reviews_per_day <= 99999:
            problems.append("reviews_per_day must be between 0 and 99999")
        if not 0.7 <= self.desired_retention <= 0.99:
            problems.append("desired_retention must be between 0.70 and 0.99")
        if not 0 <= self.rollover_hour <= 23:
            problems.append("rollover_hour must be between 0 and 23")
        if self.language not in LANGUAGES:
            problems.append(f"language must be one of {', '.join(LANGUAGES)}")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def limits(self) -> DailyLimits:
        return DailyLimits(self.new_per_day, self.reviews_per_day)

    @property
    def scheduler(self) -> SchedulerSettings:
        return SchedulerSettings(desired_retention=self.desired_retention, parameters=self.fsrs_parameters)


def load_settings(conn: sqlite3.Connection) -> Settings:
    stored = {key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM setting")}
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in stored.items() if k in known}
    if values.get("fsrs_parameters") is not None:
        values["fsrs_parameters"] = tuple(values["fsrs_parameters"])
    return Settings(**values)


def save_settings(conn: sqlite3.Connection, settings: Settings) -> None:
    settings.validate()
    conn.executemany("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                     [(key, json.dumps(value)) for key, value in asdict(settings).items()])
