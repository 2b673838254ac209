"""Which lab belongs to a note, read from the lab registry (torch-free); empty when labs/ is absent."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class LabInfo:
    id: str
    title: str
    summary: str


@cache
def labs_by_note() -> dict[str, LabInfo]:
    try:
        from labs import registry
    except ImportError:  # an installed app without the labs folder: no lab questions
        return {}
    out: dict[str, LabInfo] = {}
    for meta in registry.discover():
        for slug in meta.notes:
            out.setdefault(slug, LabInfo(meta.id, meta.title, meta.summary))
    return out


def lab_titles() -> dict[str, str]:
    return {info.id: info.title for info in labs_by_note().values()}
