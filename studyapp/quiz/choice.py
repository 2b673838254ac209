"""Multiple choice with exactly one right option and distractors from sibling notes.

Three kinds, each right by construction rather than by judgement:
- term: a table row's description, and the row names of its table as options;
- fact: one checked true statement about the note among checked false ones (content/repairs.zh.toml);
- source: which sentence comes from this note's answer (or its repair); the others come from
  siblings' answers and appear nowhere in this note's text.
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from random import Random

from studyapp.deck.model import Note
from studyapp.deck.repairs import Fact, Repair

from .families import sibling_tiers, subjects
from .items import Grade, QuizItem
from .text import first_paragraph, plain, sentences, squash, weight, without_placeholders

OPTIONS = 4
MIN_OPTIONS = 3
GIST_WEIGHT = (12, 48)  # a sentence long enough to say something, short enough to read as an option
GIST_CANDIDATES = 3
# A sentence whose formula the export dropped (`加进 的params`, `矩阵为，`) reads badly as an option.
_LOOKS_BROKEN = re.compile(r"\S +的|(?<!因)为[，。]")
_LEANING = ("然后", "因此", "所以", "也就是说", "例如", "比如", "实际上", "这样", "这也", "除了", "再", "而", "但",
            "另外", "当然", "简单来说", "其中", "因为", "首先", "例：", "它", "这", "那么", "里的")


def make_items(notes: Sequence[Note], rng: Random, repairs: Mapping[str, Repair],
               facts: Mapping[str, Sequence[Fact]]) -> list[QuizItem]:
    return _term_items(notes, rng) + _fact_items(notes, rng, facts) + _source_items(notes, rng, repairs)


def _term_items(notes: Sequence[Note], rng: Random) -> list[QuizItem]:
    rows = [n for n in notes if n.kind == "table_row" and first_paragraph(n.answer)]
    items = []
    for row in rows:
        others = [r.question for r in rows if r.section == row.section and r is not row]
        prompt = f"下面的描述说的是哪一种？\n「{first_paragraph(row.answer)}」"
        item = _item(row.slug, prompt, row.question, [others], rng)
        if item:
            items.append(item)
    return items


def _fact_items(notes: Sequence[Note], rng: Random, facts: Mapping[str, Sequence[Fact]]) -> list[QuizItem]:
    items = []
    for note in notes:
        own = facts.get(note.slug, ())
        if not own:
            continue
        tiers = [[f.wrong for f in own if f.wrong]]
        for group in sibling_tiers(note, notes):
            tiers.append([f.wrong for sib in group for f in facts.get(sib.slug, ()) if f.wrong])
        for fact in own:
            item = _item(note.slug, f"关于「{note.question}」，下列哪一项是正确的？", fact.right, tiers, rng)
            if item:
                items.append(item)
    return items


def _source_items(notes: Sequence[Note], rng: Random, repairs: Mapping[str, Repair]) -> list[QuizItem]:
    items = []
    gists = {note.slug: gist(note, repairs) for note in notes}
    for note in notes:
        right = gists[note.slug]
        if not right:
            continue
        own_text = squash(plain(note.answer) + (repairs[note.slug].text if note.slug in repairs else ""))
        tiers = []
        for group in sibling_tiers(note, notes):
            found = (gists[sib.slug] for sib in group)
            tiers.append([s for s in found if s and squash(s) not in own_text])
        item = _item(note.slug, f"下列哪一句出自「{note.question}」这一题（原文或补充）？", right, tiers, rng)
        if item:
            items.append(item)
    return items


def gist(note: Note, repairs: Mapping[str, Repair]) -> str | None:
    """A sentence that stands for the note: a table row's description, else the fullest of the first
    few sentences of its answer (or of its repair when the answer has none). Sentences that lean on
    the one before (然后…, 因此…) and sentences naming the note's own subject come last, so that
    the option reads on its own and does not give itself away."""
    if note.kind == "table_row" and first_paragraph(note.answer):
        return first_paragraph(note.answer)
    found = [s for s in sentences(without_placeholders(note.answer)) if _fits(s)]
    if not found and note.slug in repairs:
        found = [s for s in sentences(repairs[note.slug].text) if _fits(s) and "$" not in s]
    if not found:
        return None
    own = subjects(note)

    def flaws(s: str) -> tuple[bool, bool, bool]:
        return bool(_LOOKS_BROKEN.search(s)), s.startswith(_LEANING), any(word in s.lower() for word in own)

    fewest = min(flaws(s) for s in found)
    return max([s for s in found if flaws(s) == fewest][:GIST_CANDIDATES], key=weight)


def _fits(sentence: str) -> bool:
    low, high = GIST_WEIGHT
    return low <= weight(sentence) <= high and not sentence.rstrip().endswith(("：", ":"))


def _item(slug: str, prompt: str, right: str, tiers: Sequence[Sequence[str]], rng: Random) -> QuizItem | None:
    """A choice item with distractors from the first tiers first, or None when fewer than MIN_OPTIONS
    distinct options can be found."""
    seen = {squash(right)}
    pool = []
    for tier in tiers:
        fresh = []
        for text in tier:
            key = squash(text)
            if key and key not in seen:  # no duplicate option, no distractor equal to the answer
                seen.add(key)
                fresh.append(text)
        rng.shuffle(fresh)
        pool.extend(fresh)
    if len(pool) + 1 < MIN_OPTIONS:
        return None
    options = [right] + pool[: OPTIONS - 1]
    rng.shuffle(options)
    return QuizItem("choice", slug, prompt, right, options=tuple(options))


def option_index(item: QuizItem, response: int | str) -> int | None:
    """The chosen option: an int is 0-based; a letter (A, b) or a digit string (1-based) as typed; else the text."""
    if isinstance(response, bool):
        return None
    if isinstance(response, int):
        return response if 0 <= response < len(item.options) else None
    text = str(response).strip()
    if len(text) == 1 and text.upper() in string.ascii_uppercase[: len(item.options)]:
        return string.ascii_uppercase.index(text.upper())
    if text.isdigit():
        number = int(text)
        return number - 1 if 1 <= number <= len(item.options) else None
    keys = [squash(option) for option in item.options]
    return keys.index(squash(text)) if squash(text) in keys else None


def grade(item: QuizItem, response: int | str) -> Grade:
    index = option_index(item, response)
    right = item.options.index(item.answer)
    letter = string.ascii_uppercase[right]
    correct = index == right
    message = "" if index is not None else "没有认出选的是哪一项：请输入 A–D 或选项编号"
    return Grade(correct, float(correct), f"{letter}. {item.answer}", str(response), message=message)
