"""The faults a caller may catch or word: the store's, the deck's (a malformed document), and how to classify a
raw error. Standard library only underneath: safe to import at start-up; the deck's module (DeckError) is
imported on first use, so the app's first frame does not wait for it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.store.errors import CollectionDamaged, StoreFault, UnknownCard, classify, is_database_locked

if TYPE_CHECKING:
    from studyapp.deck.model import DeckError

__all__ = ["CollectionDamaged", "DeckError", "StoreFault", "UnknownCard", "classify", "is_database_locked"]


def __getattr__(name: str):
    if name == "DeckError":
        from studyapp.deck.model import DeckError

        return DeckError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
