"""Negation words in Chinese and English, and the words that look like one but are not.

不断 (keeps on), 不同 (different), 不仅 (not only), 无论 (whatever), 非常 (very), 差不多 (about) contain a
negation character and negate nothing; 如果不… (if not) states a condition, not a claim.
"""
from __future__ import annotations

import re

_NOT_NEGATIONS = (
    "不断", "不同", "不仅", "不只", "不光", "不少", "不错", "不过", "不久", "不管", "不论", "无论", "非常", "差不多",
    "不然", "要不", "不得不", "无穷", "无限", "莫过于", "并非只", "不止", "不一样", "未来", "非线性", "除非",
    "毫无疑问", "无疑",
)
_ZH = "不|没|无|非|未|别|莫|否"
_EN = (r"not|no|never|without|none|neither|nor|cannot|can't|don't|doesn't|isn't|aren't|won't|wasn't|weren't|"
       r"didn't|shouldn't|needn't|hardly|n't")
_NEGATOR = re.compile("|".join(map(re.escape, _NOT_NEGATIONS)) + rf"|(?P<zh>{_ZH})|(?<![a-z])(?P<en>{_EN})(?![a-z])")
_EN_NOT = re.compile(r"(?<![a-z])(?:not only|no matter|not just)(?![a-z])")


def find(folded: str) -> list[tuple[int, int]]:
    """Spans of the negation words in a lower-cased text."""
    skip = [m.span() for m in _EN_NOT.finditer(folded)]
    out = []
    for m in _NEGATOR.finditer(folded):
        if not (m.group("zh") or m.group("en")):
            continue  # one of the look-alikes: 不断, 不同, …
        if any(s <= m.start() < e for s, e in skip):
            continue
        out.append(m.span())
    return out


def conditional(before: str) -> bool:
    """Whether the words before a negation in its clause make it a condition: 如果不加 KL 惩罚，…"""
    return bool(re.search(r"(?:如果|若|假如|要是|一旦|倘若|(?<![a-z])if(?![a-z])|(?<![a-z])unless(?![a-z]))", before))
