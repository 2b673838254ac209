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
    "architecture": ("encoder", "decoder", "gpt", "bert", "llama", "glm", "bloom"),
    "sampling": ("top-k", "top-p", "temperature"),
    "memory": ("显存",),
    "rlhf": ("rlhf", "rm", "ppo"),
    "prompting": ("cot", "思维链", "zeroshot", "fewshot", "指令策略"),
    "tokenization": ("tokenizer", "oov", "bpe"),
}


# Other names of a subject keyword, in the other language or spelling: naming any of them names the subject.
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "lora": ("low-rank adaptation", "低秩适配"),
    "qlora": ("quantized lora", "量化 lora"),
    "prefix-tuning": ("prefix tuning", "前缀微调"),
    "p-tuning": ("p tuning",),
    "prompt-tuning": ("prompt tuning", "提示微调"),
    "instruction-tuning": ("instruction tuning", "指令微调"),
    "fp32": ("float32", "单精度"),
    "fp16": ("float16",),
    "bf16": ("bfloat16",),
    "半精度": ("half precision", "half-precision"),
    "混合精度": ("mixed precision", "mixed-precision"),
    "top-p": ("nucleus", "核采样"),
    "temperature": ("温度",),
    "显存": ("gpu memory", "vram"),
    "rlhf": ("人类反馈强化学习",),
    "rm": ("reward model", "奖励模型"),
    "cot": ("chain-of-thought", "chain of thought", "思维链"),
    "思维链": ("cot", "chain-of-thought"),
    "zeroshot": ("zero-shot", "零样本"),
    "fewshot": ("few-shot", "少样本"),
    "tokenizer": ("分词器",),
    "oov": ("out of vocabulary", "未登录词"),
    "bpe": ("byte pair encoding", "字节对编码"),
}


@cache
def keyword_pattern(word: str) -> re.Pattern[str]:
    # Latin keywords match whole words only: "lora" is not in "qlora", "rm" is not in "transformer".
    return re.compile(rf"(?<![a-z]){re.escape(word)}(?![a-z])")


def subjects(note: Note) -> frozenset[str]:
    """The family keywords the question names: {"qlora", "lora"} for qLora 原理，与 Lora 的区别是什么？"""
    return _subjects(note.question.lower())


@cache
def _subjects(question: str) -> frozenset[str]:
    return frozenset(w for words in FAMILIES.values() for w in words if keyword_pattern(w).search(question))


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


def subject_names(note: Note) -> frozenset[str]:
    """Every way of naming the note's own subjects, lower case: its keywords and their other names."""
    own = subjects(note)
    return frozenset(own | {name for word in own for name in OTHER_NAMES.get(word, ())})


def names(text: str, name: str) -> bool:
    return bool(keyword_pattern(name).search(text.lower()))


def gives_away(note: Note, prompt: str, right: str, options: Sequence[str]) -> bool:
    """True when the prompt names the note's subject and the right option is the only one naming it too
    (in any of its names). A prompt that describes without naming ("which one is this?") asks for the name."""
    own = subject_names(note)
    if not any(names(prompt, name) for name in own):
        return False
    others = [option for option in options if option != right]
    return any(names(right, name) and not any(names(o, name) for o in others) for name in own)
