"""Stable note slugs: readable ASCII words from the question plus a short digest of it."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_MARKUP = re.compile(r"[*_`]+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
MAX_HEAD = 40


def normalize_question(text: str) -> str:
    """The form a question is compared and hashed in: NFKC, no invisible (format or control) characters,
    no emphasis marks, one space, lower case: questions that look the same are the same."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in ("Cf", "Cc"))
    text = _MARKUP.sub("", text)
    return _SPACE.sub(" ", text).strip().lower()


def slugify(question: str, parent_slug: str | None = None) -> str:
    """`top-k-1a2b3c`; a child note's slug starts with its parent's: `parent--child-4d5e6f`."""
    norm = normalize_question(question)
    head = "-".join(_WORD.findall(norm))[:MAX_HEAD].strip("-")
    digest = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:6]
    slug = f"{head}-{digest}" if head else digest
    return f"{parent_slug}--{slug}" if parent_slug else slug
