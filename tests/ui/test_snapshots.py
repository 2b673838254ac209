"""Every screen at 100×32 (and the small-terminal notice at 40×12), with Chinese cards among them.

Update after an intended change: pytest tests/ui/test_snapshots.py --snapshot-update
"""
from __future__ import annotations

from textual.widgets import Input

from studyapp.store.settings import Settings
from tests.ui.conftest import settle

SIZE = (100, 32)


def keys_then_settle(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    return run_before


def suspend(collection, *slugs: str) -> None:
    views = {v.slug: v for v in collection.cards()}
    for slug in slugs:
        collection.suspend(views[slug].id)


def test_home(snap_compare, studied, app_for):
    assert snap_compare(app_for(studied), terminal_size=SIZE, run_before=keys_then_settle())


def test_home_in_chinese(snap_compare, studied, app_for):
    studied.save_settings(Settings(language="zh"))
    assert snap_compare(app_for(studied), terminal_size=SIZE, run_before=keys_then_settle())


def test_review_question_chinese(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=keys_then_settle("r"))


def test_review_answer_with_code_and_table(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=keys_then_settle("r", "space"))


def test_review_missing_figure(snap_compare, col, app_for):
    suspend(col, "lora")
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=keys_then_settle("r", "space"))


def test_review_child_with_parent_context(snap_compare, col, app_for):
    suspend(col, "lora", "top-p", "memory")
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=keys_then_settle("r", "space"))


def test_review_summary(snap_compare, col, app_for):
    suspend(col, "top-p", "memory", "memory-grad", "broken", "temperature")
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=keys_then_settle("r", "space", "4"))


def test_review_help(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=keys_then_settle("r", "question_mark"))


def test_browse(snap_compare, studied, app_for):
    assert snap_compare(app_for(studied), terminal_size=SIZE, run_before=keys_then_settle("b"))


def test_card_detail(snap_compare, studied, app_for):
    assert snap_compare(app_for(studied), terminal_size=SIZE,
                        run_before=keys_then_settle("b", "down", "down", "down", "down", "down", "enter"))


def test_stats(snap_compare, studied, app_for):
    assert snap_compare(app_for(studied), terminal_size=SIZE, run_before=keys_then_settle("s"))


def test_settings(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=keys_then_settle("comma"))


def test_too_small(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=(40, 12), run_before=keys_then_settle())


def test_review_answer_at_the_minimum_size(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=(60, 16), run_before=keys_then_settle("r", "space"))


def test_browse_at_200_columns(snap_compare, studied, app_for):
    assert snap_compare(app_for(studied), terminal_size=(200, 32), run_before=keys_then_settle("b"))
