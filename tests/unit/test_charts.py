"""Chart figures from a real collection."""
from __future__ import annotations

from datetime import timedelta

import pytest

from studyapp.deck.model import Deck, Note
from studyapp.store import charts
from studyapp.store.collection import Collection
from tests.conftest import T0

NOTES = tuple(Note(f"n{i}", f"问题 {i}", "答案", "A" if i < 3 else "B", i) for i in range(5))


@pytest.fixture
def col(tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    collection = Collection.open(tmp_path / "home", import_bundled=False)
    collection.import_decks([(Deck("t", "t", NOTES), "t")], now=T0 - timedelta(days=100))
    ids = [v.id for v in collection.cards()]
    collection.rate(ids[0], 4, T0 - timedelta(days=60))
    collection.rate(ids[0], 3, T0 - timedelta(days=30))  # waited 30 days: mature
    collection.rate(ids[1], 4, T0 - timedelta(days=5))
    collection.rate(ids[1], 1, T0 - timedelta(days=2))  # waited 3 days: young, forgotten
    yield collection, ids
    collection.close()
    monkeypatch.undo()
    time.tzset()


def test_heatmap_counts_answers_per_study_day(col):
    collection, _ = col
    heat = charts.heatmap(collection, T0)
    assert heat.first.weekday() == 0 and (heat.last - heat.first).days < 26 * 7
    assert heat.total == 4 and heat.peak == 1
    assert heat.counts[(T0 - timedelta(days=2)).date()] == 1


def test_forecast_and_reviews_per_day(col):
    collection, _ = col
    forecast = charts.forecast(collection, T0)
    assert len(forecast) == 30 and forecast[0].day == T0.date()
    assert sum(d.value for d in forecast) <= 2
    per_day = charts.reviews_per_day(collection, T0)
    assert len(per_day) == 30 and per_day[-1].day == T0.date()
    assert sum(d.total for d in per_day) == 2 and sum(d.again for d in per_day) == 1


def test_retention_young_and_mature(col):
    collection, _ = col
    by_window = {r.days: r for r in charts.retention(collection, T0)}
    assert by_window[7].young == 0.0 and by_window[7].young_n == 1 and by_window[7].mature_n == 0
    assert by_window[365].mature == 1.0 and by_window[365].mature_n == 1
    assert by_window[365].overall == 0.5 and by_window[365].overall_n == 2


def test_mastery_and_histograms(col):
    collection, _ = col
    mastery = {m.section: m for m in charts.mastery_by_section(collection, T0)}
    assert mastery["A"].cards == 3 and mastery["A"].studied == 2 and 0 < mastery["A"].mean_r < 1
    assert mastery["B"].studied == 0 and mastery["B"].mean_r == 0
    stability = charts.stability_histogram(collection)
    difficulty = charts.difficulty_histogram(collection)
    assert sum(stability.counts) == 2 and len(stability.labels) == len(stability.counts)
    assert sum(difficulty.counts) == 2


def test_card_history_and_curve(col):
    collection, ids = col
    history = charts.card_history(collection, ids[0], T0)
    assert [r.rating for r in history.reviews] == [4, 3]
    xs = [x for x, _ in history.curve]
    assert xs == sorted(xs) and xs[0] == 0 and abs(xs[-1] - 60) < 1e-6
    assert all(0 <= r <= 1 for _, r in history.curve)
    assert history.curve[0][1] == 1.0
    # R matches fsrs's own value at the end of the curve (whole days elapsed)
    assert abs(history.curve[-1][1] - collection.card(ids[0], T0).retrievability) < 0.01
    assert charts.card_history(collection, ids[4], T0).curve == ()


def test_dashboard_bundles_everything(col):
    collection, _ = col
    board = charts.dashboard(collection, T0)
    assert board.reviews == charts.reviews_per_day(collection, T0)
    assert board.mastery == charts.mastery_by_section(collection, T0)
