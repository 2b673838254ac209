"""True/false items from the sampling table and the checked facts."""
from __future__ import annotations

from random import Random

import pytest

from studyapp.deck import parse_file
from studyapp.deck.plain_text import first_paragraph
from studyapp.deck.repairs import load_facts
from studyapp.quiz import grade
from studyapp.quiz.truefalse import make_items, parse_verdict
from studyapp.resources import default_deck_path


@pytest.fixture(scope="module")
def notes():
    return parse_file(default_deck_path()).notes


@pytest.fixture(scope="module")
def items(notes):
    return make_items(notes, Random(2), load_facts())


def test_table_rows_are_true_with_their_own_description_and_false_with_another(notes, items):
    rows = {n.slug: n for n in notes if n.kind == "table_row"}
    descriptions = {slug: first_paragraph(n.answer) for slug, n in rows.items()}
    row_items = [item for item in items
                 if item.note in rows and item.prompt.startswith(f"判断对错：{rows[item.note].question}：")]
    assert {item.answer for item in row_items} == {True, False}
    for item in row_items:
        statement = item.prompt.removeprefix("判断对错：")
        term, _, description = statement.partition("：")
        assert term == rows[item.note].question
        assert (description == descriptions[item.note]) is item.answer
        assert description in descriptions.values()


def test_facts_give_a_true_item_and_a_false_twin(items):
    facts = load_facts()
    prompts = {item.prompt: item.answer for item in items}
    for entries in facts.values():
        for fact in entries:
            assert prompts[f"判断对错：{fact.right}"] is True
            if fact.wrong:
                assert prompts[f"判断对错：{fact.wrong}"] is False


def test_facts_cover_the_repairs_and_the_families():
    facts = load_facts()
    for slug in ("rlhf-rm-339b6a", "lora-bc5745", "5e5177", "bf16-fp16-cc19cd", "qlora-lora-bc1c7a",
                 "encoder-only-decoder-only-encoder-decode-188b8d", "p-tuning-v2-c5c518"):
        assert facts.get(slug), slug


@pytest.mark.parametrize(("response", "verdict"), [
    (True, True), (False, False), ("t", True), ("TRUE", True), ("对", True), ("是", True), ("√", True),
    ("f", False), ("错", False), ("错误", False), ("no", False), ("×", False), ("maybe", None), ("", None),
])
def test_parse_verdict(response, verdict):
    assert parse_verdict(response) is verdict


def test_grading(items):
    item = next(i for i in items if i.answer is True)
    assert grade(item, "对").correct and grade(item, True).correct
    assert not grade(item, "f").correct
    unsure = grade(item, "maybe")
    assert not unsure.correct and unsure.message
    data = item.to_json()
    assert data["answer"] is True and "options" not in data
