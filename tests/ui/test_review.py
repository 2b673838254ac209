"""Review flows, each checked in the database afterwards."""
from __future__ import annotations

import sqlite3
import sys

import pytest
from sqlalchemy import select
from textual.widgets import Button

from studyapp.store.models import Card, ReviewLog
from tests.ui.conftest import T0, make_collection, screen_text, settle


def review_rows(collection, card_id=None):
    with collection.transaction(write=False) as s:
        query = select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.duration_ms)
        if card_id is not None:
            query = query.where(ReviewLog.card_id == card_id)
        return s.execute(query.order_by(ReviewLog.id)).all()


def card_row(collection, card_id):
    with collection.transaction() as s:
        card = s.get(Card, card_id)
        return {"state": card.state, "suspended": card.suspended, "buried_until": card.buried_until,
                "reps": card.reps}


async def open_review(pilot):
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    return pilot.app.screen


async def test_rate_records_a_review_and_shows_the_next_card(col, app_for):
    first = col.next_card(T0)
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        assert screen.step.card.id == first.id
        assert "1 / " in screen_text(pilot.app)
        await pilot.press("space")
        labels = [str(pilot.app.screen.query_one(f"#rate-{n}", Button).label) for n in range(1, 5)]
        assert labels[0].endswith("<1m") and labels[2].endswith("<10m") and labels[3].endswith("d")
        await pilot.press("3")
        await settle(pilot)
        assert screen.step.card.id != first.id
        assert "2 / " in screen_text(pilot.app)
    assert [(r.card_id, r.rating) for r in review_rows(col)] == [(first.id, 3)]
    assert card_row(col, first.id)["state"] == 1  # learning


async def test_answer_is_hidden_until_space(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        assert not screen.query_one("#answer").display
        await pilot.press("3")  # rating before the answer is shown does nothing
        await settle(pilot)
        await pilot.press("space")
        assert screen.query_one("#answer").display
    assert review_rows(col) == []


async def test_undo_takes_the_answer_back(col, app_for):
    first = col.next_card(T0)
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space", "1")
        await settle(pilot)
        assert len(review_rows(col)) == 1
        await pilot.press("u")
        await settle(pilot)
        assert screen.step.card.id == first.id
        assert not screen.revealed
        assert "1 / " in screen_text(pilot.app)
    assert review_rows(col) == []
    assert card_row(col, first.id) == {"state": 0, "suspended": False, "buried_until": None, "reps": 0}


async def test_undo_takes_back_this_screens_answer_not_another_process(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        mine = screen.step.card.id
        await pilot.press("space", "3")
        await settle(pilot)
        other = next(v.id for v in col.cards() if v.id != mine and v.state == "new")
        col.rate(other, 1, T0, source="cli")  # another process answers meanwhile
        await pilot.press("u")
        await settle(pilot)
        assert screen.step.card.id == mine
    rows = review_rows(col)
    assert [r.card_id for r in rows] == [other]  # the CLI's answer stays; the screen's is gone


async def test_suspend_and_bury_are_undone_in_turn(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        first = screen.step.card.id
        await pilot.press("space", "3")
        await settle(pilot)
        second = screen.step.card.id
        await pilot.press("exclamation_mark")
        await settle(pilot)
        third = screen.step.card.id
        await pilot.press("minus")
        await settle(pilot)
        assert card_row(col, third)["buried_until"] is not None
        await pilot.press("u")  # the bury
        await settle(pilot)
        assert screen.step.card.id == third and card_row(col, third)["buried_until"] is None
        await pilot.press("u")  # the suspend
        await settle(pilot)
        assert screen.step.card.id == second and card_row(col, second)["suspended"] is False
        assert len(review_rows(col)) == 1
        await pilot.press("u")  # the answer
        await settle(pilot)
        assert screen.step.card.id == first
    assert review_rows(col) == []


async def test_suspend_and_bury(col, app_for):
    first = col.next_card(T0)
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        second = screen.step.card
        assert second.id != first.id
        await pilot.press("minus")
        await settle(pilot)
        assert screen.step.card.id not in (first.id, second.id)
    assert card_row(col, first.id)["suspended"] is True
    assert card_row(col, second.id)["buried_until"] is not None
    assert review_rows(col) == []


async def test_child_card_shows_its_parent_question(col, app_for):
    views = {v.slug: v for v in col.cards()}
    for slug in ("lora", "top-p", "memory"):
        col.suspend(views[slug].id)
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        assert screen.step.card.slug == "memory-grad"
        assert "解决显存不够的方法有哪些？" in screen_text(pilot.app)


async def test_session_summary_at_the_end(tmp_path, app_for):
    from tests.ui.conftest import NOTES

    collection = make_collection(tmp_path / "one", notes=NOTES[:1])
    async with app_for(collection).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space", "4")
        await settle(pilot)
        assert screen.step.card is None
        text = screen_text(pilot.app)
        assert "Done for now" in text and "1 card in" in text and "again rate 0%" in text
        await pilot.press("q")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "HomeScreen"
    assert len(review_rows(collection)) == 1
    collection.close()


async def test_ctrl_c_right_after_rating_keeps_the_answer(col, app_for):
    first = col.next_card(T0)
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_review(pilot)
        await pilot.press("space", "3", "ctrl+c")
        await pilot.pause()
    assert not app.is_running
    assert [(r.card_id, r.rating) for r in review_rows(col)] == [(first.id, 3)]


async def test_help_and_back(col, app_for):
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        await open_review(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "HelpScreen"
        assert "bury the card" in screen_text(pilot.app)
        await pilot.press("escape")
        await pilot.press("q")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "HomeScreen"


async def test_lab_key_opens_the_cards_lab(col, app_for):
    from studyapp.service.card_labs import CardLabs

    async with app_for(col, labs=CardLabs.of({"lora": "lora-rank"})).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        assert screen.step.card.lab == "lora-rank"
        await pilot.press("L")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "LabsScreen"
        assert "lora-rank" in screen_text(pilot.app)


async def test_lab_key_without_a_lab_says_so(col, app_for):
    app = app_for(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_review(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReviewScreen"
        assert any("no lab" in n.message for n in app._notifications)


async def test_edit_opens_the_source_and_reimports(tmp_path, monkeypatch, app_for):
    from studyapp.deck import parse_file
    from studyapp.store.collection import Collection

    deck = tmp_path / "deck.md"
    deck.write_text("# 测试\n\n## 微调\n\n- **什么是LoRA？**\n    \n    低秩适配。\n    \n", encoding="utf-8")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "line, path = sys.argv[1], pathlib.Path(sys.argv[2])\n"
        "assert line == '+5', line\n"
        "path.write_text(path.read_text(encoding='utf-8').replace('低秩适配。', 'LOW-RANK 低秩适配。'), encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    collection = Collection.open(tmp_path / "home", import_bundled=False)
    collection.import_decks([(parse_file(deck), str(deck))])
    card = collection.next_card(T0)
    async with app_for(collection).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space", "e")
        await settle(pilot)
        assert "LOW-RANK" in screen.step.card.answer
        assert "LOW-RANK" in screen_text(pilot.app)
    assert "LOW-RANK" in collection.card(card.id).answer
    collection.close()


@pytest.mark.parametrize("editor", ['vi "', "/nonexistent/editor", "   "])
async def test_a_broken_editor_is_a_message_and_the_app_goes_on(tmp_path, monkeypatch, app_for, editor):
    from studyapp.deck import parse_file
    from studyapp.store.collection import Collection

    deck = tmp_path / "deck.md"
    deck.write_text("- **什么是LoRA？**\n    低秩适配。\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.setenv("VISUAL", editor)
    collection = Collection.open(tmp_path / "home", import_bundled=False)
    collection.import_decks([(parse_file(deck), str(deck))])
    async with app_for(collection).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space", "e")
        await settle(pilot)
        assert any("EDITOR" in n.message or "editor" in n.message for n in pilot.app._notifications)
        assert not screen.busy and pilot.app.is_running
        await pilot.press("3")  # the review goes on
        await settle(pilot)
        assert review_rows(collection)
    collection.close()


async def test_malformed_markdown_still_shows(col, app_for, monkeypatch):
    from studyapp.tui.widgets import card_markdown

    views = {v.slug: v for v in col.cards()}
    for slug in ("lora", "top-p", "memory", "memory-grad"):
        col.suspend(views[slug].id)
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        assert screen.step.card.slug == "broken"
        await pilot.press("space")
        await pilot.pause()
        assert "unclosed fence" in screen_text(pilot.app)
    # A parser failure falls back to the raw text.
    monkeypatch.setattr(card_markdown, "_parses", lambda text: False)
    async with app_for(col).run_test(size=(100, 32)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert screen.query_one("#answer").plain
        assert "print('unclosed fence'" in screen_text(pilot.app)


async def test_locked_database_is_retried_with_a_notice(tmp_path, monkeypatch, app_for):
    from studyapp.store import schema

    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    collection = make_collection(tmp_path / "locked")
    first = collection.next_card(T0)
    app = app_for(collection)
    async with app.run_test(size=(100, 32)) as pilot:
        await open_review(pilot)
        blocker = sqlite3.connect(collection.db_path, timeout=0.05)
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        await pilot.press("space", "3")
        for _ in range(40):
            await pilot.pause(0.05)
            if any("busy" in n.message for n in app._notifications):
                break
        assert any("busy" in n.message for n in app._notifications)
        assert review_rows(collection) == []
        blocker.rollback()
        blocker.close()
        await settle(pilot)
        assert app.screen.step.card.id != first.id
    assert [(r.card_id, r.rating) for r in review_rows(collection)] == [(first.id, 3)]
    collection.close()

