"""Which labs exist, read from the `labs` package's torch-free metadata (torch is never imported)."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path


class LabsNotFound(RuntimeError):
    """The `labs` package is neither in this checkout nor installed."""


@dataclass(frozen=True)
class LabInfo:
    id: str
    title: str
    summary: str
    notes: tuple[str, ...]  # slugs of the deck notes the lab belongs to
    modes: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "summary": self.summary,
                "notes": list(self.notes), "modes": list(self.modes)}


def labs_root() -> Path:
    """The folder that holds the `labs` package: a child process needs it on PYTHONPATH."""
    spec = importlib.util.find_spec("labs")
    if spec is None or spec.origin is None:
        raise LabsNotFound("the `labs` package was not found: run from the repository root or install studyapp")
    return Path(spec.origin).resolve().parent.parent


def list_labs() -> list[LabInfo]:
    labs_root()  # a clear error before the import below
    from labs import registry

    return [LabInfo(m.id, m.title, m.summary, tuple(m.notes), tuple(m.modes)) for m in registry.discover()]


def get_lab(lab_id: str) -> LabInfo:
    for info in list_labs():
        if info.id == lab_id:
            return info
    raise KeyError(f"unknown lab {lab_id!r}; known: {', '.join(i.id for i in list_labs())}")


CHILD_SEPARATOR = "--"  # a child note's slug is `parent--child` (studyapp.deck.slug)


class NoteLabs(dict):
    """Note slug -> lab ids. A child note with no lab of its own gets its parent's: `slug[...]`, `get` and `in`
    look up `parent--child`, then `parent` (the deck's slugs are lowercase words joined by single dashes,
    so `--` only ever joins a child to its parent)."""

    def __missing__(self, slug: str) -> list[str]:
        parent = parent_slug(slug)
        if parent is None:
            raise KeyError(slug)
        return self[parent]

    def get(self, slug, default=None):
        try:
            return self[slug]
        except KeyError:
            return default

    def __contains__(self, slug) -> bool:
        return self.get(slug) is not None


def parent_slug(slug: str) -> str | None:
    """`a--b` -> `a`; None for a top-level note."""
    head, sep, _ = str(slug).rpartition(CHILD_SEPARATOR)
    return head if sep and head else None


def labs_by_note() -> NoteLabs:
    """Note slug -> ids of the labs that belong to it (what a card shows and `L` opens); children inherit.

    A child note with labs of its own lists them first, then its parent's (ZeRO's `distributed` for the
    optimizer-state child, then `memory` for the whole memory question)."""
    index = NoteLabs()
    for info in list_labs():
        for slug in info.notes:
            index.setdefault(slug, []).append(info.id)
    for slug in list(index):
        parent = parent_slug(slug)
        inherited = index.get(parent, []) if parent else []
        index[slug] = index[slug] + [lab for lab in inherited if lab not in index[slug]]
    return index
