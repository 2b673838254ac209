"""Which lab a card opens (`L`): a light handle on the lab runner's one note→lab index
(`labrunner.lab_index()`), handed by whoever opens the collection to the screens and commands that show cards.

Reading the catalogue costs a walk over the labs package, so `CardLabs.catalogue()` reads it the first time a
card asks; commands and screens that show no card never pay for it. A missing labs folder means no labs,
never an error."""
from __future__ import annotations

from collections.abc import Callable, Mapping


class CardLabs:
    """note slug -> the id of the lab its card opens (a child note without a lab of its own: its parent's)."""

    def __init__(self, lab_id_for: Callable[[str], str | None] | None = None):
        self._lab_id_for = lab_id_for

    @classmethod
    def catalogue(cls) -> CardLabs:
        """The installed labs, read on first use."""

        def lab_id_for(slug: str) -> str | None:
            from studyapp.labrunner import lab_index

            return lab_index(missing_ok=True).lab_id_for(slug)

        return cls(lab_id_for)

    @classmethod
    def of(cls, lab_by_slug: Mapping[str, str]) -> CardLabs:
        """A fixed index, one lab per note (tests, tools)."""
        fixed = dict(lab_by_slug)
        return cls(fixed.get)

    def lab_for(self, slug: str) -> str | None:
        return self._lab_id_for(slug) if self._lab_id_for else None


NO_LABS = CardLabs()
