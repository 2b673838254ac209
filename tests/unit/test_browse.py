"""The browse query language against a real collection."""
from __future__ import annotations

from datetime import timedelta

import pytest

from studyapp.deck.model import Deck, Note
from studyapp.service.collection import open_collection
from studyapp.store import browse
from tests.conftest import T0

NOTES = (
    Note("lora", "什么是LoRA？", "低秩适配，省显存。", "微调", 1),
    Note("top-p", "What is top-p sampling?", "Smallest set with probability >= p; 100% safe_name", "Sampling", 5),
    Note("temp", "Temperature 的作用？", "控制随机性", "Sampling", 9),
    Note("zero", "ZeRO 分片", "优化器状态分片", "显存", 13),
)


@pytest.fixture
def col(tmp_path):
    collection = open_collection(tmp_path / "home", import_bundled=False)
    collection.import_decks([(Deck("t", "t", NOTES), "t")], now=T0 - timedelta(days=30))
    ids = {v.slug: v.id for v in collection.cards()}
    collection.rate(ids["top-p"], 4, T0 - timedelta(days=20))  # review, due in days
    for days, rating in ((20, 4), (10, 1)):  # a lapse
        collection.rate(ids["temp"], rating, T0 - timedelta(days=days))
    collection.suspend(ids["zero"])
    yield collection, ids
    collection.close()


def found(collection, query):
    return [row.id for row in browse.search(collection, query, T0).rows]


def test_free_text_matches_question_or_answer_chinese_included(col):
    collection, ids = col
    assert found(collection, "LoRA") == [ids["lora"]]
    assert found(collection, "显存") == [ids["lora"]]  # answer text
    assert found(collection, "分片") == [ids["zero"]]
    assert found(collection, '"top-p sampling"') == [ids["top-p"]]
    assert found(collection, "100%") == [ids["top-p"]]  # LIKE wildcards are literal
    assert found(collection, "safe_name") == [ids["top-p"]]
    assert found(collection, "nothing-like-this") == []


def test_is_filters(col):
    collection, ids = col
    assert found(collection, "is:new") == [ids["lora"], ids["zero"]]
    assert found(collection, "is:suspended") == [ids["zero"]]
    assert set(found(collection, "is:review")) | set(found(collection, "is:learning")) == {ids["top-p"], ids["temp"]}
    assert ids["temp"] in found(collection, "is:due")
    assert found(collection, "-is:new") == [ids["top-p"], ids["temp"]]
    with pytest.raises(browse.QueryError):
        browse.search(collection, "is:whatever", T0)


def test_tag_section_and_numbers(col):
    collection, ids = col
    assert found(collection, "section:Sampling") == [ids["top-p"], ids["temp"]]
    assert found(collection, "section:显存") == [ids["zero"]]
    assert found(collection, "lapses>0") == [ids["temp"]]
    assert found(collection, "lapses>2") == []
    assert found(collection, "reps>=2") == [ids["temp"]]
    assert found(collection, "tag:leech") == []


def test_retrievability_filter(col):
    collection, ids = col
    r = {row.id: row.retrievability for row in browse.search(collection, "-is:new", T0).rows}
    assert all(0 < value <= 1 for value in r.values())
    threshold = (r[ids["top-p"]] + r[ids["temp"]]) / 2
    low = min(r, key=r.get)
    assert found(collection, f"r<{threshold:.4f}") == [low]
    assert set(found(collection, "r<=1")) == {ids["top-p"], ids["temp"]}


def test_limit_and_total(col):
    collection, _ = col
    result = browse.search(collection, "", T0, limit=2)
    assert len(result.rows) == 2 and result.total == 4 and result.truncated


def test_next_intervals_for_a_new_card(col):
    collection, ids = col
    shown = browse.next_intervals(collection, ids["lora"], T0)
    assert shown[1] == "<1m" and shown[3] == "<10m" and shown[4].endswith("d")


@pytest.mark.parametrize(("query", "message"), [
    ("foo:bar", "foo: is not a search field"),
    ("r<", "r<: a comparison needs a number"),
    ("lapses>=x", "lapses>=x: a comparison needs a number"),
    ("tag:", "tag: needs a value"),
])
def test_unknown_fields_and_broken_comparisons_are_errors_not_empty_results(col, query, message):
    collection, _ = col
    with pytest.raises(browse.QueryError, match=message):
        browse.search(collection, query, T0)


def test_a_quoted_phrase_with_a_colon_is_text(col):
    collection, ids = col
    assert found(collection, '"foo:bar"') == []  # searched as text, no error
    assert found(collection, "https://example.org") == []


def test_cloze_cards_show_their_own_text_not_the_parents_question(tmp_path):
    note = Note("kv", "什么是KV cache？", "推理时缓存 **键** 和 **值**，避免重复计算 **注意力**。", "推理", 1)
    collection = open_collection(tmp_path / "home", import_bundled=False)
    try:
        collection.import_decks([(Deck("c", "c", (note,)), "c")], now=T0)
        rows = browse.search(collection, "", T0).rows
        questions = [row.question for row in rows]
        assert questions.count("什么是KV cache？") == 1
        clozes = [q for q in questions if q != "什么是KV cache？"]
        assert clozes and all("[…]" in q for q in clozes)
    finally:
        collection.close()
