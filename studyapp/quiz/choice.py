"""Multiple choice with exactly one right option and distractors from sibling notes.

Four kinds, each right by construction rather than by judgement:
- term: a table row's description, and the row names of its table as options;
- fact: one checked true statement about the note among checked false ones (content/repairs.zh.toml);
- blank: a sentence of the note with one of its terms blanked, and terms of its topic family as the
  other options;
- source: which sentence comes from this note's answer (or its repair); the others come from
  siblings' answers and appear nowhere in this note's text. It tests memory of wording, so a quiz
  takes few of them (see generate.py).

Distractors come from the same topic family only, and an item is dropped when its right option is the
only one naming the note's own subject (the only option saying "QLoRA" on the QLoRA note), or when an
option is a fragment.
"""
from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from random import Random

from studyapp.deck.families import gives_away, sibling_tiers, subjects
from studyapp.deck.model import Note
from studyapp.deck.plain_text import first_paragraph, plain, sentences, squash, weight, without_placeholders
from studyapp.deck.repairs import Fact, Repair

from .items import Grade, QuizItem
from .terms import Term, is_fragment, mentions, note_sentences, note_terms, occurrences

OPTIONS = 4
MIN_OPTIONS = 3
BLANK = "［……］"
SOURCE_PROMPT = "下列哪一句出自「{}」这一题（原文或补充）？"
BLANK_PROMPT = "选择填空（{}）：\n{}"
GIST_WEIGHT = (12, 48)  # a sentence long enough to say something, short enough to read as an option
GIST_CANDIDATES = 3
# A sentence whose formula the export dropped (`加进 的params`, `矩阵为，`) reads badly as an option.
_LOOKS_BROKEN = re.compile(r"\S +的|(?<!因)为[，。]")
_LEANING = ("然后", "因此", "所以", "也就是说", "例如", "比如", "实际上", "这样", "这也", "除了", "再", "而", "但",
            "另外", "当然", "简单来说", "其中", "因为", "首先", "例：", "它", "这", "那么", "里的")


def make_items(notes: Sequence[Note], rng: Random, repairs: Mapping[str, Repair],
               facts: Mapping[str, Sequence[Fact]], terms: Mapping[str, Sequence[str]] | None = None) -> list[QuizItem]:
    by_slug = {note.slug: note for note in notes}
    items = (_term_items(notes, rng) + _fact_items(notes, rng, facts) + _blank_items(notes, rng, repairs, facts, terms or {})
             + _source_items(notes, rng, repairs))
    return [item for item in items if _fair(item, by_slug[item.note])]


def is_source_item(item: QuizItem) -> bool:
    """A "which sentence comes from …" item: memory of wording rather than knowledge."""
    return item.type == "choice" and item.prompt.startswith(SOURCE_PROMPT.split("「")[0])


def _fair(item: QuizItem, note: Note) -> bool:
    return not gives_away(note, item.prompt, item.answer, item.options) and not any(is_fragment(o) for o in item.options)


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
        near, _ = sibling_tiers(note, notes)
        tiers = [[f.wrong for f in own if f.wrong], [f.wrong for sib in near for f in facts.get(sib.slug, ()) if f.wrong]]
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
        near, _ = sibling_tiers(note, notes)
        tiers = [[s for s in (gists[sib.slug] for sib in near) if s and squash(s) not in own_text]]
        item = _item(note.slug, SOURCE_PROMPT.format(note.question), right, tiers, rng)
        if item:
            items.append(item)
    return items


def _blank_items(notes: Sequence[Note], rng: Random, repairs: Mapping[str, Repair],
                 facts: Mapping[str, Sequence[Fact]], terms: Mapping[str, Sequence[str]]) -> list[QuizItem]:
    """A term blanked in a sentence of its note; the other options are terms of the same family's other
    notes that the sentence does not contain. The sentence is not the one the cloze item uses: the
    last that fits, where the cloze takes the best."""
    own_terms = {note.slug: note_terms(note, terms) for note in notes}
    items = []
    for note in notes:
        near, _ = sibling_tiers(note, notes)
        if not near:
            continue
        own_keys = {squash(f) for term in own_terms[note.slug] for f in term.forms}
        found = note_sentences(note, repairs, facts)
        for term in own_terms[note.slug]:
            blank = _last_blank(term, found)
            if blank is None:
                continue
            sentence, start, form = blank
            shown = sentence[start:start + len(form)]
            others = [t.main for sib in near for t in own_terms[sib.slug]
                      if not {squash(f) for f in t.forms} & own_keys and not mentions(sentence, t)]
            prompt = BLANK_PROMPT.format(note.question, sentence[:start] + BLANK + sentence[start + len(form):])
            item = _item(note.slug, prompt, shown, [others], rng)
            if item:
                items.append(item)
    return items


def _last_blank(term: Term, found: Sequence[str]) -> tuple[str, int, str] | None:
    for sentence in reversed(found):
        if weight(sentence) > 70:
            continue
        hits = [(form, at) for form in term.forms for at in occurrences(form, sentence)]
        if len({at for _, at in hits}) == 1:
            form, at = max(hits, key=lambda hit: len(hit[0]))
            if weight(sentence) - weight(form) >= 8:
                return sentence, at, form
    return None


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
    return low <= weight(sentence) <= high and not is_fragment(sentence)


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
