"""Which lab belongs to a note: the index is built once, by whoever opens the collection, and passed in.

Reading the catalogue costs a walk over the labs package, so `LabIndex.catalogue()` reads it the first time a
card asks; commands and screens that show no card never pay for it. A missing or broken labs folder means no
labs, never an error."""
from __future__ import annotations

from collections.abc import Mapping


class LabIndex:
    """note slug -> the id of its first lab (or None)."""

    def __init__(self, by_note: Mapping[str, list[str]] | None = None, *, lazy: bool = False):
        self._by_note = None if lazy else dict(by_note or {})

    @classmethod
    def catalogue(cls) -> LabIndex:
        """The installed labs (`labs/<id>/__init__.py`'s NOTES), read on first use."""
        return cls(lazy=True)

    @classmethod
    def of(cls, lab_by_slug: Mapping[str, str]) -> LabIndex:
        """A fixed index, one lab per note (tests, tools)."""
        return cls({slug: [lab] for slug, lab in lab_by_slug.items()})

    def _index(self) -> dict[str, list[str]]:
        if self._by_note is None:
            from studyapp.labrunner import LabsNotFound, labs_by_note

            try:
                self._by_note = labs_by_note()
            except LabsNotFound:
                self._by_note = {}
        return self._by_note

    def lab_for(self, slug: str) -> str | None:
        return (self._index().get(slug) or [None])[0]


NO_LABS = LabIndex()
