"""Which notes are siblings: notes of one family (LoRA/QLoRA/Prefix-tuning/P-tuning, fp16/bf16/fp32,
encoder-only/decoder-only/encoder-decoder, …) that are about different subjects.

A good distractor comes from a sibling: near enough to be plausible, about something else so that it
is not a second right answer. A note's relatives (its parent, its children) are never siblings,
because a parent's answer holds its children's text.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from studyapp.deck.model import Note

FAMILIES: dict[str, tuple[str, ...]] = {
    "peft": ("lora", "qlora", "prefix-tuning", "prefix", "p-tuning", "prompt-tuning", "instruction-tuning", "adapter"),
    "precision": ("fp32", "fp16", "bf16", "半精度", "混合精度"),
    "architecture": ("encoder", "decoder", "gpt", "bert"),
    "sampling": ("top-k", "top-p", "temperature"),
    "memory": ("显存",),
    "rlhf": ("rlhf", "rm", "ppo"),
    "prompting": ("cot", "思维链", "zeroshot", "fewshot", "指令"),
    "tokenization": ("tokenizer", "oov", "bpe"),
}


@cache
def _keyword(word: str) -> re.Pattern[str]:
    # Latin keywords match whole words only: "lora" is not in "qlora", "rm" is not in "transformer".
    return re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")


def subjects(note: Note) -> frozenset[str]:
    """The family keywords the question names: {"qlora", "lora"} for qLora 原理，与 Lora 的区别是什么？"""
    return _subjects(note.question.lower())


@cache
def _subjects(question: str) -> frozenset[str]:
    return frozenset(w for words in FAMILIES.values() for w in words if _keyword(w).search(question))


def families(note: Note) -> frozenset[str]:
    found = subjects(note)
    return frozenset(name for name, words in FAMILIES.items() if found.intersection(words))


def root(note: Note) -> str:
    return note.parent_slug or note.slug


def sibling_tiers(note: Note, notes: Sequence[Note]) -> tuple[list[Note], list[Note]]:
    """(near, rest): notes of the same family about other subjects, then the rest of the same section
    about other subjects. Distractors are drawn from the first tier before the second."""
    mine, own = families(note), subjects(note)
    others = [n for n in notes if root(n) != root(note) and not subjects(n) & own]
    near = [n for n in others if families(n) & mine]
    rest = [n for n in others if n.section == note.section and not families(n) & mine]
    return near, rest
