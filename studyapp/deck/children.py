"""Child notes: the sub-topics inside a Notion answer that deserve cards of their own.

The rule looks only at the first nesting level of a top-level question's answer. A list item there
(bulleted or numbered) opens a child topic when its first line is a *label*:

1. a heading label, when the item also has a nested body:
   - the whole line is bold: `- **处理优化器 optimizer state**`, `3. **LtM （Least to Most prompting）提示**`;
   - or it is a short plain label (at most 30 characters, no sentence punctuation) ending in a
     colon: `- 半精度训练：`;
2. a lead-in label: the line opens with a bold label that punctuation sets off from the prose after
   it: `2. **自洽性（Self-consistency**），是对 CoT 的一个补充…`. A closing bracket written just after
   the bold belongs to the label (自洽性（Self-consistency）). A bold label that ends in a colon
   (`**优点：** 跑得快`) is set off by that colon.

What is not a child topic:
- bold used as emphasis inside a sentence, with no punctuation after it: `1. **CoT** 提示过程是…`.
  In 思维链 CoT（Chain-of-Thought）相关 that first item introduces the parent's own subject, which
  the parent note already covers;
- a definition: a term, its bracketed expansion and a colon, `**FLOPS (Floating Point Operations
  Per Second):**`, `Zeroshot（零样本学习）：`. These define the terms that the question compares;
  they are the parent's answer rather than topics of their own.

A child's question names its context, "<parent question> — <label>"; its answer is the prose after
a lead-in label followed by the item's nested body. The parent keeps its whole answer.
"""
from __future__ import annotations

import re

from .entry import Entry
from .markdown import BLANK, LIST_ITEM, dedent, fence_mask, plain, whole_bold

PLAIN_LABEL_MAX = 30
_LEAD_BOLD = re.compile(r"^(\*\*|__)(?P<label>.+?)\1(?P<rest>.*)$")
_SEPARATOR = re.compile(r"^\s*(?:[，,：:；;。]|——|—|–|-\s)\s*")
_ENDS_IN_COLON = re.compile(r"[:：]\s*$")
_DEFINITION = re.compile(r"^[^（(]+[（(][^（()）]*[）)]$")
_SENTENCE_PUNCT = re.compile(r"[，。；！？,;!?]")
_CLOSER = {"（": "）", "(": ")", "【": "】", "[": "]"}


def find_children(body: list[str], body_indents: list[int], first_line: int, parent_question: str,
                  section: str) -> list[Entry]:
    """Child entries of one answer: `body` holds the answer's lines as written, from line `first_line`,
    and `body_indents` their indentation (BLANK for blank lines)."""
    written = [indent for indent in body_indents if indent != BLANK]
    if not written:
        return []
    base = min(written)
    fenced = fence_mask(body)
    children: list[Entry] = []
    k = 0
    while k < len(body):
        item = LIST_ITEM.match(body[k]) if body_indents[k] == base and not fenced[k] else None
        if not item:
            k += 1
            continue
        end = k + 1
        while end < len(body) and (body_indents[end] == BLANK or body_indents[end] > base):
            end += 1
        nested, nested_indents = body[k + 1:end], body_indents[k + 1:end]
        found = _label(item["text"], has_body=any(indent != BLANK for indent in nested_indents))
        if found:
            label, lead = found
            answer = "\n\n".join(part for part in (lead, dedent(nested, nested_indents)) if part)
            last = max(i for i in range(k, end) if body_indents[i] != BLANK)
            children.append(Entry(
                question=f"{parent_question} — {label}", answer=answer, line=first_line + k,
                end_line=first_line + last, section=section, kind="child",
            ))
        k = end
    return children


def _label(text: str, has_body: bool) -> tuple[str, str] | None:
    """(label, lead-in prose) when the item's first line opens a child topic, else None."""
    text = text.strip()
    bold = whole_bold(text)
    if bold is not None:
        if not has_body or _is_definition(bold):
            return None
        return _clean(bold), ""
    lead = _LEAD_BOLD.match(text)
    if lead:
        label, rest = _take_closing_brackets(lead["label"].strip(), lead["rest"])
        if not _ENDS_IN_COLON.search(label):
            separator = _SEPARATOR.match(rest)
            if not separator:
                return None  # bold used as emphasis inside a sentence
            if separator.group().strip() in (":", "："):
                label += separator.group().strip()  # so that a definition is still recognised
            rest = rest[separator.end():]
        rest = rest.strip()
        if _is_definition(label) or not (rest or has_body):
            return None
        return _clean(label), rest
    if has_body and _ENDS_IN_COLON.search(text) and not _is_definition(text):
        label = _clean(text)
        if len(label) <= PLAIN_LABEL_MAX and not _SENTENCE_PUNCT.search(label) and "`" not in label:
            return label, ""
    return None


def _is_definition(label: str) -> bool:
    """`Term (expansion):` — a term's definition, not a topic."""
    return bool(_ENDS_IN_COLON.search(label)) and bool(_DEFINITION.match(_clean(label)))


def _take_closing_brackets(label: str, rest: str) -> tuple[str, str]:
    """Move closing brackets that the label opened, but wrote after the bold, into the label."""
    for opener, closer in _CLOSER.items():
        while label.count(opener) > label.count(closer) and rest.startswith(closer):
            label, rest = label + closer, rest[len(closer):]
    return label, rest


def _clean(label: str) -> str:
    return plain(label).rstrip(":：").strip()
