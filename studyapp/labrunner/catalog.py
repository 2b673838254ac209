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


def labs_by_note() -> dict[str, list[str]]:
    """Note slug -> ids of the labs that belong to it (what a card shows and `L` opens)."""
    index: dict[str, list[str]] = {}
    for info in list_labs():
        for slug in info.notes:
            index.setdefault(slug, []).append(info.id)
    return index
