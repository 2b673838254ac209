"""The collection: the one door to the database for the CLI, the TUI, tests and benchmarks."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, exc, func, select
from sqlalchemy.orm import Session

from studyapp import paths
from studyapp.store import backup, card_views, labruns, migrate, queue, quizzes, reviews, stats
from studyapp.store.engine import make_engine, make_sessionmaker
from studyapp.store.models import Card, Deck, ReviewLog
from studyapp.store.settings import Settings, load_settings, save_settings
from studyapp.store.timeutil import as_utc, utcnow
from studyapp.store.views import CardView, DayCounts, ImportSummary, RateResult, StatsSummary, UndoResult

if TYPE_CHECKING:
    from studyapp.deck.model import Deck as ParsedDeck

BUNDLED_SOURCE = card_views.BUNDLED_SOURCE


class CollectionError(RuntimeError):
    """A collection that cannot be opened or written; the message says what to do."""


class Collection:
    def __init__(self, home: Path, engine: Engine):
        self.home = home
        self.engine = engine
        self._sessions = make_sessionmaker(engine)
        self.lab_for_slug: Callable[[str], str | None] = lambda slug: None

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | str | None = None, import_bundled: bool = True) -> Collection:
        """Open (creating if needed) and migrate the collection; an empty one gets the bundled deck."""
        home = paths.resolve_home(home)
        db_path = paths.collection_path(home)
        _ensure_writable(home)
        existed = db_path.exists() and db_path.stat().st_size > 0
        engine = make_engine(db_path)
        try:
            revision = migrate.current_revision(engine)
            migrate.check_not_newer(revision, db_path)
            if revision != migrate.head_revision():
                if existed:
                    backup.write_backup(db_path, paths.backup_dir(home), reason=f"before-{revision or 'schema'}")
                migrate.upgrade(engine)
        except exc.DatabaseError as error:
            engine.dispose()
            raise _corrupted(db_path, home, error) from None
        except BaseException:
            engine.dispose()
            raise
        collection = cls(home, engine)
        if import_bundled and collection.is_empty():
            collection.import_bundled()
        return collection

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def db_path(self) -> Path:
        return paths.collection_path(self.home)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    # -- content -----------------------------------------------------------------------------
    def is_empty(self) -> bool:
        with self.transaction() as s:
            return s.scalar(select(func.count()).select_from(Deck)) == 0

    def import_bundled(self, now: datetime | None = None) -> ImportSummary:
        from studyapp.deck import parse_file
        from studyapp.resources import default_deck_path

        return self.import_decks([(parse_file(default_deck_path()), BUNDLED_SOURCE)], now)

    def import_decks(self, decks: Sequence[tuple[ParsedDeck, str]], now: datetime | None = None) -> ImportSummary:
        """All documents in one transaction: a failure leaves the collection as it was."""
        from studyapp.store.sync import sync_deck  # rapidfuzz and the quiz package: not needed at start-up

        now = as_utc(now or utcnow())
        total = ImportSummary()
        with self.transaction() as s:
            for parsed, source in decks:
                total = total + sync_deck(s, parsed, source, now)
        return total

    # -- settings ----------------------------------------------------------------------------
    def settings(self) -> Settings:
        with self.transaction() as s:
            return load_settings(s)

    def save_settings(self, settings: Settings) -> None:
        with self.transaction() as s:
            save_settings(s, settings)

    # -- review ------------------------------------------------------------------------------
    def day_counts(self, now: datetime | None = None) -> DayCounts:
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            cfg = load_settings(s)
            return queue.day_counts(s, now, cfg.limits, cfg.rollover_hour)

    def next_card(self, now: datetime | None = None) -> CardView | None:
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            cfg = load_settings(s)
            card_id = queue.next_card_id(s, now, cfg.limits, cfg.rollover_hour)
            if card_id is None:
                return None
            return card_views.card_view(s, card_id, now, cfg.scheduler, self.lab_for_slug)[0]

    def card(self, card_id: int, now: datetime | None = None) -> CardView:
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            return card_views.card_view(s, card_id, now, load_settings(s).scheduler, self.lab_for_slug)[0]

    def rate(self, card_id: int, rating: int, now: datetime | None = None, source: str = "review",
             duration_ms: int | None = None) -> RateResult:
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            cfg = load_settings(s)
            return reviews.record_review(s, card_id, rating, now, cfg.scheduler, cfg.rollover_hour, source, duration_ms)

    def undo(self) -> UndoResult | None:
        with self.transaction() as s:
            return reviews.undo_last(s)

    def suspend(self, card_id: int, suspended: bool = True) -> None:
        with self.transaction() as s:
            reviews.set_suspended(s, card_id, suspended)

    def bury(self, card_id: int, now: datetime | None = None) -> None:
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            reviews.bury(s, card_id, now, load_settings(s).rollover_hour)

    def reset(self, card_id: int, now: datetime | None = None) -> None:
        with self.transaction() as s:
            reviews.reset(s, card_id, as_utc(now or utcnow()))

    # -- quizzes -----------------------------------------------------------------------------
    def notes(self) -> list:
        """The collection's active notes as plain deck notes (what quizzes and interviews are made from)."""
        with self.transaction() as s:
            return quizzes.active_notes(s)

    def start_quiz(self, seed: int | None = None, practice: bool = False, now: datetime | None = None) -> int:
        with self.transaction() as s:
            return quizzes.start_session(s, as_utc(now or utcnow()), seed, practice)

    def finish_quiz(self, quiz_id: int, now: datetime | None = None) -> None:
        with self.transaction() as s:
            quizzes.finish_session(s, quiz_id, as_utc(now or utcnow()))

    def record_quiz_answer(self, quiz_id: int, item, grade, response: str = "", now: datetime | None = None) -> int:
        """The attempt and, unless the quiz is practice, a review of the note's card (wrong: Again, right: Good)."""
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            attempt = quizzes.add_attempt(s, quiz_id, item, grade, response, now)
            card_id = quizzes.note_card_id(s, item.note)
            if card_id is not None and not quizzes.is_practice(s, quiz_id):
                cfg = load_settings(s)
                reviews.record_review(s, card_id, 3 if grade.final_correct else 1, now, cfg.scheduler,
                                      cfg.rollover_hour, source="quiz")
            return attempt.id

    def override_quiz_answer(self, attempt_id: int, correct: bool) -> None:
        """The learner's verdict replaces the grader's; the card's review is redone to match."""
        with self.transaction() as s:
            attempt = quizzes.set_override(s, attempt_id, correct)
            if quizzes.is_practice(s, attempt.session_id):
                return
            card_id = quizzes.note_card_id(s, attempt.note_slug)
            last = reviews.last_review_of(s, card_id, source="quiz", at=attempt.answered_at)
            if last is not None and (last.rating > 1) != correct:
                cfg = load_settings(s)
                reviews.undo_review(s, last.id)
                reviews.record_review(s, card_id, 3 if correct else 1, attempt.answered_at, cfg.scheduler,
                                      cfg.rollover_hour, source="quiz")

    def quiz_summary(self, days: int = 30, now: datetime | None = None) -> dict:
        from datetime import timedelta

        with self.transaction() as s:
            return quizzes.quiz_summary(s, as_utc(now or utcnow()) - timedelta(days=days))

    # -- labs --------------------------------------------------------------------------------
    def save_lab_run(self, result: dict) -> int:
        with self.transaction() as s:
            return labruns.save_run(s, result)

    def lab_status(self) -> dict[str, dict]:
        """Each lab's newest run: status, device, when."""
        with self.transaction() as s:
            return labruns.last_status(s)

    def lab_runs(self, lab_id: str | None = None, limit: int = 50) -> list[dict]:
        with self.transaction() as s:
            return labruns.runs(s, lab_id, limit)

    # -- review history --------------------------------------------------------------------
    def import_review_history(self, reviews: list, source: str, name: str, now: datetime | None = None) -> dict:
        from studyapp.store.revlog_import import import_reviews

        with self.transaction() as s:
            return import_reviews(s, reviews, source, name, as_utc(now or utcnow()))

    def review_history(self) -> list:
        """Every answer as (card_id, rating, at, duration_ms), for fitting and evaluating FSRS."""
        from studyapp.srs.evaluate import LoggedReview

        with self.transaction() as s:
            rows = s.execute(select(ReviewLog.card_id, ReviewLog.rating, ReviewLog.reviewed_at, ReviewLog.duration_ms))
            return [LoggedReview(*row) for row in rows]

    # -- listing and stats -------------------------------------------------------------------
    def cards(self, due_only: bool = False, now: datetime | None = None) -> list[CardView]:
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            cfg = load_settings(s)
            query = card_views.CARD_ROWS.order_by(Card.id)
            if due_only:
                end = stats.day_end(now, cfg.rollover_hour)
                query = query.where(Card.suspended.is_(False), Card.state != 0, Card.due < end)
            scheduler = cfg.scheduler
            return [card_views.row_view(row, now, scheduler, self.lab_for_slug) for row in s.execute(query)]

    def stats(self, now: datetime | None = None) -> StatsSummary:
        now = as_utc(now or utcnow())
        with self.transaction() as s:
            return stats.summary(s, now, load_settings(s))


def _ensure_writable(home: Path) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CollectionError(f"{home}: cannot create the collection folder ({error.strerror})") from None
    if not os.access(home, os.W_OK | os.X_OK):
        raise CollectionError(
            f"{home}: the collection folder is not writable; choose another with --home DIR or STUDYAPP_HOME"
        )


def _corrupted(db_path: Path, home: Path, error: Exception) -> CollectionError:
    latest = backup.latest_backup(paths.backup_dir(home))
    hint = f"the latest backup is {latest}" if latest else "no backup exists yet"
    reason = str(getattr(error, "orig", error))
    return CollectionError(f"{db_path}: the collection file is damaged ({reason}); {hint}")


def integrity_problems(db_path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check, read with the plain sqlite3 module."""
    conn = sqlite3.connect(db_path)
    try:
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        conn.close()
