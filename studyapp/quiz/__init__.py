"""Quiz items generated from a deck's notes, and their graders (pure Python: no database, no Textual).

    from studyapp.quiz import generate_quiz, grade, cloze_cards
    items = generate_quiz(deck.notes, count=10, seed=7)          # mixed types, same seed -> same quiz
    result = grade(items[0], "B")                                 # Grade(correct, score, found, missed, …)
    result = result.overridden(True)                              # the learner disagrees
    cards = cloze_cards(deck.notes)                               # ClozeCard(note_slug, ordinal, text, answer)
"""
from .cloze import cloze_cards
from .generate import generate_quiz, grade
from .items import TYPES, ClozeCard, Grade, QuizItem
from .numeric import FORMULAS, evaluate
from .units import format_quantity, parse_quantity

__all__ = [
    "TYPES", "FORMULAS", "ClozeCard", "Grade", "QuizItem",
    "cloze_cards", "evaluate", "format_quantity", "generate_quiz", "grade", "parse_quantity",
]
