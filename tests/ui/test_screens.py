"""Home, browse, card detail, stats, settings, the palette and small terminals, checked against the database."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from studyapp.store import browse, charts
from tests.ui.conftest import T0, screen_text, settle

REPO = Path(__file__).resolve().parents[2]


async def test_home_shows_todays_counts_and_quits_on_q(studied, app_for):
    counts = studied.day_counts(T0)
    app = app_for(studied)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "HomeScreen"
        assert str(screen.query_one("#due-value").render()).splitlines() == ["Due", str(counts.due_today)]
        assert str(screen.query_one("#new-value").render()).splitlines() == ["New", str(counts.new_today)]
        assert screen.query_one("#heatmap").data.total == 10
        text = screen_text(app)
        for entry in ("Review", "Quiz", "Labs", "Interview", "Browse", "Stats", "Settings"):
            assert entry in text
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_home_keys_open_every_screen(col, app_for):
    expected = {"r": "ReviewScreen", "z": "QuizSetupScreen", "l": "LabsScreen", "i": "InterviewSetupScreen",
                "b": "BrowseScreen", "s": "StatsScreen", "comma": "SettingsScreen"}
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        for key, name in expected.items():
            await pilot.press(key)
            await settle(pilot)
            assert type(pilot.app.screen).__name__ == name
            await pilot.press("escape")
            await settle(pilot)
            if type(pilot.app.screen).__name__ != "HomeScreen":  # browse: escape first leaves the search box
                await pilot.press("escape")
                await settle(pilot)
            assert type(pilot.app.screen).__name__ == "HomeScreen"


async def test_palette_lists_every_main_action_and_runs_one(col, app_for):
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Home", "Review", "Quiz", "Labs", "Interview", "Browse", "Stats", "Settings", "Quit"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"browse")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "BrowseScreen"


async def search_for(pilot, query: str):
    screen = pilot.app.screen
    field = screen.query_one("#query", Input)
    field.value = ""
    field.focus()
    await pilot.pause()
    if query.isascii() and query:
        await pilot.press(*(("space" if ch == " " else ch) for ch in query))
    else:
        field.value = query  # what an input method commits
    await pilot.press("enter")
    await settle(pilot)
    table = screen.query_one("#results", DataTable)
    return [int(key.value) for key in table.rows]


async def test_browse_search_matches_the_store(studied, app_for):
    async with app_for(studied).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        for query in ("", "显存", "is:new", "is:due", "section:Sampling", "lapses>0", "r<0.9 -is:new", "LoRA 显存"):
            shown = await search_for(pilot, query)
            expected = [row.id for row in browse.search(studied, query, T0).rows]
            assert shown == expected, query
        views = {v.slug: v.id for v in studied.cards()}
        assert await search_for(pilot, "显存") == [views["lora"], views["memory"]]
        await search_for(pilot, "is:nonsense")
        assert "is:nonsense is not known" in screen_text(pilot.app)


async def test_browse_suspend_unsuspend_and_reset(studied, app_for):
    views = {v.slug: v for v in studied.cards()}
    async with app_for(studied).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert await search_for(pilot, "Temperature") == [views["temperature"].id]
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert studied.card(views["temperature"].id).suspended
        assert "suspended" in screen_text(pilot.app)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert not studied.card(views["temperature"].id).suspended
        await pilot.press("R")
        await settle(pilot)
    card = studied.card(views["temperature"].id)
    assert card.state == "new" and card.stability is None


async def test_card_detail_shows_history_and_acts(studied, app_for):
    views = {v.slug: v for v in studied.cards()}
    card_id = views["temperature"].id
    async with app_for(studied).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await search_for(pilot, "Temperature")
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert type(screen).__name__ == "CardDetailScreen"
        assert screen.card_id == card_id
        assert screen.query_one("#detail-history", DataTable).row_count == 4
        assert screen.detail.history.curve
        assert "控制采样的随机性" in screen_text(pilot.app)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert studied.card(card_id).suspended
        assert screen.detail.card.suspended
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert not studied.card(card_id).suspended
        await pilot.press("q")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "BrowseScreen"


async def test_stats_show_the_stores_figures(studied, app_for):
    expected = charts.dashboard(studied, T0)
    async with app_for(studied).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = pilot.app.screen
        assert screen.data == expected
        text = screen_text(pilot.app)
        assert "True retention" in text and "Reviews per day" in text
        month = f"{expected.retention[1].overall:.1%}"
        assert month in text


async def test_settings_are_saved_and_applied(col, app_for):
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#set-new_per_day", Input).value = "5"
        screen.query_one("#set-desired_retention", Input).value = "0.85"
        screen.query_one("#set-language", Select).value = "zh"
        screen.query_one("#set-theme", Select).value = "textual-light"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.theme == "textual-light"
        assert "设置" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "复习" in screen_text(app) and "到期" in screen_text(app)
    saved = col.settings()
    assert (saved.new_per_day, saved.desired_retention, saved.language, saved.theme) == (5, 0.85, "zh", "textual-light")
    assert col.day_counts(T0).new_today == 5


async def test_invalid_settings_are_not_saved(col, app_for):
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        app.screen.query_one("#set-desired_retention", Input).value = "1.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Not saved" in screen_text(app)
    assert col.settings().desired_retention == 0.9


async def test_small_terminal_asks_to_enlarge(col, app_for):
    app = app_for(col)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "TooSmallScreen"
        assert "Enlarge the terminal" in screen_text(app)
        await pilot.press("r")  # keys do not reach the screens underneath
        await settle(pilot)
        await pilot.resize_terminal(100, 32)
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"


async def test_bundled_deck_opens_in_review(tmp_path, app_for):
    from studyapp.store.collection import Collection

    collection = Collection.open(tmp_path / "bundled")
    async with app_for(collection).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.screen.step.card is not None
        await pilot.press("space", "3")
        await settle(pilot)
    assert collection.stats(T0).reviews_today == 1
    collection.close()


def test_starting_the_app_loads_neither_torch_nor_transformers(tmp_path):
    script = textwrap.dedent(f"""
        import asyncio, sys
        from studyapp.store.collection import Collection
        from studyapp.tui.app import create_app

        async def main():
            collection = Collection.open({str(tmp_path / "home")!r})
            app = create_app(collection)
            async with app.run_test(size=(100, 32)) as pilot:
                await pilot.pause(0.3)
                await pilot.press("r")
                await pilot.pause(0.3)
                await app.workers.wait_for_complete()
            collection.close()
            print(sorted(m for m in ("torch", "transformers") if m in sys.modules))

        asyncio.run(main())
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
