"""The faults a caller may catch or word: the store's, the deck's (a malformed document), and how to classify a
raw error. Standard library only underneath: safe to import at start-up."""
from __future__ import annotations

from studyapp.deck.model import DeckError
from studyapp.store.errors import CollectionDamaged, StoreFault, UnknownCard, classify, is_database_locked

__all__ = ["CollectionDamaged", "DeckError", "StoreFault", "UnknownCard", "classify", "is_database_locked"]
