"""Browsing the cards: a search in the browser's query language, and what each rating would give a card."""
from __future__ import annotations

from datetime import datetime

from studyapp.service.collection import Collection
from studyapp.store import browse as _browse
from studyapp.store.browse import DEFAULT_LIMIT, FIELDS, IS_VALUES, BrowseRow, QueryError, SearchResult

__all__ = ["DEFAULT_LIMIT", "FIELDS", "IS_VALUES", "BrowseRow", "QueryError", "SearchResult", "next_intervals",
           "search"]


def search(collection: Collection, query: str, now: datetime, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Cards matching `query` (words, "phrases", -negation, is:/tag:/section:, r<0.9 …); QueryError if malformed."""
    return _browse.search(collection, query, now, limit)


def next_intervals(collection: Collection, card_id: int, now: datetime) -> dict[int, str]:
    return _browse.next_intervals(collection, card_id, now)
