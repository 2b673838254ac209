"""Documents -> notes: parsing the supported formats and linting them (pure Python: no database, no Textual).

    from studyapp.deck import parse_file, lint_file
    deck = parse_file("content/llm-basics.zh.md")   # Deck(title, path, notes)
    problems = lint_file("content/llm-basics.zh.md")
"""
from .lint import KINDS as LINT_KINDS
from .lint import Problem, lint_file, lint_text
from .model import Deck, DeckError, Note
from .parse import detect_format, parse_file, parse_text
from .slug import normalize_question, slugify

__all__ = [
    "Deck", "DeckError", "Note", "Problem", "LINT_KINDS",
    "detect_format", "lint_file", "lint_text", "normalize_question", "parse_file", "parse_text", "slugify",
]
