"""What a newcomer tripped over (issue 15), each checked in the real app on a real collection."""
from __future__ import annotations

import sys

from textual.widgets import DataTable, Input

from studyapp.deck.model import Deck, Note
from studyapp.store import browse
from studyapp.store.settings import Settings
from tests.ui.conftest import T0, screen_text, settle
from tests.ui.test_review import open_review
from tests.ui.test_screens import search_for


async def test_studyapp_review_draws_what_r_from_home_draws(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await open_review(pilot)
        from_home = screen_text(pilot.app)
    async with app_for(col, start="review").run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        direct = screen_text(pilot.app)
    assert direct == from_home
    lines = direct.splitlines()
    assert "1 / 6" in lines[1] and "new 6" in lines[1]  # the position and the new/learning/due breakdown
    question = next(i for i, line in enumerate(lines) if "什么是LoRA" in line)
    assert question < 6  # right under the progress line, not after a screenful of blank lines


async def test_browse_opens_on_the_table_so_slash_searches(studied, app_for):
    async with app_for(studied).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen.focused, DataTable)
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#query", Input)
        await pilot.press(*"is:due", "enter")
        await settle(pilot)
        assert screen.query_one("#query", Input).value == "is:due"
        assert screen.query_one("#results", DataTable).row_count == browse.search(studied, "is:due", T0).total > 0


async def test_browse_names_an_unknown_field_instead_of_finding_nothing(studied, app_for):
    async with app_for(studied).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await search_for(pilot, "foo:bar")
        text = screen_text(pilot.app)
        assert "foo: is not a search field" in text and "0 cards" not in text
        await search_for(pilot, "r<")
        assert "r<: a comparison needs a number" in screen_text(pilot.app)


async def test_browse_question_column_grows_with_the_terminal(tmp_path, app_for):
    from studyapp.store.collection import Collection

    long_question = "为什么" + "注意力机制的计算量随序列长度平方增长" * 4
    collection = Collection.open(tmp_path / "home", import_bundled=False)
    collection.import_decks([(Deck("d", "d", (Note("long", long_question, "答", "S", 1),)), "d")], now=T0)
    try:
        widths = {}
        for width in (100, 200):
            async with app_for(collection).run_test(size=(width, 32)) as pilot:
                await settle(pilot)
                await pilot.press("b")
                await settle(pilot)
                table = pilot.app.screen.query_one("#results", DataTable)
                widths[width] = table.columns["question"].width
        assert widths[100] <= 45 and widths[200] >= 140
    finally:
        collection.close()


async def test_settings_errors_name_the_field_as_the_screen_does(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        field = pilot.app.screen.query_one("#set-desired_retention", Input)
        field.value = "0.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(pilot.app)
        assert "Desired retention (0.70–0.99) must be between 0.7 and 0.99" in text
        assert "desired_retention" not in text


async def test_chinese_palette_and_interval_buttons(col, app_for):
    col.save_settings(Settings(language="zh"))
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"主题", "按键", "截图"} <= titles and not {"Theme", "Keys", "Screenshot"} & titles
        await open_review(pilot)
        await pilot.press("space")
        await settle(pilot)
        text = screen_text(app)
        assert "1 重来 · <1分钟" in text and "<1m" not in text


async def test_card_detail_says_review_history_once(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "CardDetailScreen"
        text = screen_text(pilot.app)
        assert text.count("Review history") == 1 and "Not reviewed yet" in text


async def test_review_at_the_minimum_size_shows_all_four_ratings(col, app_for):
    async with app_for(col).run_test(size=(60, 16)) as pilot:
        await open_review(pilot)
        await pilot.press("space")
        await settle(pilot)
        text = screen_text(pilot.app)
        for label in ("1 Again", "2 Hard", "3 Good", "4 Easy"):
            assert label in text, text


async def test_the_practice_box_is_empty_while_off(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        box = pilot.app.screen.query_one("#qz-practice")
        assert "X" not in str(box.render()).split()[0]
        box.value = True
        await pilot.pause()
        assert "X" in str(box.render())


async def test_edit_on_the_bundled_deck_offers_a_copy_in_the_data_folder(tmp_path, monkeypatch, app_for):
    from studyapp.resources import default_deck_path
    from studyapp.store.collection import Collection

    editor = tmp_path / "editor.py"
    editor.write_text("import pathlib, sys\npathlib.Path(sys.argv[0]).with_name('edited').write_text(sys.argv[2])\n",
                      encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    home = tmp_path / "home"
    collection = Collection.open(home)  # the bundled deck
    bundled = default_deck_path().read_bytes()
    try:
        async with app_for(collection).run_test(size=(100, 32)) as pilot:
            await open_review(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert type(pilot.app.screen).__name__ == "CopyBundledScreen"
            assert "decks" in screen_text(pilot.app)
            await pilot.press("n")
            await settle(pilot)
            assert not (tmp_path / "edited").exists() and not (home / "decks").exists()
            await pilot.press("e")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            copy = home / "decks" / default_deck_path().name
            assert (tmp_path / "edited").read_text() == str(copy)  # the editor opened the copy
            assert copy.read_bytes() == bundled
            assert pilot.app.screen.step.card.source == str(copy)  # the deck now lives there, history kept
        assert default_deck_path().read_bytes() == bundled
    finally:
        collection.close()


async def test_interview_setup_goes_back_on_q_and_names_itself(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "InterviewSetupScreen"
        assert "Mock interview" in screen_text(pilot.app).splitlines()[0]
        await pilot.press("q")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "HomeScreen"
