"""`studyapp import` and `studyapp lint`."""
from __future__ import annotations

import sys
from pathlib import Path

from studyapp.commands.common import EXIT_OK, EXIT_PROBLEM, CommandError, emit_json, open_collection


def import_(args) -> int:
    from studyapp.service.importing import import_decks, parse_document, source_key

    if args.paths.count("-") > 1:
        raise CommandError("stdin (-) can be read only once")
    if "-" in args.paths and not args.deck:
        raise CommandError("importing stdin (-) needs --deck NAME: the name keeps its notes' history across imports")
    # Parse everything first: a malformed document stops the command before the collection is touched.
    decks = [(parse_document(p, f"<stdin:{args.deck}>"), f"stdin:{args.deck}") if p == "-"
             else (parse_document(Path(p)), source_key(Path(p))) for p in args.paths]
    with open_collection(args) as collection:
        summary = import_decks(collection, decks, as_new_deck=args.as_new_deck)
    for warning in summary.warnings:
        print(f"studyapp: warning: {warning}", file=sys.stderr)
    if args.json:
        emit_json(summary.to_json())
    else:
        print(
            f"{summary.notes} notes: {summary.added} added, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.retired} retired"
        )
    return EXIT_OK


def lint(args) -> int:
    from studyapp.resources import default_deck_path
    from studyapp.service.importing import lint as lint_documents

    problems = lint_documents([Path(p) for p in args.paths] or [default_deck_path()])
    if args.json:
        emit_json({"problems": [p.to_json() for p in problems]})
    else:
        for p in problems:
            mark = " (repaired)" if p.repaired else ""
            print(f"{p.path}:{p.line}: {p.kind}: {p.message}{mark}")
        open_count = sum(not p.repaired for p in problems)
        print(f"{len(problems)} problems, {open_count} not repaired")
    return EXIT_PROBLEM if any(not p.repaired for p in problems) else EXIT_OK
