"""Documents -> notes: parsing the supported formats and linting them (pure Python: no database, no Textual).

    from studyapp.deck import parse_file, lint_file
    deck = parse_file("content/llm-basics.zh.md")   # Deck(title, path, notes)
    problems = lint_file("content/llm-basics.zh.md")

The names are loaded on first use: the review screen reads only `deck.repairs` and should not pay for the
parser and the linter (about 30 ms of `studyapp review`'s start-up) to do so.
"""
from __future__ import annotations

import importlib

# name -> (module under studyapp.deck, its name there)
_HOMES = {
    "Deck": ("model", "Deck"), "DeckError": ("model", "DeckError"), "Note": ("model", "Note"),
    "Problem": ("lint", "Problem"), "LINT_KINDS": ("lint", "KINDS"), "lint_file": ("lint", "lint_file"),
    "lint_text": ("lint", "lint_text"), "detect_format": ("parse", "detect_format"),
    "parse_file": ("parse", "parse_file"), "parse_text": ("parse", "parse_text"),
    "normalize_question": ("slug", "normalize_question"), "slugify": ("slug", "slugify"),
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _HOMES[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value
