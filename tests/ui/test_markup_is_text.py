"""Text from a document is shown as text on every screen: Rich/Textual markup in a card is never read.

A deck whose questions and answers are full of markup (a closing tag alone, `[@click=…]` actions,
links, styles) is taken through Home, Review, Browse, card detail, Stats, the quiz and the interview.
The app must not crash, quit or run an action, and the markup must be on screen literally.
"""
from __future__ import annotations

from datetime import timedelta

from conftest import SOURCE, T0, settle
from textual.widgets import DataTable

from studyapp.deck.model import Deck, Note
from studyapp.store.collection import Collection

QUESTIONS = (
    "[b]MK1[/b] 什么是 [/] 的作用？",
    "[@click=app.quit]MK2[/] 点我",
    "[link=https://evil.example]MK3[/link] 链接",
    "[@click=screen.reset]MK4[/] 重置",
)
ANSWER = "答案 [red]MK5[/red] 与 [/] 以及 [@click=app.quit]MK6[/]。"


def markup_deck(home) -> Collection:
    notes = tuple(Note(f"m{i}", q, ANSWER, "[b]Sec[/b]", 10 * i + 1) for i, q in enumerate(QUESTIONS))
    collection = Collection.open(home, import_bundled=False)
    collection.import_decks([(Deck("[b]Deck[/b]", SOURCE, notes), SOURCE)], now=T0 - timedelta(days=3))
    return collection


def visible(app) -> str:
    """Every cell of every strip of the screen, plus the DataTables' cells (a table scrolls)."""
    strips = app.screen._compositor.render_strips()
    text = "\n".join(strip.text for strip in strips)
    for table in app.screen.query(DataTable):
        for row_key in table.rows:
            text += "\n" + " ".join(str(cell) for cell in table.get_row(row_key))
    return text


async def test_markup_in_cards_is_shown_literally_everywhere(tmp_path, app_for):
    collection = markup_deck(tmp_path / "home")
    app = app_for(collection)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await pilot.press("r")  # review: the first card's question, then its answer
            await settle(pilot)
            shown = visible(app)
            assert any(q.split(" ")[0] in shown for q in QUESTIONS), shown
            await pilot.press("space")
            await settle(pilot)
            assert "[red]MK5[/red]" in visible(app)
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("b")  # browse (it opens on the table): every question in the table, literally
            await settle(pilot)
            shown = visible(app)
            for marker in ("[b]MK1[/b]", "[@click=app.quit]MK2[/]", "[link=https://evil.example]MK3[/link]"):
                assert marker in shown, shown
            table = app.screen.query_one(DataTable)
            for row in range(table.row_count):  # clicking every question cell runs no action
                await pilot.click(DataTable, offset=(8, row + 1))
                await pilot.pause()
            assert app.is_running
            assert not any(card.state != "new" for card in collection.cards())
            await pilot.press("enter")  # card detail
            await settle(pilot)
            assert "MK5[/red]" in visible(app)
            await pilot.press("q")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("s")  # stats: section names literal
            await settle(pilot)
            assert app.is_running
            await pilot.press("escape")
            await settle(pilot)
            assert app.is_running
    finally:
        collection.close()


async def test_a_markup_error_message_after_reimport_is_text(tmp_path, app_for):
    """The re-import error names what failed; a `[/]` in it must not crash the notification."""
    collection = markup_deck(tmp_path / "home")
    app = app_for(collection)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            app.notify("Could not re-import: duplicate [b]MK7[/b] 'Q: [/] dup?' [@click=app.quit]x[/]")
            await settle(pilot)
            assert app.is_running
            shown = [n for n in app._notifications if "MK7" in n.message]
            assert shown and not any(n.markup for n in shown)  # a toast reads it as plain text
    finally:
        collection.close()


async def test_markup_in_a_quiz_item_and_its_feedback_is_text(tmp_path, app_for):
    from test_quiz_screens import open_setup
    from textual.widgets import TextArea

    notes = tuple(Note(f"q{i}", f"[b]QZ{i}[/b] 问题 [/] {i}？",
                       f"答案：**[red]KP{i}a[/red]** 与 **[@click=app.quit]KP{i}b[/]** 都重要。", "S", 10 * i + 1)
                  for i in range(4))
    collection = Collection.open(tmp_path / "home", import_bundled=False)
    collection.import_decks([(Deck("d", SOURCE, notes), SOURCE)], now=T0 - timedelta(days=3))
    app = app_for(collection)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_setup(pilot, count=5, types=["free"])
            assert "[b]QZ" in visible(app), visible(app)
            screen.query_one("#qz-text", TextArea).insert("[/] 不知道 [@click=app.quit]x[/]")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.is_running
            shown = visible(app)
            assert "[red]KP" in shown or "[@click=app.quit]KP" in shown, shown
    finally:
        collection.close()
