"""What keeps start-up and answering fast: Home's counts before its charts, one store call per answer,
Markdown parsed only when it is drawn."""
from __future__ import annotations

import threading

from studyapp.store import home_charts, stats
from studyapp.tui.screens import home as home_module
from studyapp.tui.widgets import card_markdown
from tests.ui.conftest import T0, screen_text, settle


async def test_home_shows_the_counts_before_the_charts(studied, app_for, monkeypatch):
    release = threading.Event()
    real = home_charts.home_charts

    def slow_charts(collection, now):
        release.wait(10)
        return real(collection, now)

    monkeypatch.setattr(home_charts, "home_charts", slow_charts)
    app = app_for(studied)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if getattr(app.screen, "data", None) is not None:
                break
        screen = app.screen
        assert screen.data.summary == stats.today(studied, T0)
        assert screen.data.heatmap is None and not screen.charts_shown
        due = screen.data.summary.due_today
        assert str(screen.query_one("#due-value").render()).splitlines() == ["Due", str(due)]
        release.set()
        await settle(pilot)
        assert screen.charts_shown and screen.query_one("#heatmap").data == real(studied, T0)[0]


async def test_home_warms_the_review_path(col, app_for, monkeypatch):
    warmed = []
    monkeypatch.setattr(home_module, "warm_review", lambda collection, now, labs: warmed.append(now))
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        pilot.app.screen.reload()  # coming back to Home does not warm again
        await settle(pilot)
    assert warmed == [T0]


async def test_an_answer_is_one_store_call(col, app_for, monkeypatch):
    from studyapp.service import study

    calls = []
    real = study.review_step

    def counting(*args, **kwargs):
        calls.append(kwargs.get("card_id") or (args[2] if len(args) > 2 else None))
        return real(*args, **kwargs)

    monkeypatch.setattr(study, "review_step", counting)
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = pilot.app.screen
        first = screen.step.card
        calls.clear()
        await pilot.press("space", "3")
        await settle(pilot)
        assert len(calls) == 1 and calls[0].card_id == first.id and calls[0].rating == 3
        assert screen.step.card.id != first.id
        assert screen.query_one("#ratings").styles.visibility == "hidden"
        await pilot.press("space")
        await settle(pilot)
        assert screen.query_one("#ratings").styles.visibility == "visible"


async def test_the_answer_is_parsed_when_revealed(col, app_for, monkeypatch):
    parsed = []
    real = card_markdown._parses
    monkeypatch.setattr(card_markdown, "_parses", lambda text: parsed.append(text) or real(text))
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = pilot.app.screen
        answer = screen.step.card.answer
        head = answer.splitlines()[0][:10]  # before any LaTeX, which the card view turns into Unicode
        assert not any(head in text for text in parsed)
        await pilot.press("space")
        await settle(pilot)
        assert any(head in text for text in parsed)
        assert answer.splitlines()[0][:10] in screen_text(pilot.app)
