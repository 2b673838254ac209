"""The quiz item screen at 100×32 with a Chinese prompt and answer, and its feedback with a repair beside
the original answer. The items are written here, not generated, so that edits to the bundled deck or
the generators do not move the pictures.

Update after an intended change: pytest tests/ui/test_quiz_screen_snapshots.py --snapshot-update
"""
from __future__ import annotations

from textual.widgets import TextArea

from studyapp.deck.repairs import Repair
from studyapp.quiz import QuizItem
from studyapp.tui.screens.quiz_base import QuizOptions
from studyapp.tui.screens.quiz_run import QuizRunScreen
from tests.ui.conftest import NOTES, T0, settle

SIZE = (100, 32)
ITEMS = [
    QuizItem("free", "memory", "简答：解决显存不够的方法有哪些？各自省下的是哪一部分显存？",
             "- 混合精度\n- 梯度检查点\n- ZeRO 分片",
             key_points=("混合精度|mixed precision", "梯度检查点|gradient checkpointing|激活重计算",
                         "ZeRO 分片|ZeRO")),
    QuizItem("truefalse", "temperature", "判断对错：Temperature 越高，采样越随机。", True),
]
REPAIRS = {
    "memory": Repair("memory", frozenset({"missing_image"}),
                     "- **梯度检查点**：省激活值。\n- **ZeRO**：切分优化器状态、梯度和参数。",
                     ("ZeRO paper",), title="各方法省下的部分"),
}


def quiz_then(*steps):
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot)
        quiz_id = app.collection.start_quiz(seed=1, practice=True, now=T0)
        notes = {note.slug: note for note in NOTES}
        app.push_screen(QuizRunScreen(ITEMS, quiz_id, QuizOptions(count=2, practice=True), notes, REPAIRS))
        await settle(pilot)
        box = app.screen.query_one("#qz-text", TextArea)
        box.cursor_blink = False
        box.insert("用混合精度训练，\n再加上梯度检查点。")
        for key in steps:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_quiz_item_in_chinese(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=quiz_then())


def test_quiz_feedback_with_a_repair(snap_compare, col, app_for):
    assert snap_compare(app_for(col), terminal_size=SIZE, run_before=quiz_then("ctrl+s"))
