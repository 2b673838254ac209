"""`studyapp quiz`: a generated quiz, printed (the quiz screen in the app asks and grades it)."""
from __future__ import annotations

from studyapp.commands.common import EXIT_OK, CommandError, emit_json, open_collection


def quiz(args) -> int:
    from studyapp.service.quizzes import TYPES, format_quantity, generate_quiz
    from studyapp.service.quizzes import notes as collection_notes

    types = args.types.split(",") if args.types else None
    unknown = sorted(set(types or ()) - set(TYPES))
    if unknown:
        raise CommandError(f"--types: unknown {', '.join(unknown)}; choose from {', '.join(TYPES)}")
    if args.count < 1:
        raise CommandError("--count must be at least 1")
    with open_collection(args) as collection:
        notes = collection_notes(collection)
    sections = args.sections.split(",") if args.sections else None
    items = generate_quiz(notes, count=args.count, seed=args.seed, types=types, sections=sections)
    if args.json:
        emit_json({"items": [item.to_json() for item in items]})
        return EXIT_OK
    for number, item in enumerate(items, 1):
        print(f"{number}. [{item.type}] {item.prompt}")
        for letter, option in zip("ABCDEFGH", item.options or ()):
            print(f"     {letter}. {option}")
        answer = format_quantity(item.answer, item.unit) if item.type == "numeric" else item.answer
        print(f"     answer: {answer}\n")
    return EXIT_OK
