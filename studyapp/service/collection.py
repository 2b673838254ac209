"""Opening the collection: the one object every service call takes first."""
from __future__ import annotations

from pathlib import Path

from studyapp.store.collection import BUNDLED_SOURCE, Collection

__all__ = ["BUNDLED_SOURCE", "Collection", "open_collection"]


def open_collection(home: Path | str | None = None, import_bundled: bool = True) -> Collection:
    """Open (creating and migrating if needed) the collection in `home`; an empty one gets the bundled deck."""
    return Collection.open(home, import_bundled=import_bundled)
