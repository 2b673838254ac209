"""Synthetic instructions: three tasks on a digit, each asked in several phrasings.

The answer is one digit, so "did the model follow the instruction" is a clean per-example
measurement. Training phrasings and held-out phrasings differ; the held-out ones reuse the
keywords of the training phrasings after the first (follows, increment, twice, ...) in new
sentences, so only a model that saw several phrasings has met their keywords.
"""
from __future__ import annotations

import random

DIGITS = "0123456789"
TASKS = {
    "next": lambda x: (x + 1) % 10,
    "previous": lambda x: (x - 1) % 10,
    "double": lambda x: (2 * x) % 10,
}
TEMPLATES = {  # the first phrasing of each task is the "single template" of the instruction-strategy experiment
    "next": ["next after {x}", "{x} plus one", "what follows {x}?", "increment {x}", "{x} 的下一个数"],
    "previous": ["number before {x}", "{x} minus one", "what precedes {x}?", "decrement {x}", "{x} 的上一个数"],
    "double": ["double {x}", "{x} times two", "what is twice {x}?", "multiply {x} by two", "{x} 的两倍"],
}
HELD_OUT_TEMPLATES = {
    "next": ["please increment {x} now", "tell me what follows {x}", "{x} 下一个数是"],
    "previous": ["please decrement {x} now", "tell me what precedes {x}", "{x} 上一个数是"],
    "double": ["please multiply {x} by two now", "tell me twice {x}", "{x} 两倍是"],
}
SYSTEM = "answer with one digit"


def alphabet() -> str:
    texts = [t for group in (TEMPLATES, HELD_OUT_TEMPLATES) for ts in group.values() for t in ts]
    return "".join(sorted(set("".join(texts).replace("{x}", "") + DIGITS + SYSTEM)))


def examples(n: int, templates: dict[str, list[str]], rng: random.Random) -> list[tuple[str, str]]:
    """n (instruction, answer) pairs, tasks and phrasings drawn uniformly."""
    found = []
    for _ in range(n):
        task = rng.choice(sorted(TASKS))
        x = rng.randrange(10)
        found.append((rng.choice(templates[task]).format(x=x), str(TASKS[task](x))))
    return found


def single(templates: dict[str, list[str]]) -> dict[str, list[str]]:
    return {task: ts[:1] for task, ts in templates.items()}


def messages(instruction: str, answer: str | None = None, system: bool = False) -> list[dict]:
    found = [{"role": "system", "content": SYSTEM}] if system else []
    found.append({"role": "user", "content": instruction})
    if answer is not None:
        found.append({"role": "assistant", "content": answer})
    return found
