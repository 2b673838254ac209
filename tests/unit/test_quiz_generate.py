"""generate_quiz: reproducible from a seed, no item twice, types mixed; grade() for every type; JSON shape."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from studyapp.deck import parse_file
from studyapp.deck.model import Note
from studyapp.quiz import TYPES, format_quantity, generate_quiz, grade
from studyapp.resources import default_deck_path

FIELDS = {"type", "note", "prompt", "options", "answer", "formula", "params", "tolerance", "unit", "key_points", "cloze"}


@pytest.fixture(scope="module")
def notes():
    return parse_file(default_deck_path()).notes


def dump(items):
    return [item.to_json() for item in items]


def test_same_seed_same_quiz_other_seed_other_quiz(notes):
    first = generate_quiz(notes, 15, seed=42)
    assert dump(first) == dump(generate_quiz(notes, 15, seed=42))
    assert dump(first) != dump(generate_quiz(notes, 15, seed=43))


def test_no_item_twice_even_when_asking_for_everything(notes):
    items = generate_quiz(notes, 10_000, seed=1)
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys))
    assert len(items) > 100
    assert {item.type for item in items} == set(TYPES)


def test_types_are_mixed_and_notes_spread(notes):
    items = generate_quiz(notes, 10, seed=7)
    assert len(items) == 10
    counts = Counter(item.type for item in items)
    assert set(counts) == set(TYPES) and max(counts.values()) <= 2
    assert len({item.note for item in items}) >= 8


def test_types_and_sections_filter(notes):
    items = generate_quiz(notes, 12, seed=3, types=["numeric", "truefalse"])
    assert {item.type for item in items} == {"numeric", "truefalse"}
    assert generate_quiz(notes, 5, seed=3, sections=["没有这一节"]) == []
    assert len(generate_quiz(notes, 5, seed=3, sections=["LLM基础知识"])) == 5
    with pytest.raises(ValueError, match="unknown quiz type 'essay'"):
        generate_quiz(notes, 5, seed=3, types=["essay"])


def test_another_deck_gets_what_its_notes_allow():
    deck = [Note("a-1", "什么是混合精度训练？", "用 **fp16 计算、fp32 更新** 的训练方式，可以省显存也能加速。", "S", 1),
            Note("b-2", "模型训练时的显存", "参数、梯度、优化器状态和激活值。", "S", 5)]
    items = generate_quiz(deck, 20, seed=0)
    keys = [item.key for item in items]
    assert items and len(keys) == len(set(keys))
    assert {item.note for item in items} <= {"a-1", "b-2"}


def test_json_omits_fields_that_do_not_apply(notes):
    items = generate_quiz(notes, 200, seed=5)
    text = json.dumps({"items": dump(items)}, ensure_ascii=False)
    for data in json.loads(text)["items"]:
        assert set(data) <= FIELDS and {"type", "note", "prompt", "answer"} <= set(data)
        assert all(value is not None for value in data.values())
        assert ("options" in data) == (data["type"] == "choice")
        assert ("formula" in data) == ("params" in data) == ("tolerance" in data) == (data["type"] == "numeric")
        assert ("cloze" in data) == (data["type"] == "cloze")
        assert ("key_points" in data) == (data["type"] in ("free", "cloze"))  # cloze: the accepted forms


def right_response(item):
    if item.type == "numeric":
        return format_quantity(item.answer, item.unit)
    if item.type == "free":
        return "；".join(point.split("|")[0] for point in item.key_points)
    return item.answer


def test_grade_handles_every_type(notes):
    for item in generate_quiz(notes, 60, seed=8):
        result = grade(item, right_response(item))
        assert result.correct and result.score == pytest.approx(1.0), (item.type, item.prompt)
        assert result.expected
        json.dumps(result.to_json(), ensure_ascii=False)
        assert result.overridden(False).final_correct is False
