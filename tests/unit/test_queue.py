"""The study-day policy: limits, interleaving, learning first, day rollover at a local hour."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from studyapp.srs import policy
from studyapp.srs.day import day_bounds, study_date
from studyapp.store.collection import Collection
from tests.conftest import T0
from tests.unit.deckmaker import deck, note


@pytest.fixture
def col(home, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    c = Collection.open(home, import_bundled=False)
    c.import_decks([(deck(*(note(f"Question {i:03d}?") for i in range(60))), "/docs/q.md")], T0)
    yield c
    c.close()


def drain(col, now, rating=3, limit=500):
    seen = []
    while (card := col.next_card(now)) is not None and len(seen) < limit:
        seen.append(card)
        col.rate(card.id, rating, now)
    return seen


def test_new_cards_stop_at_the_daily_limit(col):
    col.save_settings(replace(col.settings(), new_per_day=5))
    assert col.day_counts(T0).new_today == 5
    studied = drain(col, T0, rating=4)  # easy: straight to review, due in days
    assert len(studied) == 5
    assert col.day_counts(T0).new_today == 0


def test_learning_cards_come_back_when_due(col):
    first = col.next_card(T0)
    col.rate(first.id, 1, T0)  # again: due in a minute
    assert col.next_card(T0 + timedelta(minutes=2)).id == first.id


def test_new_cards_are_interleaved_with_reviews(col):
    col.save_settings(replace(col.settings(), new_per_day=10))
    drain(col, T0, rating=4)
    tomorrow = T0 + timedelta(days=30)
    order = [card.state for card in drain(col, tomorrow, rating=4)]
    assert "new" in order and "review" in order
    first_new = order.index("new")
    assert first_new < len(order) - order.count("new"), f"new cards were all left to the end: {order}"


def test_the_day_rolls_over_at_four_in_the_morning(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    late = datetime(2026, 3, 2, 3, 59, tzinfo=timezone.utc)
    assert study_date(late, 4).isoformat() == "2026-03-01"
    assert study_date(late + timedelta(minutes=1), 4).isoformat() == "2026-03-02"
    start, end = day_bounds(late, 4)
    assert (start.hour, end - start) == (4, timedelta(days=1))


def test_interleave_rule_spreads_new_cards():
    picks = [policy.new_first(10, 30, i) for i in range(40)]
    assert sum(picks[:8]) >= 1 and not all(picks)
    assert policy.new_first(5, 0, 0) and not policy.new_first(0, 5, 0)
