"""Card search with a small query language, and card-level queries for the app.

    free text (Chinese too)   matches question or answer; "quoted phrases" keep their spaces
    is:due is:new is:learning is:review is:suspended is:leech is:buried
    tag:NAME  section:TEXT
    r<0.8  r>=0.9             retrievability now (studied cards only)
    lapses>2  reps>=5  s>30 (stability, days)  d<5 (difficulty)
    -TERM                     negates any term but r
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, not_, or_, select

from studyapp.srs.day import day_bounds
from studyapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW, STATE_NAMES, button_interval, preview
from studyapp.store.card_views import card_memory
from studyapp.store.charts import decay_and_factor, whole_days_r
from studyapp.store.db import session_connection
from studyapp.store.models import Card, Note
from studyapp.store.schema import LEECH_TAG
from studyapp.store.settings import load_settings
from studyapp.store.timeutil import as_utc

DEFAULT_LIMIT = 500
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq, ":": operator.eq}
_COMPARISON = re.compile(r"^(r|lapses|reps|s|d)(<=|>=|<|>|=|:)(-?\d+(?:\.\d+)?)$", re.IGNORECASE)
_NUMERIC_COLUMNS = {"lapses": Card.lapses, "reps": Card.reps, "s": Card.stability, "d": Card.difficulty}
# A term that starts like a comparison (`r<`, `lapses>=x`) but has no number after it.
_BROKEN_COMPARISON = re.compile(r"^(r|lapses|reps|s|d)(<=|>=|<|>|=)", re.IGNORECASE)
# `word:value` with a Latin word before the colon reads as a field; only is:, tag: and section: exist.
_FIELD = re.compile(r"^([A-Za-z][A-Za-z_]*):")
FIELDS = ("is", "tag", "section")
_CLOZE_GAP = re.compile(r"\{\{c\d+::.*?\}\}", re.S)
IS_VALUES = ("due", "new", "learning", "review", "suspended", "leech", "buried")


class QueryError(ValueError):
    """A search the language does not understand; the message names the term."""


@dataclass(frozen=True)
class BrowseRow:
    id: int
    question: str
    section: str
    state: str
    due: datetime
    retrievability: float
    reps: int
    lapses: int
    suspended: bool
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    query: str
    rows: tuple[BrowseRow, ...]
    total: int  # matches before the limit

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class ParsedQuery:
    conditions: tuple
    r_filters: tuple  # (operator, value) pairs


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def _tokens(query: str) -> list[tuple[str, bool]]:
    """(term, quoted) pairs: a "quoted phrase" keeps its spaces and is always free text."""
    tokens = []
    for sign, phrase, word in _TOKEN.findall(query):
        if word:
            tokens.append((word, False))
        elif phrase:
            tokens.append((sign + phrase, True))
    return tokens


def parse_query(query: str, now: datetime, rollover_hour: int) -> ParsedQuery:
    conditions, r_filters = [], []
    day_end = day_bounds(now, rollover_hour)[1]
    for token, quoted in _tokens(query):
        negate = token.startswith("-") and len(token) > 1 and not _COMPARISON.match(token)
        term = token[1:] if negate else token
        key, _, value = term.partition(":")
        key_l = key.lower()
        match = None if quoted else _COMPARISON.match(term)
        if quoted:
            pattern = _like(term)
            condition = or_(Note.question.like(pattern, escape="\\"), Note.answer.like(pattern, escape="\\"))
        elif match:
            field, op, number = match.group(1).lower(), match.group(2), float(match.group(3))
            if field == "r":
                r_filters.append((_OPS[op], number))
                continue
            column = _NUMERIC_COLUMNS[field]
            condition = _OPS[op](column, number)
        elif key_l == "is" and value:
            condition = _is_condition(value.lower(), now, day_end)
        elif key_l == "tag" and value:
            condition = (" " + Card.tags + " ").like(_like(f" {value} "), escape="\\")
        elif key_l == "section" and value:
            condition = Note.section.like(_like(value), escape="\\")
        elif _BROKEN_COMPARISON.match(term):
            raise QueryError(f"{term}: a comparison needs a number after it, e.g. r<0.8 or lapses>=2")
        elif (field := _FIELD.match(term)) and "://" not in term:
            name = field.group(1)
            if name.lower() in FIELDS:
                raise QueryError(f"{name}: needs a value after the colon, e.g. is:due, tag:leech, section:LoRA")
            known = ", ".join(f + ":" for f in FIELDS)
            raise QueryError(f"{name}: is not a search field; use {known} r<0.8, lapses>2, reps, s, d "
                             f"or put the text in quotes")
        else:
            pattern = _like(term)
            condition = or_(Note.question.like(pattern, escape="\\"), Note.answer.like(pattern, escape="\\"))
        conditions.append(not_(condition) if negate else condition)
    return ParsedQuery(tuple(conditions), tuple(r_filters))


def _is_condition(value: str, now: datetime, day_end: datetime):
    if value == "due":
        return and_(Card.state != NEW, Card.suspended.is_(False), Card.due < day_end)
    if value == "new":
        return Card.state == NEW
    if value == "learning":
        return Card.state.in_((LEARNING, RELEARNING))
    if value == "review":
        return Card.state == REVIEW
    if value == "suspended":
        return Card.suspended.is_(True)
    if value == "leech":
        return (" " + Card.tags + " ").like(f"% {LEECH_TAG} %")
    if value == "buried":
        return and_(Card.buried_until.is_not(None), Card.buried_until > now)
    raise QueryError(f"is:{value} is not known; use one of {', '.join('is:' + v for v in IS_VALUES)}")


def search(collection, query: str, now: datetime, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Cards matching `query`, in document order (deck, then line)."""
    now = as_utc(now)
    with collection.transaction(write=False) as s:
        cfg = load_settings(session_connection(s))
        parsed = parse_query(query, now, cfg.rollover_hour)
        columns = (Card.id, Note.question, Card.front, Note.section, Card.state, Card.due, Card.stability, Card.last_review,
                   Card.reps, Card.lapses, Card.suspended, Card.tags)
        base = select(*columns).join(Note, Card.note_id == Note.id).where(*parsed.conditions)
        ordered = base.order_by(Note.deck_id, Note.line, Card.id)
        decay, factor = decay_and_factor(cfg)

        def row_of(r) -> BrowseRow:
            return BrowseRow(
                id=r.id, question=r.question if r.front is None else _CLOZE_GAP.sub("[…]", r.front),
                section=r.section, state=STATE_NAMES[r.state], due=r.due,
                retrievability=whole_days_r(r.last_review, r.stability, now, decay, factor) if r.state != NEW
                else 0.0,
                reps=r.reps, lapses=r.lapses, suspended=r.suspended, tags=tuple(r.tags.split()),
            )

        if not parsed.r_filters:
            total = s.scalar(select(func.count()).select_from(base.subquery()))
            rows = tuple(row_of(r) for r in s.execute(ordered.limit(limit)))
            return SearchResult(query, rows, total)
        # A new card has no memory to speak of: r filters only ever match studied cards (as Anki's prop:r).
        studied = ordered.where(Card.state != NEW)
        kept = [row for row in map(row_of, s.execute(studied))
                if all(op(row.retrievability, value) for op, value in parsed.r_filters)]
        return SearchResult(query, tuple(kept[:limit]), len(kept))


def next_intervals(collection, card_id: int, now: datetime) -> dict[int, str]:
    """What each rating button shows: rating -> "<10m", "1d", "4d" (no fuzz)."""
    now = as_utc(now)
    with collection.db() as conn:
        intervals = preview(card_memory(conn, card_id), now, load_settings(conn).scheduler)
    return {rating: button_interval(delta) for rating, delta in intervals.items()}
