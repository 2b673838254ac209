"""Plain dataclasses handed out by the store: callers never see live ORM objects."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class CardView:
    id: int
    slug: str
    question: str
    answer: str
    section: str
    state: str
    due: datetime
    stability: float | None
    difficulty: float | None
    retrievability: float
    lab: str | None = None
    kind: str = "basic"
    note_kind: str = "qa"
    parent_question: str | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    tags: tuple[str, ...] = ()
    line: int = 0
    source: str = ""
    repair: str | None = None  # the team's addition to a gap in the user's document, shown marked as such

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "slug": self.slug,
            "kind": self.kind,
            "question": self.question,
            "section": self.section,
            "state": self.state,
            "due": _iso(self.due),
            "stability": self.stability,
            "difficulty": self.difficulty,
            "retrievability": round(self.retrievability, 4),
            "lab": self.lab,
            "suspended": self.suspended,
            "tags": list(self.tags),
        }


@dataclass(frozen=True)
class ImportSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    notes: int = 0
    cards: int = 0
    warnings: tuple[str, ...] = ()  # e.g. a document found at a new path and matched to its old deck

    def to_json(self) -> dict:
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        return data

    def __add__(self, other: ImportSummary) -> ImportSummary:
        return ImportSummary(*(a + b for a, b in zip(astuple_shallow(self), astuple_shallow(other))))


def astuple_shallow(summary: ImportSummary) -> tuple:
    return tuple(getattr(summary, f.name) for f in fields(summary))


@dataclass(frozen=True)
class RateResult:
    card_id: int
    rating: str
    state: str
    due: datetime
    stability: float | None
    difficulty: float | None
    lapses: int
    leech: bool
    review_id: int

    def to_json(self) -> dict:
        data = asdict(self)
        data["due"] = _iso(self.due)
        return data


@dataclass(frozen=True)
class UndoResult:
    card_id: int
    review_id: int
    rating: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DayCounts:
    due_today: int
    new_today: int  # new cards still available today (within the daily limit)
    learning: int
    reviews_today: int  # answers given today
    new_studied_today: int = 0


@dataclass(frozen=True)
class StatsSummary:
    due_today: int
    new_today: int
    learning: int
    reviews_today: int
    retention_30d: float | None
    streak_days: int
    total_cards: int = 0
    suspended: int = 0
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        data = asdict(self)
        data.update(data.pop("extra"))
        return data
