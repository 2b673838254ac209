"""The small language in which content/keypoints.zh.toml writes the forms of an idea, compiled to matchers.

    form   := group (" > " group)*          groups in this order (SFT > RM > PPO), anywhere in the answer
    group  := term (" + " term)*            all terms in one sentence, any order
    term   := ["@"] alt ("|" alt)*          any one alternative; "@" marks the subject the others are bound to
            | "NEG"                         the other terms must be negated (不需要 … 优化器状态)
            | "#" number [":" unit]          a number (12, 2.94e21, 16e9) as the answer writes it in any form
    alt    := ["="] words ["*"]             "=" compares case: =FLOPS is not =FLOPs; "*" any ending: quantiz*

Alternatives are matched as words: "rm" does not match inside "norm", "lora" not inside "qlora"; spaces
and hyphens are optional ("fine-tuning", "fine tuning", "finetuning"), an English plural s is allowed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_RUN = re.compile(r"(?P<cjk>[\u3400-\u9fff\uf900-\ufaff]+)|(?P<word>[^\W_\u3400-\u9fff]+)|(?P<space>[\s\-_]+)|(?P<punct>.)")


class FormError(ValueError):
    """A form that cannot be read; the loader adds the file and the field."""


@dataclass(frozen=True)
class Term:
    alternatives: tuple[str, ...]  # as written, for messages
    patterns: tuple[tuple[re.Pattern[str], bool], ...] = ()  # (regex, case sensitive)
    anchor: bool = False
    number: float | None = None
    unit: str | None = None

    @property
    def is_number(self) -> bool:
        return self.number is not None


@dataclass(frozen=True)
class Form:
    text: str
    groups: tuple[tuple[Term, ...], ...]
    negated: bool  # the form holds NEG: its words must be under a negation

    @property
    def ordered(self) -> bool:
        return len(self.groups) > 1

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for group in self.groups for t in group)

    @property
    def anchor(self) -> Term | None:
        return next((t for t in self.terms if t.anchor), None)


@cache
def alternative_pattern(alt: str) -> tuple[re.Pattern[str], bool]:
    """A regular expression for one alternative, to run on the folded (or, case-sensitive, the plain) text."""
    case = alt.startswith("=")
    words = alt[1:] if case else alt.lower()
    stem = words.endswith("*")
    words = words.rstrip("*")
    parts: list[str] = []
    previous = None  # kind of the last run: cjk | word | punct
    gap = False
    for m in _RUN.finditer(words.strip()):
        kind = m.lastgroup
        if kind == "space":
            gap = True
            continue
        if previous is not None:
            if gap or kind != previous or kind == "punct" or previous == "punct":
                parts.append(r"[\s\-_]*")
        parts.append(re.escape(m.group()))
        previous, gap = kind, False
    if not parts:
        raise FormError(f"empty alternative in {alt!r}")
    body = "".join(parts)
    first, last = words.strip()[0], words.strip()[-1]
    letters = "A-Za-z0-9" if case else "a-z0-9"
    lead = rf"(?<![{letters}])" if re.match(r"[A-Za-z0-9]", first) else ""
    if stem:
        tail = ""
    elif re.match(r"[A-Za-z]", last) and len(words.strip()) >= 3 and not case:
        tail = rf"(?:s|es)?(?![{letters}])"
    elif re.match(r"[A-Za-z0-9]", last):
        tail = rf"(?![{letters}])"
    else:
        tail = ""
    return re.compile(lead + body + tail), case


def parse_term(text: str) -> Term:
    text = text.strip()
    if not text:
        raise FormError("empty term (two separators in a row?)")
    anchor = text.startswith("@")
    if anchor:
        text = text[1:].strip()
    if text.startswith("#"):
        value, _, unit = text[1:].partition(":")
        try:
            number = float(value)
        except ValueError:
            raise FormError(f"not a number: {text!r}") from None
        return Term((text,), anchor=anchor, number=number, unit=unit or None)
    alternatives = tuple(a.strip() for a in text.split("|"))
    if any(not a or a == "=" for a in alternatives):
        raise FormError(f"empty alternative in {text!r}")
    return Term(alternatives, tuple(alternative_pattern(a) for a in alternatives), anchor=anchor)


def parse_form(text: str) -> Form:
    groups = []
    negated = False
    for group_text in text.split(" > "):
        terms = []
        for term_text in group_text.split(" + "):
            if term_text.strip() == "NEG":
                negated = True
                continue
            terms.append(parse_term(term_text))
        if not terms:
            raise FormError(f"a group of {text!r} has no words")
        groups.append(tuple(terms))
    form = Form(text, tuple(groups), negated)
    if sum(t.anchor for t in form.terms) > 1:
        raise FormError(f"{text!r} marks more than one subject with @")
    if form.ordered and (negated or form.anchor):
        raise FormError(f"{text!r}: an order (>) cannot also use NEG or @")
    return form
