"""Documents in, history in: parsing and importing documents (their cloze cards derived here, with the quiz's
finder, and handed to the store), `lint`, and an outside review history (Anki/FSRS revlog CSV) for `optimize`.

Parsing and the quiz load on first use: the collection's start-up path never imports them."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.service.collection import BUNDLED_SOURCE, Collection
from studyapp.store.views import ImportSummary

if TYPE_CHECKING:
    from studyapp.deck.lint import Problem
    from studyapp.deck.model import Deck, Note
    from studyapp.srs.evaluate import LoggedReview
    from studyapp.store.revlog_import import Revlog

__all__ = ["BUNDLED_SOURCE", "ImportSummary", "RevlogError", "find_clozes", "import_decks", "import_document",
           "import_revlog", "lint", "parse_document", "read_revlog", "review_history", "source_key"]


def find_clozes(notes: Sequence[Note]) -> list:
    """The SRS cloze cards of `notes` (one per bold phrase worth asking), found by the quiz's cloze finder.
    The store is handed this function and calls it for the note families whose text changed."""
    from studyapp.quiz import cloze_cards

    return cloze_cards(notes)


def parse_document(path: Path | str, name: str | None = None) -> Deck:
    """A document as a deck (path "-" is stdin, shown as `name`); DeckError names the file and line."""
    from studyapp.deck import parse_file

    return parse_file(path, name)


def source_key(path: Path) -> str:
    """The name a document's notes are kept under: its resolved path, or the bundled deck's own name."""
    from studyapp.resources import default_deck_path

    resolved = path.resolve()
    return BUNDLED_SOURCE if resolved == default_deck_path().resolve() else str(resolved)


def import_decks(collection: Collection, decks: Sequence[tuple[Deck, str]], now: datetime | None = None,
                 as_new_deck: bool = False) -> ImportSummary:
    """All documents in one transaction: a failure leaves the collection as it was."""
    return collection.import_decks(decks, now, as_new_deck=as_new_deck)


def import_document(collection: Collection, path: Path, source: str) -> ImportSummary:
    """Read `path` again and import it under the name `source` (the editor's round trip)."""
    return collection.import_decks([(parse_document(path), source)])


def lint(paths: Sequence[Path]) -> list[Problem]:
    """The problems of each document (the bundled deck's repairs mark the ones already repaired)."""
    from studyapp.deck.lint import lint_file

    repairs = _repaired_kinds()
    return [problem for path in paths for problem in lint_file(path, repairs=repairs)]


def _repaired_kinds():
    try:
        from studyapp.deck.repairs import load_repairs, repaired_kinds
    except ImportError:
        return None
    return repaired_kinds(load_repairs())


class RevlogError(ValueError):
    """A revlog CSV that cannot be read: the message names the file and the line."""


def read_revlog(path: Path) -> Revlog:
    from studyapp.store import revlog_import

    try:
        return revlog_import.read_revlog(path)
    except revlog_import.RevlogError as error:
        raise RevlogError(str(error)) from None


def import_revlog(collection: Collection, revlog: Revlog, name: str) -> dict:
    """The reviews as history of their own cards (never shown for review); importing the same file twice
    changes nothing (`already_imported`)."""
    from studyapp.store.revlog_import import file_digest

    return collection.import_review_history(revlog.reviews, f"revlog:{file_digest(revlog.reviews)}", name)


def review_history(collection: Collection) -> list[LoggedReview]:
    """Every answer as (card_id, rating, at, duration_ms), for fitting and evaluating FSRS."""
    return collection.review_history()
