"""Which labs exist and which notes they belong to: `LabIndex`, built once from `labs.registry` (torch-free).

`labs.registry.LabMeta` is the one metadata type (id, title, summary, notes, modes); this module adds no second
one. `lab_index()` reads the registry once per process and answers both questions the app asks:

    index = lab_index()                 # raises LabsNotFound without the labs package; lab_index(missing_ok=True)
    index.labs                          # every lab, sorted by id                       -> tuple[LabMeta, ...]
    index.lab("lora")                   # one lab, KeyError naming the known ones       -> LabMeta
    index.lab_ids_for("fda38b--x-1")    # a note's labs; a child inherits its parent's -> tuple[str, ...]
    index.lab_for(slug)                 # a note's first lab (what `L` on a card opens) -> LabMeta | None
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from labs.registry import LabMeta

CHILD_SEPARATOR = "--"  # a child note's slug is `parent--child` (studyapp.deck.slug)


class LabsNotFound(RuntimeError):
    """The `labs` package is neither in this checkout nor installed."""


def labs_root() -> Path:
    """The folder that holds the `labs` package: a child process needs it on PYTHONPATH."""
    spec = importlib.util.find_spec("labs")
    if spec is None or spec.origin is None:
        raise LabsNotFound("the `labs` package was not found: run from the repository root or install studyapp")
    return Path(spec.origin).resolve().parent.parent


def parent_slug(slug: str) -> str | None:
    """`a--b` -> `a`; None for a top-level note."""
    head, sep, _ = str(slug).rpartition(CHILD_SEPARATOR)
    return head if sep and head else None


@dataclass(frozen=True)
class LabIndex:
    """The lab catalogue and the note -> lab index, read once; immutable, safe to share between threads."""

    labs: tuple[LabMeta, ...] = ()
    # note slug -> lab ids, for the notes a lab names and their children that name labs of their own
    by_note: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, labs: tuple[LabMeta, ...]) -> LabIndex:
        """A child note with labs of its own lists them first, then its parent's (ZeRO's `distributed` for the
        optimizer-state child, then `memory` for the whole memory question)."""
        own: dict[str, list[str]] = {}
        for meta in labs:
            for slug in meta.notes:
                own.setdefault(slug, []).append(meta.id)
        by_note = {slug: tuple(ids) for slug, ids in own.items()}
        for slug, ids in own.items():
            inherited = cls._lookup(by_note, parent_slug(slug))
            by_note[slug] = tuple(ids) + tuple(lab for lab in inherited if lab not in ids)
        return cls(tuple(sorted(labs, key=lambda m: m.id)), MappingProxyType(by_note))

    @staticmethod
    def _lookup(by_note: Mapping[str, tuple[str, ...]], slug: str | None) -> tuple[str, ...]:
        # the deck's slugs are lowercase words joined by single dashes, so `--` only joins a child to its parent
        while slug:
            if slug in by_note:
                return by_note[slug]
            slug = parent_slug(slug)
        return ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(meta.id for meta in self.labs)

    def lab(self, lab_id: str) -> LabMeta:
        for meta in self.labs:
            if meta.id == lab_id:
                return meta
        raise KeyError(f"unknown lab {lab_id!r}; known: {', '.join(self.ids)}")

    def lab_ids_for(self, slug: str) -> tuple[str, ...]:
        """The labs of a note, its own first; a child note without labs of its own gets its parent's."""
        return self._lookup(self.by_note, slug)

    def lab_for(self, slug: str) -> LabMeta | None:
        """The note's first lab: what a card shows and `L` opens."""
        ids = self.lab_ids_for(slug)
        return self.lab(ids[0]) if ids else None

    def lab_id_for(self, slug: str) -> str | None:
        ids = self.lab_ids_for(slug)
        return ids[0] if ids else None

    def titles(self) -> dict[str, str]:
        """Lab id -> title."""
        return {meta.id: meta.title for meta in self.labs}


@cache
def _read_index() -> LabIndex:
    labs_root()  # a clear error before the import below
    from labs import registry

    return LabIndex.build(tuple(registry.discover()))


def lab_index(*, missing_ok: bool = False) -> LabIndex:
    """The one index, read on first use. missing_ok: an installed app without the labs folder gets an empty
    index (no labs on cards, no lab questions) instead of LabsNotFound."""
    try:
        return _read_index()
    except LabsNotFound:
        if missing_ok:
            return LabIndex()
        raise


# -- views of lab_index() for `studyapp lab list` and one lab by id ---------------------------------------------
def __getattr__(name: str):
    if name == "LabMeta":
        from labs.registry import LabMeta

        return LabMeta
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def list_labs() -> list[LabMeta]:
    return list(lab_index().labs)


def get_lab(lab_id: str) -> LabMeta:
    return lab_index().lab(lab_id)
