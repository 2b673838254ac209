"""The team's additions to a bundled document: repairs of its gaps and checked facts, keyed by note slug.

The file is TOML (see content/repairs.zh.toml for the format). The document itself is never edited;
the app shows a repair beside its note, lint counts a problem as repaired when a repair names its kind,
and the quiz uses the key points and facts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from studyapp.resources import bundled_repairs_path

KINDS = frozenset({"missing_image", "empty_answer", "dangling_colon", "dropped_formula"})
_SLUG = re.compile(r"^[a-z0-9]+(?:-{1,2}[a-z0-9]+)*$")
_REPAIR_FIELDS = {"fixes": list, "title": str, "text": str, "key_points": list, "sources": list}
_REPAIR_REQUIRED = ("fixes", "text", "sources")
_FACT_FIELDS = {"right": str, "wrong": str, "source": str}
_FACT_REQUIRED = ("right", "source")


@dataclass(frozen=True)
class Repair:
    """Text that makes good a note's gaps; `fixes` are the lint problem kinds it covers."""

    slug: str
    fixes: frozenset[str]
    text: str  # Markdown, shown as an addition beside the original
    sources: tuple[str, ...]
    title: str = ""
    key_points: tuple[str, ...] = ()  # "main form|alias|alias"


@dataclass(frozen=True)
class Fact:
    """A checked statement about a note; `wrong` is a plausible false twin, when there is one."""

    slug: str
    right: str
    source: str
    wrong: str | None = None


@dataclass(frozen=True)
class Additions:
    deck: str | None
    repairs: dict[str, Repair]
    facts: dict[str, tuple[Fact, ...]]
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> "主形式|alias|…"


class RepairsError(ValueError):
    """A malformed repairs file; str() reads `PATH: FIELD: message`."""

    def __init__(self, path: str | Path, field: str | None, message: str):
        self.path = str(path)
        self.field = field
        self.message = message
        where = f"{self.path}: {field}" if field else self.path
        super().__init__(f"{where}: {message}")


def default_path() -> Path:
    return bundled_repairs_path()


def load_repairs(path: str | Path | None = None) -> dict[str, Repair]:
    return load_additions(path).repairs


def load_facts(path: str | Path | None = None) -> dict[str, tuple[Fact, ...]]:
    return load_additions(path).facts


def repaired_kinds(repairs: Mapping[str, Repair]) -> dict[str, set[str]]:
    """slug -> the problem kinds its repair covers, in the shape lint_file(repairs=...) takes.

    The key "" stands for problems outside every note (a loose figure above the first question).
    """
    return {slug: set(repair.fixes) for slug, repair in repairs.items()}


def load_additions(path: str | Path | None = None) -> Additions:
    import tomllib  # here: finding the file (card_views.bundled_repair) needs no parser

    path = Path(path) if path is not None else default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RepairsError(path, None, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise RepairsError(path, None, f"not UTF-8 text: {exc.reason}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RepairsError(path, None, f"not valid TOML: {exc}") from None
    return _parse(path, data)


def _parse(path: Path, data: dict[str, Any]) -> Additions:
    unknown = sorted(set(data) - {"version", "deck", "repairs", "facts", "terms"})
    if unknown:
        raise RepairsError(path, unknown[0], "unknown top-level field (expected version, deck, repairs, facts, terms)")
    version = data.get("version", 1)
    if version != 1:
        raise RepairsError(path, "version", f"unsupported version {version!r} (this app reads version 1)")
    deck = data.get("deck")
    if deck is not None and not isinstance(deck, str):
        raise RepairsError(path, "deck", "must be a string (the document's file name)")
    repairs = {slug: _repair(path, slug, entry) for slug, entry in _slug_table(path, data, "repairs").items()}
    facts = {}
    for slug, entries in _slug_table(path, data, "facts").items():
        if not isinstance(entries, list):
            raise RepairsError(path, f'facts."{slug}"', 'must be an array of tables: write [[facts."<slug>"]]')
        facts[slug] = tuple(_fact(path, slug, i, entry) for i, entry in enumerate(entries))
    terms = {slug: _terms(path, slug, entry) for slug, entry in _slug_table(path, data, "terms").items()}
    return Additions(deck=deck, repairs=repairs, facts=facts, terms=terms)


def _slug_table(path: Path, data: dict[str, Any], name: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise RepairsError(path, name, 'must be a table keyed by note slug: [%s."<slug>"]' % name)
    for slug in table:
        if not _SLUG.match(slug) and not (slug == "" and name == "repairs"):
            raise RepairsError(path, f'{name}."{slug}"', "not a note slug (lower-case ASCII words joined by - or --)")
    return table


def _check_fields(path: Path, where: str, entry: Any, fields: dict[str, type], required: tuple[str, ...]) -> None:
    if not isinstance(entry, dict):
        raise RepairsError(path, where, "must be a table")
    for name in entry:
        if name not in fields:
            raise RepairsError(path, f"{where}.{name}", f"unknown field (expected one of {', '.join(fields)})")
    for name in required:
        if name not in entry:
            raise RepairsError(path, f"{where}.{name}", "missing required field")
    for name, value in entry.items():
        kind = fields[name]
        if not isinstance(value, kind):
            raise RepairsError(path, f"{where}.{name}", f"must be a {'list' if kind is list else 'string'}")
        if kind is list:
            for i, item in enumerate(value):
                if not isinstance(item, str) or not item.strip():
                    raise RepairsError(path, f"{where}.{name}[{i}]", "must be a non-empty string")
        elif name in required and not value.strip():
            raise RepairsError(path, f"{where}.{name}", "must not be empty")


def _repair(path: Path, slug: str, entry: Any) -> Repair:
    where = f'repairs."{slug}"'
    _check_fields(path, where, entry, _REPAIR_FIELDS, _REPAIR_REQUIRED)
    fixes = entry["fixes"]
    if not fixes:
        raise RepairsError(path, f"{where}.fixes", "must name at least one problem kind")
    for i, kind in enumerate(fixes):
        if kind not in KINDS:
            raise RepairsError(path, f"{where}.fixes[{i}]", f"unknown problem kind {kind!r} (expected one of {', '.join(sorted(KINDS))})")
    if not entry["sources"]:
        raise RepairsError(path, f"{where}.sources", "must list at least one source")
    return Repair(
        slug=slug,
        fixes=frozenset(fixes),
        text=entry["text"].strip(),
        sources=tuple(entry["sources"]),
        title=entry.get("title", "").strip(),
        key_points=tuple(point.strip() for point in entry.get("key_points", ())),
    )


def _fact(path: Path, slug: str, index: int, entry: Any) -> Fact:
    where = f'facts."{slug}"[{index}]'
    _check_fields(path, where, entry, _FACT_FIELDS, _FACT_REQUIRED)
    wrong = entry.get("wrong", "").strip() or None
    return Fact(slug=slug, right=entry["right"].strip(), source=entry["source"].strip(), wrong=wrong)


def load_terms(path: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    return load_additions(path).terms


def _terms(path: Path, slug: str, entry: Any) -> tuple[str, ...]:
    where = f'terms."{slug}"'
    if not isinstance(entry, list) or not entry:
        raise RepairsError(path, where, 'must be a non-empty list of strings: "term|alias|alias"')
    for i, item in enumerate(entry):
        if not isinstance(item, str) or not item.strip() or any(not form.strip() for form in item.split("|")):
            raise RepairsError(path, f"{where}[{i}]", 'must be a string "term|alias|alias" with no empty form')
    return tuple(item.strip() for item in entry)
