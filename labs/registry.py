"""Which labs exist and what they are about, read from each lab's torch-free `__init__.py`."""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import labs

MODES = ("quick", "full")


@dataclass(frozen=True)
class LabMeta:
    id: str
    title: str
    summary: str
    notes: tuple[str, ...]  # slugs of the deck notes this lab belongs to
    modes: tuple[str, ...] = MODES
    package: str = ""  # the Python package under labs/: the id, or the id with "-" as "_"

    def __post_init__(self) -> None:
        if not self.package:
            object.__setattr__(self, "package", self.id)

    @property
    def folder(self) -> Path:
        return Path(labs.__file__).parent / self.package

    def module(self, name: str) -> str:
        """The dotted name of one of the lab's modules: `lab`, `exercise`, ..."""
        return f"labs.{self.package}.{name}"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "summary": self.summary,
                "notes": list(self.notes), "modes": list(self.modes)}


def _meta(name: str) -> LabMeta | None:
    module = importlib.import_module(f"labs.{name}")
    if not hasattr(module, "TITLE"):
        return None  # a helper package, not a lab
    # An id may hold a hyphen (`long-context`); its package then spells it with "_" and says its ID.
    return LabMeta(id=getattr(module, "ID", name), title=module.TITLE, summary=module.SUMMARY,
                   notes=tuple(module.NOTES), modes=tuple(getattr(module, "MODES", MODES)), package=name)


def discover() -> list[LabMeta]:
    found = (_meta(info.name) for info in pkgutil.iter_modules(labs.__path__) if info.ispkg)
    return sorted((m for m in found if m is not None), key=lambda m: m.id)


def get(lab_id: str) -> LabMeta:
    for meta in discover():
        if meta.id == lab_id:
            return meta
    known = ", ".join(m.id for m in discover())
    raise KeyError(f"unknown lab {lab_id!r} (known: {known})")
