"""A card whose answer the team repaired shows the repair beside the original, marked as an addition."""
from __future__ import annotations

from studyapp.store.collection import Collection
from studyapp.tui.app import create_app
from studyapp.tui.repair_text import answer_with_repair
from studyapp.tui.screens.card_detail import CardDetailScreen
from studyapp.tui.widgets.card_markdown import CardMarkdown


def test_the_repair_is_quoted_under_its_own_heading():
    text = answer_with_repair("原文", "第一行\n\n第二行", "补充")
    assert text.startswith("原文\n\n---\n\n> **补充**")
    assert "> 第一行\n>\n> 第二行" in text
    assert answer_with_repair("原文", None, "补充") == "原文"


async def test_card_detail_shows_the_original_and_the_marked_repair(tmp_path):
    col = Collection.open(tmp_path / "home")
    lora = next(c for c in col.cards() if c.slug == "lora-bc5745")
    app = create_app(col)
    async with app.run_test(size=(100, 32)) as pilot:
        await app.push_screen(CardDetailScreen(lora.id))
        for _ in range(50):
            await pilot.pause(0.05)
            shown = app.screen.query_one("#detail-answer", CardMarkdown).text
            if shown:
                break
    col.close()
    assert "某个参数矩阵为，那么" in shown  # the user's words, as written
    assert "Added by studyapp" in shown and "BA" in shown
