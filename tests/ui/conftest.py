"""UI fixtures: a real collection in tmp_path with a small fixed deck, a fixed clock, UTC."""
from __future__ import annotations

import os
import random
import time
from datetime import datetime, timedelta, timezone

import pytest

from studyapp.deck.model import Deck, Note
from studyapp.service.collection import open_collection
from studyapp.store.collection import Collection
from studyapp.tui.app import create_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SOURCE = "sample:ui-deck"

LORA_ANSWER = """LoRA（低秩适配）冻结预训练权重 $W$，只训练两个小矩阵 $A$、$B$：

```python
h = W @ x + (B @ A) @ x * (alpha / r)
```

| 方法 | 可训练参数 |
| --- | --- |
| 全量微调 | 100% |
| LoRA (r=8) | 约 0.1% |
"""

NOTES = (
    Note("lora", "什么是LoRA？它为什么省显存？", LORA_ANSWER, "微调", 3),
    Note("top-p", "What is top-p (nucleus) sampling?",
         "Sample from the smallest set of tokens whose probability adds up to **p**.\n\n"
         "*[缺失的图 missing figure: Untitled 7.png]*", "Sampling", 20),
    Note("memory", "解决显存不够的方法有哪些？", "- 混合精度\n- 梯度检查点\n- ZeRO 分片", "显存", 30),
    Note("memory-grad", "处理梯度 gradient", "梯度累积：多个小批次的梯度相加后再更新。", "显存", 34, kind="child",
         parent_slug="memory"),
    Note("broken", "A card with malformed Markdown", "```python\nprint('unclosed fence'\n| a | b\n|---\n<div>",
         "Sampling", 40),
    Note("temperature", "Temperature 的作用？", "控制采样的随机性：越高越随机。", "Sampling", 50),
)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Study days and dates on screen do not depend on the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def make_collection(home, notes=NOTES) -> Collection:
    collection = open_collection(home, import_bundled=False)
    collection.import_decks([(Deck("UI sample", SOURCE, notes), SOURCE)], now=T0 - timedelta(days=90))
    return collection


@pytest.fixture
def col(tmp_path):
    collection = make_collection(tmp_path / "home")
    yield collection
    collection.close()


def add_history(collection, now=T0) -> None:
    """Some answers over the last weeks: a heatmap, a forecast, retention figures and a card's history."""
    random.seed(20260302)  # fsrs fuzzes intervals with the random module: the same dates every run
    views = {v.slug: v for v in collection.cards()}
    plan = {"temperature": (40, 30, 12, 2), "top-p": (35, 20, 6), "broken": (25, 24, 1)}
    ratings = {"temperature": (3, 3, 3, 1), "top-p": (3, 4, 3), "broken": (1, 3, 3)}
    for slug, days_ago in plan.items():
        for days, rating in zip(days_ago, ratings[slug]):
            collection.rate(views[slug].id, rating, now - timedelta(days=days, hours=1), duration_ms=8000)


@pytest.fixture
def studied(col):
    add_history(col)
    return col


@pytest.fixture
def app_for():
    def make(collection, **kwargs):
        return create_app(collection, clock=lambda: T0, lock_retry_delay=0.05, **kwargs)

    return make


async def settle(pilot, rounds: int = 6) -> None:
    """Let workers finish and their results reach the screen."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.fixture(autouse=True)
def no_editor(monkeypatch):
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.delenv("VISUAL", raising=False)
    yield
    os.environ.pop("STUDYAPP_TEST_EDIT", None)
