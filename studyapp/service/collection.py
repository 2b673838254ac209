"""Opening the collection: the one object every service call takes first."""
from __future__ import annotations

from pathlib import Path

from studyapp.store.collection import BUNDLED_SOURCE, Collection

__all__ = ["BUNDLED_SOURCE", "Collection", "open_collection"]


def open_collection(home: Path | str | None = None, import_bundled: bool = True) -> Collection:
    """Open (creating and migrating if needed) the collection in `home`; an empty one gets the bundled deck.
    Documents imported through it get their cloze cards from the quiz's finder (`importing.find_clozes`)."""
    from studyapp.service.importing import find_clozes

    return Collection.open(home, import_bundled=import_bundled, find_clozes=find_clozes)
