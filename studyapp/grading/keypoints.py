"""The curated key points of the bundled deck (content/keypoints.zh.toml; its header documents the format),
read into NoteKeys: each note's ideas with their accepted forms, how many make a full answer, and the
misconceptions that contradict it. A malformed file is reported with its path and the field at fault.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from studyapp.resources import bundled_dir

from .forms import Form, FormError, Term, parse_form, parse_term

DEFAULT_FILE = "keypoints.zh.toml"
_NOTE_FIELDS = {"enough", "ideas", "misconceptions", "subjects"}
_IDEA_FIELDS = {"idea", "forms", "core", "weight"}
_MISCONCEPTION_FIELDS = {"claim", "forms", "scope"}


class KeypointsError(ValueError):
    """str() reads `PATH: FIELD: message`."""

    def __init__(self, path: str | Path, field: str | None, message: str):
        self.path, self.field, self.message = str(path), field, message
        super().__init__(f"{path}: {field}: {message}" if field else f"{path}: {message}")


@dataclass(frozen=True)
class Idea:
    text: str  # what the learner reads: 真实效果先升后降
    forms: tuple[Form, ...]
    core: bool = False  # an answer without it is at best partial
    weight: float = 1.0


@dataclass(frozen=True)
class Misconception:
    claim: str  # the false statement, as the learner reads it when it is found
    forms: tuple[Form, ...]
    scope: str = "clause"  # "clause": asserted in one breath (the default); "sentence": may span its clauses


@dataclass(frozen=True)
class NoteKeys:
    slug: str
    ideas: tuple[Idea, ...]
    misconceptions: tuple[Misconception, ...] = ()
    enough: float = 0.0  # weight of ideas that makes a full answer (0: all of them)
    subjects: tuple[Term, ...] = ()  # further subjects that bound the reach of the others (top-k beside top-p)

    @property
    def full(self) -> float:
        total = sum(i.weight for i in self.ideas)
        return min(self.enough, total) if self.enough else total

    @property
    def anchors(self) -> tuple[Term, ...]:
        """Every subject (@) of the note: each bounds the reach of the others."""
        forms = [f for i in self.ideas for f in i.forms] + [f for m in self.misconceptions for f in m.forms]
        return tuple(f.anchor for f in forms if f.anchor is not None) + self.subjects


def default_path() -> Path:
    return bundled_dir("content") / DEFAULT_FILE


@cache
def _load_cached(path: str) -> dict[str, NoteKeys]:
    return load(path)


def bundled() -> dict[str, NoteKeys]:
    """The bundled deck's key points, read once per process."""
    return _load_cached(str(default_path()))


def load(path: str | Path) -> dict[str, NoteKeys]:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KeypointsError(path, None, f"cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise KeypointsError(path, None, f"not valid TOML: {exc}") from None
    if data.get("version", 1) != 1:
        raise KeypointsError(path, "version", "unsupported version (this app reads version 1)")
    notes = data.get("notes")
    if not isinstance(notes, dict):
        raise KeypointsError(path, "notes", 'missing: write [notes."<slug>"] tables')
    return {slug: _note(path, slug, entry) for slug, entry in notes.items()}


def _unknown(path: Path, where: str, entry: Any, allowed: set[str]) -> None:
    if not isinstance(entry, dict):
        raise KeypointsError(path, where, "must be a table")
    for name in entry:
        if name not in allowed:
            raise KeypointsError(path, f"{where}.{name}", f"unknown field (expected one of {', '.join(sorted(allowed))})")


def _text(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KeypointsError(path, where, "must be a non-empty string")
    return value.strip()


def _forms(path: Path, where: str, value: Any) -> tuple[Form, ...]:
    if not isinstance(value, list) or not value:
        raise KeypointsError(path, where, "must be a non-empty list of forms")
    out = []
    for i, text in enumerate(value):
        try:
            out.append(parse_form(_text(path, f"{where}[{i}]", text)))
        except FormError as exc:
            raise KeypointsError(path, f"{where}[{i}]", str(exc)) from None
    return tuple(out)


def _note(path: Path, slug: str, entry: Any) -> NoteKeys:
    where = f'notes."{slug}"'
    _unknown(path, where, entry, _NOTE_FIELDS)
    ideas = []
    raw_ideas = entry.get("ideas")
    if not isinstance(raw_ideas, list) or not raw_ideas:
        raise KeypointsError(path, f"{where}.ideas", "must list at least one idea")
    for i, raw in enumerate(raw_ideas):
        at = f"{where}.ideas[{i}]"
        _unknown(path, at, raw, _IDEA_FIELDS)
        weight = raw.get("weight", 1.0)
        if not isinstance(weight, (int, float)) or weight <= 0:
            raise KeypointsError(path, f"{at}.weight", "must be a positive number")
        ideas.append(Idea(_text(path, f"{at}.idea", raw.get("idea")), _forms(path, f"{at}.forms", raw.get("forms")),
                          bool(raw.get("core", False)), float(weight)))
    misconceptions = []
    for i, raw in enumerate(entry.get("misconceptions", [])):
        at = f"{where}.misconceptions[{i}]"
        _unknown(path, at, raw, _MISCONCEPTION_FIELDS)
        scope = raw.get("scope", "clause")
        if scope not in ("clause", "sentence"):
            raise KeypointsError(path, f"{at}.scope", 'must be "clause" or "sentence"')
        misconceptions.append(Misconception(_text(path, f"{at}.claim", raw.get("claim")),
                                            _forms(path, f"{at}.forms", raw.get("forms")), scope))
    enough = entry.get("enough", 0)
    if not isinstance(enough, (int, float)) or enough < 0:
        raise KeypointsError(path, f"{where}.enough", "must be a number ≥ 0")
    subjects = []
    for i, text in enumerate(entry.get("subjects", [])):
        try:
            subjects.append(parse_term(_text(path, f"{where}.subjects[{i}]", text)))
        except FormError as exc:
            raise KeypointsError(path, f"{where}.subjects[{i}]", str(exc)) from None
    return NoteKeys(slug, tuple(ideas), tuple(misconceptions), float(enough), tuple(subjects))
