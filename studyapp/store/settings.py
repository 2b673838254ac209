"""Collection settings, kept in the collection itself (so they travel with it)."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, fields

from studyapp.srs.day import DEFAULT_ROLLOVER_HOUR
from studyapp.srs.policy import DailyLimits
from studyapp.srs.scheduling import SchedulerSettings

_READ_ALL = "SELECT key, value FROM setting"
_WRITE = "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)"
LANGUAGES = ("en", "zh")
# field -> (lowest, highest) allowed; the app names the fields in the learner's words
RANGES = {"new_per_day": (0, 9999), "reviews_per_day": (0, 99999), "desired_retention": (0.7, 0.99),
          "rollover_hour": (0, 23)}


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
        problems = [f"{name} must be between {low:g} and {high:g}" for name, low, high in self.out_of_range()]
        if self.language not in LANGUAGES:
            problems.append(f"language must be one of {', '.join(LANGUAGES)}")
        if problems:
            raise ValueError("; ".join(problems))

    def out_of_range(self) -> list[tuple[str, float, float]]:
        """(field, lowest, highest) for each number outside its range."""
        return [(name, low, high) for name, (low, high) in RANGES.items() if not low <= getattr(self, name) <= high]

    @property
    def limits(self) -> DailyLimits:
        return DailyLimits(self.new_per_day, self.reviews_per_day)

    @property
    def scheduler(self) -> SchedulerSettings:
        return SchedulerSettings(desired_retention=self.desired_retention, parameters=self.fsrs_parameters)


def load_settings(conn: sqlite3.Connection) -> Settings:
    stored = {key: json.loads(value) for key, value in conn.execute(_READ_ALL)}
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in stored.items() if k in known}
    if values.get("fsrs_parameters") is not None:
        values["fsrs_parameters"] = tuple(values["fsrs_parameters"])
    return Settings(**values)


def save_settings(conn: sqlite3.Connection, settings: Settings) -> None:
    settings.validate()
    conn.executemany(_WRITE,
                     [(key, json.dumps(value)) for key, value in asdict(settings).items()])
