"""The cheap paths the TUI takes at 100,000 cards: they must give what the plain ones give."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from studyapp.srs.day import study_date
from studyapp.store import charts, migrate, stats
from studyapp.store.collection import Collection
from studyapp.store.home_charts import home_charts
from studyapp.store.review_step import Answer, review_step
from studyapp.store.settings import load_settings
from tests.conftest import T0
from tests.unit.deckmaker import deck, note

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def col(home, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")  # a zone with DST: study days are not 24 hours apart
    time.tzset()
    c = Collection.open(home, import_bundled=False)
    c.import_decks([(deck(*(note(f"Question {i:03d}?") for i in range(12))), "/docs/q.md")], T0 - timedelta(days=60))
    yield c
    c.close()
    monkeypatch.undo()
    time.tzset()


def answer_on(col, days_ago: list[int], hour: int = 10):
    ids = [v.id for v in col.cards()]
    for i, days in enumerate(sorted(days_ago, reverse=True)):
        col.rate(ids[i % len(ids)], 3, T0.replace(hour=hour) - timedelta(days=days))


def test_head_and_known_revisions_match_alembic():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {r.revision for r in script.walk_revisions()}


def test_a_collection_at_head_opens_without_importing_alembic(home):
    Collection.open(home, import_bundled=False).close()
    code = ("import sys; from studyapp.store.collection import Collection; "
            f"Collection.open({str(home)!r}, import_bundled=False).close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'jieba', 'torch')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("days", [[], [0], [1], [0, 1, 2, 3], [1, 2, 3, 5, 6], list(range(0, 40))])
def test_streak_counts_consecutive_study_days(col, days):
    answer_on(col, days)
    with col.db() as conn:
        rollover = load_settings(conn).rollover_hour
        got = stats.streak(conn, T0, rollover)
        dates = stats.study_dates(conn, T0 - timedelta(days=366), rollover)
    day = study_date(T0, rollover)
    if day not in dates:
        day -= timedelta(days=1)
    expected = 0
    while day in dates:
        expected += 1
        day -= timedelta(days=1)
    assert got == expected


def test_streak_longer_than_a_probe_chunk(col):
    answer_on(col, list(range(0, 200)))
    with col.db() as conn:
        assert stats.streak(conn, T0, load_settings(conn).rollover_hour) == 200


def test_per_day_counts_follow_local_study_days(col):
    answer_on(col, [0, 0, 3, 30], hour=10)
    answer_on(col, [3], hour=2)  # 02:00 UTC is 03:00 or 04:00 in Berlin: before the 4 a.m. rollover
    heat = charts.heatmap(col, T0)
    today = study_date(T0)
    assert heat.counts[today] == 2 and heat.total == 5
    assert heat.counts[today - timedelta(days=30)] == 1
    assert sum(heat.counts.get(today - timedelta(days=d), 0) for d in (3, 4)) == 2


def test_per_day_counts_use_each_days_own_utc_offset(col):
    ids = [v.id for v in col.cards()]
    summer = T0.replace(hour=2, minute=30) - timedelta(days=150)  # 04:30 in Berlin (summer time): that day
    col.rate(ids[0], 3, summer)
    heat = charts.heatmap(col, T0)
    assert heat.counts == {study_date(summer): 1} and study_date(summer) == summer.date()


def test_today_and_home_charts_agree_with_the_collection(col):
    answer_on(col, [0, 1, 2])
    summary = col.stats(T0)
    today = stats.today(col, T0)
    assert (today.due_today, today.new_today, today.learning, today.reviews_today, today.streak_days) == (
        summary.due_today, summary.new_today, summary.learning, summary.reviews_today, summary.streak_days)
    heatmap, forecast = home_charts(col, T0)
    assert heatmap == charts.heatmap(col, T0) and forecast == charts.forecast(col, T0)
    assert sum(d.value for d in forecast) == sum(1 for v in col.cards() if v.state != "new")


def test_review_step_is_rate_then_next_card(col, home):
    first, step = review_step(col, T0)
    assert first is None and step.card == col.next_card(T0) and step.counts == col.day_counts(T0)
    result, after = review_step(col, T0, Answer(step.card.id, 3, duration_ms=4000))
    assert result.rating == "good"
    assert after.card == col.next_card(T0) and after.counts == col.day_counts(T0)
    from studyapp.store import browse

    assert after.intervals == browse.next_intervals(col, after.card.id, T0)
    shown = review_step(col, T0, card_id=step.card.id)[1]
    assert shown.card == col.card(step.card.id, T0)


def test_review_step_rolls_back_as_one(col, monkeypatch):
    from studyapp.store import queue

    step = review_step(col, T0)[1]
    monkeypatch.setattr(queue, "day_counts", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        review_step(col, T0, Answer(step.card.id, 3))
    monkeypatch.undo()
    assert col.day_counts(T0).reviews_today == 0  # the answer was not kept without its next step
