"""Cloze deletions: exactly one bold span, never part of a word, never the question itself."""
from __future__ import annotations

import re

import pytest

from studyapp.deck import parse_file
from studyapp.deck.model import Note
from studyapp.deck.plain_text import bold_spans, plain, squash
from studyapp.quiz import cloze_cards, generate_quiz, grade
from studyapp.resources import default_deck_path

CLOZE = re.compile(r"\{\{c1::(.+?)\}\}")


@pytest.fixture(scope="module")
def notes():
    return parse_file(default_deck_path()).notes


def note(answer: str, question: str = "测试问题", slug: str = "t-1") -> Note:
    return Note(slug=slug, question=question, answer=answer, section="S", line=1)


def test_bundled_deck_cards_hide_exactly_one_whole_bold_span(notes):
    cards = cloze_cards(notes)
    by_slug = {n.slug: n for n in notes}
    assert len(cards) >= 8
    for card in cards:
        source = by_slug[card.note_slug]
        assert CLOZE.findall(card.text) == [card.answer]
        # The deletion is one of the author's bold spans, whole.
        assert card.answer in [span.phrase for span in bold_spans(source.answer)]
        # Filling the blank back in gives the answer's own text: nothing around it was cut.
        restored = CLOZE.sub(lambda m: m.group(1), card.text)
        assert squash(restored) in squash(plain(source.answer))
        assert squash(card.answer) not in squash(source.question)
        assert len(squash(card.answer)) >= 3


def test_chinese_bold_phrases_keep_their_boundaries(notes):
    texts = {card.answer: card.text for card in cloze_cards(notes)}
    assert texts["BPE"] == "subword-level 最为常用，Llama的tokenizer是{{c1::BPE}}。"
    assert texts["数据的压缩"].endswith("即{{c1::数据的压缩}}。")
    assert texts["论文问答任务"] == "首先考虑经典的{{c1::论文问答任务}}。"
    # Too short to test (推理, 微调, 优点) or a whole bold sentence: not asked.
    for phrase in ("推理", "微调", "优点", "缺点"):
        assert phrase not in texts


def test_a_span_that_cuts_an_english_word_is_skipped():
    cards = cloze_cards([note("我们用 sub**word** 切分，再用 **BPE** 合并常见的相邻字符对。")])
    assert [c.answer for c in cards] == ["BPE"]


def test_an_unclosed_bracket_takes_its_closing_bracket_along():
    cards = cloze_cards([note("2. **自洽性（Self-consistency**），是对 CoT 的一个补充，取多数答案作为最终答案。")])
    assert cards[0].answer == "自洽性（Self-consistency）"
    assert cards[0].text.startswith("{{c1::自洽性（Self-consistency）}}，是对 CoT")


def test_the_question_itself_and_label_lines_are_not_asked():
    answer = "**混合精度训练** 是本题主题，前向用低精度计算。\n\n**计算FLOPS：**\n\n用 **loss scale** 防止梯度下溢。"
    cards = cloze_cards([note(answer, question="混合精度训练的优缺点")])
    assert [c.answer for c in cards] == ["loss scale"]


def test_context_is_the_sentence_around_the_span():
    cards = cloze_cards([note("第一句很长很长很长很长。然后 Llama 的分词器是 **BPE**，很常用。最后一句。")])
    assert cards[0].text == "然后 Llama 的分词器是 {{c1::BPE}}，很常用。"  # spacing as written


def test_a_parent_leaves_its_childrens_deletions_to_them():
    child_answer = "先前子问题的解答被放进提示，用 **最少到最多** 的顺序求解。"
    parent = note(f"- **LtM**\n\n  {child_answer}", question="思维链相关", slug="p-1")
    child = Note("p-1--c-2", "思维链相关 — LtM", child_answer, "S", 3, kind="child", parent_slug="p-1")
    cards = cloze_cards([parent, child])
    assert [(c.note_slug, c.answer) for c in cards] == [("p-1--c-2", "最少到最多")]


def test_cards_have_ordinals_and_stable_keys(notes):
    cards = cloze_cards(notes)
    for slug in {c.note_slug for c in cards}:
        mine = [c for c in cards if c.note_slug == slug]
        assert [c.ordinal for c in mine] == list(range(1, len(mine) + 1))
    keys = [c.key for c in cards]
    assert len(set(keys)) == len(keys)
    # A key depends on the note and the phrase, not on where the note stands in the deck.
    assert set(keys) == {c.key for c in cloze_cards(list(reversed(notes)))}
    assert all(c.key.startswith(f"{c.note_slug}::cloze-") for c in cards)


def test_cloze_items_and_their_grading(notes):
    items = generate_quiz(notes, 100, seed=1, types=["cloze"])
    assert len({item.note for item in items}) >= 30  # terms of nearly every note, not bold clauses of three
    for item in items:
        assert "［……］" in item.prompt and item.answer not in item.prompt.split("\n", 1)[1]
        assert item.to_json()["cloze"] == item.cloze
        assert grade(item, item.answer).correct
        assert grade(item, f" {item.answer.upper()} ").correct
        assert not grade(item, "完全无关的回答").correct
        assert not grade(item, "").correct
        for form in item.key_points[0].split("|"):  # an accepted form in the other language counts
            assert grade(item, form).correct
