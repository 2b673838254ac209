"""True or false: a table row with its own description or a sibling row's, and the checked facts
(each with its false twin) of content/repairs.zh.toml."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random

from studyapp.deck.model import Note
from studyapp.deck.plain_text import first_paragraph, squash
from studyapp.deck.repairs import Fact

from .items import Grade, QuizItem

PROMPT = "判断对错：{}"
_TRUE = {"t", "true", "y", "yes", "1", "对", "是", "正确", "√", "✓"}
_FALSE = {"f", "false", "n", "no", "0", "错", "否", "错误", "不对", "×", "✗", "x"}


def make_items(notes: Sequence[Note], rng: Random, facts: Mapping[str, Sequence[Fact]]) -> list[QuizItem]:
    items = []
    rows = [n for n in notes if n.kind == "table_row" and first_paragraph(n.answer)]
    for row in rows:
        own = first_paragraph(row.answer)
        items.append(QuizItem("truefalse", row.slug, PROMPT.format(f"{row.question}：{own}"), True))
        others = [first_paragraph(r.answer) for r in rows
                  if r.section == row.section and squash(first_paragraph(r.answer)) != squash(own)]
        if others:
            items.append(QuizItem("truefalse", row.slug, PROMPT.format(f"{row.question}：{rng.choice(others)}"), False))
    for note in notes:
        for fact in facts.get(note.slug, ()):
            items.append(QuizItem("truefalse", note.slug, PROMPT.format(fact.right), True))
            if fact.wrong:
                items.append(QuizItem("truefalse", note.slug, PROMPT.format(fact.wrong), False))
    return items


def parse_verdict(response: bool | str) -> bool | None:
    if isinstance(response, bool):
        return response
    word = str(response).strip().lower().rstrip("。.!！")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def grade(item: QuizItem, response: bool | str) -> Grade:
    verdict = parse_verdict(response)
    correct = verdict is item.answer
    expected = "对" if item.answer else "错"
    message = "" if verdict is not None else "请回答 对/错（t/f）"
    return Grade(correct, float(correct), expected, str(response), message=message)
