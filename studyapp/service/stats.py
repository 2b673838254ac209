"""Figures and charts: Home's heatmap and forecast, the Stats screen's dashboard, one card's history, the quiz
summary. The charts run SQL through SQLAlchemy, imported on the first call: Home's first frame does not wait."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from studyapp.service.collection import Collection
from studyapp.store import home_charts as _home_charts
from studyapp.store.home_charts import DayValue, Heatmap

if TYPE_CHECKING:
    from studyapp.store.charts import CardHistory, Dashboard, Retention, SectionMastery

__all__ = ["CardHistory", "Dashboard", "DayValue", "Heatmap", "Retention", "SectionMastery", "card_history",
           "dashboard", "home_charts", "quiz_summary"]


def home_charts(collection: Collection, now: datetime) -> tuple[Heatmap, tuple[DayValue, ...]]:
    """Home's review heatmap and the due forecast (plain sqlite3)."""
    return _home_charts.home_charts(collection, now)


def dashboard(collection: Collection, now: datetime) -> Dashboard:
    from studyapp.store import charts

    return charts.dashboard(collection, now)


def card_history(collection: Collection, card_id: int, now: datetime) -> CardHistory:
    from studyapp.store import charts

    return charts.card_history(collection, card_id, now)


def quiz_summary(collection: Collection, days: int = 30, now: datetime | None = None) -> dict:
    """Quiz sessions and answers of the last `days`, per item type."""
    return collection.quiz_summary(days, now)


def __getattr__(name: str):
    """The chart dataclasses, from studyapp.store.charts on first use (it imports SQLAlchemy)."""
    if name in ("CardHistory", "Dashboard", "Retention", "SectionMastery"):
        from studyapp.store import charts

        return getattr(charts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
