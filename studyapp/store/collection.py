"""The collection: the one door to the database for the CLI, the TUI, tests and benchmarks."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp import paths
from studyapp.resources import BUNDLED_SOURCE
from studyapp.store import backup, card_views, migrate, queue, reviews, stats
from studyapp.store.card_views import LabForSlug, no_lab
from studyapp.store.db import ConnectionPool, rows, session_connection
from studyapp.store.errors import CollectionDamaged, NoPermission, NotACollection, StoreFault, classify
from studyapp.store.schema import Rating, from_db, to_db
from studyapp.store.settings import Settings, load_settings, save_settings
from studyapp.store.timeutil import as_utc, utcnow
from studyapp.store.views import CardView, DayCounts, ImportSummary, RateResult, StatsSummary, UndoResult

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from studyapp.deck.model import Deck as ParsedDeck
    from studyapp.store.cloze_sync import ClozeFinder
    from studyapp.store.labruns import JudgedRun

__all__ = ["BUNDLED_SOURCE", "Collection", "CollectionError", "first_run_lock", "integrity_problems"]


CollectionError = StoreFault  # the name callers knew; each fault now has its own class in store.errors

_DECK_COUNT = "SELECT count(*) FROM deck"
_REVIEW_HISTORY = "SELECT card_id, rating, reviewed_at, duration_ms FROM review_log ORDER BY id"
_TABLE_COUNT = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
_INTEGRITY_CHECK = "PRAGMA integrity_check"
_FOREIGN_KEY_CHECK = "PRAGMA foreign_key_check"


class Collection:
    """Two ways in: `db()`, a transaction on a plain sqlite3 connection (the study loop: settings, counts,
    the next card, answers), and `transaction()`, an ORM session (everything else). SQLAlchemy is imported
    the first time an ORM session is asked for, so the app's first frames never wait for it."""

    def __init__(self, home: Path, find_clozes: ClozeFinder | None = None):
        """find_clozes: which cloze deletions a note has (studyapp.service hands the quiz's finder); without
        one, imported notes get no cloze cards."""
        self.home = home
        self.find_clozes = find_clozes
        self._pool = ConnectionPool(paths.collection_path(home))
        self._engine: Engine | None = None
        self._sessions = None

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, home: Path | str | None = None, import_bundled: bool = True,
             find_clozes: ClozeFinder | None = None) -> Collection:
        """Open (creating if needed) and migrate the collection; an empty one gets the bundled deck."""
        home = paths.resolve_home(home)
        db_path = paths.collection_path(home)
        _ensure_writable(home)
        collection = cls(home, find_clozes)
        try:
            # Creating, migrating and filling a new collection is done by one process at a time.
            with first_run_lock(home):
                existed = _existing_file(db_path)
                revision = migrate.stored_revision(db_path)
                migrate.check_not_newer(revision, db_path)
                if revision is None and existed and _has_tables(db_path):
                    raise NotACollection(f"{db_path}: an SQLite file, but not a studyapp collection (it has no "
                                         "schema version); move it away or use --home DIR")
                if revision != migrate.head_revision():
                    if existed:
                        backup.write_backup(db_path, paths.backup_dir(home), reason=f"before-{revision or 'schema'}")
                    migrate.upgrade(collection.engine)
                if import_bundled and collection.is_empty():
                    collection.import_bundled()
        except BaseException as error:
            collection.close()
            fault = classify(error, db_path) if isinstance(error, Exception) else None
            if isinstance(fault, CollectionDamaged):
                raise _damaged(fault, home) from None
            if fault is not None:
                raise fault from None
            raise
        return collection

    def close(self) -> None:
        self._pool.close()
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Collection:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def db_path(self) -> Path:
        return paths.collection_path(self.home)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from studyapp.store.engine import make_engine, make_sessionmaker

            self._engine = make_engine(self.db_path)
            self._sessions = make_sessionmaker(self._engine)
        return self._engine

    @contextmanager
    def db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """One user action on a plain sqlite3 connection: everything inside commits together or not at all."""
        with self._pool.transaction(write) as conn:
            yield conn

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """One user action through the ORM: everything inside commits together or not at all.

        A writer takes SQLite's write lock at BEGIN (IMMEDIATE), so it waits out another writer for the
        busy timeout instead of failing the moment a read turns into a write; `write=False` for reads."""
        self.engine  # noqa: B018 - builds the engine and its sessionmaker on first use
        with self._sessions() as session, session.begin():
            session.connection(execution_options={"studyapp_write": write})
            yield session

    # -- content -----------------------------------------------------------------------------
    def is_empty(self) -> bool:
        with self.db() as conn:
            return conn.execute(_DECK_COUNT).fetchone()[0] == 0

    def import_bundled(self, now: datetime | None = None) -> ImportSummary:
        from studyapp.deck import parse_file
        from studyapp.resources import default_deck_path

        return self.import_decks([(parse_file(default_deck_path()), BUNDLED_SOURCE)], now)

    def import_decks(self, decks: Sequence[tuple[ParsedDeck, str]], now: datetime | None = None,
                     as_new_deck: bool = False) -> ImportSummary:
        """All documents in one transaction: a failure leaves the collection as it was.

        A document at a path not seen before whose notes are mostly a known deck's updates that deck
        (moved or copied, with a warning in the summary), unless `as_new_deck`."""
        from studyapp.store.cloze_sync import no_clozes
        from studyapp.store.sync import sync_deck  # rapidfuzz: not needed at start-up

        now = as_utc(now or utcnow())
        total = ImportSummary()
        with self.transaction() as s:
            for parsed, source in decks:
                total = total + sync_deck(s, parsed, source, now, as_new_deck,
                                          find_clozes=self.find_clozes or no_clozes)
        return total

    # -- settings ----------------------------------------------------------------------------
    def settings(self) -> Settings:
        with self.db() as conn:
            return load_settings(conn)

    def save_settings(self, settings: Settings) -> None:
        with self.db(write=True) as conn:
            save_settings(conn, settings)

    # -- review ------------------------------------------------------------------------------
    def day_counts(self, now: datetime | None = None) -> DayCounts:
        now = as_utc(now or utcnow())
        with self.db() as conn:
            cfg = load_settings(conn)
            return queue.day_counts(conn, now, cfg.limits, cfg.rollover_hour)

    def next_card(self, now: datetime | None = None, lab_for_slug: LabForSlug = no_lab) -> CardView | None:
        now = as_utc(now or utcnow())
        with self.db() as conn:
            cfg = load_settings(conn)
            card_id = queue.next_card_id(conn, now, cfg.limits, cfg.rollover_hour)
            if card_id is None:
                return None
            return card_views.card_view(conn, card_id, now, cfg.scheduler, lab_for_slug)[0]

    def card(self, card_id: int, now: datetime | None = None, lab_for_slug: LabForSlug = no_lab) -> CardView:
        now = as_utc(now or utcnow())
        with self.db() as conn:
            return card_views.card_view(conn, card_id, now, load_settings(conn).scheduler, lab_for_slug)[0]

    def rate(self, card_id: int, rating: int, now: datetime | None = None, source: str = "review",
             duration_ms: int | None = None) -> RateResult:
        now = as_utc(now or utcnow())
        with self.db(write=True) as conn:
            return reviews.answer_card(conn, card_id, rating, now, source, duration_ms)

    def undo(self, review_id: int | None = None) -> UndoResult | None:
        """Take back one answer: `review_id` (an answer this process gave), else the collection's last."""
        with self.db(write=True) as conn:
            return reviews.undo_last(conn) if review_id is None else reviews.undo_review(conn, review_id)

    def suspend(self, card_id: int, suspended: bool = True) -> str:
        """Returns the card as it was, for `restore_card` (undo)."""
        with self.db(write=True) as conn:
            before = reviews.card_snapshot(conn, card_id)
            reviews.set_suspended(conn, card_id, suspended)
            return before

    def bury(self, card_id: int, now: datetime | None = None) -> str:
        """Returns the card as it was, for `restore_card` (undo)."""
        now = as_utc(now or utcnow())
        with self.db(write=True) as conn:
            before = reviews.card_snapshot(conn, card_id)
            reviews.bury(conn, card_id, now, load_settings(conn).rollover_hour)
            return before

    def restore_card(self, card_id: int, snapshot: str) -> None:
        with self.db(write=True) as conn:
            reviews.restore_card(conn, card_id, snapshot)

    def reset(self, card_id: int, now: datetime | None = None) -> None:
        with self.db(write=True) as conn:
            reviews.reset(conn, card_id, as_utc(now or utcnow()))

    # -- quizzes (ORM) -----------------------------------------------------------------------
    def notes(self) -> list:
        """The collection's active notes as plain deck notes (what quizzes and interviews are made from)."""
        from studyapp.store import quizzes

        with self.transaction() as s:
            return quizzes.active_notes(s)

    def start_quiz(self, seed: int | None = None, practice: bool = False, now: datetime | None = None) -> int:
        from studyapp.store import quizzes

        with self.transaction() as s:
            return quizzes.start_session(s, as_utc(now or utcnow()), seed, practice)

    def finish_quiz(self, quiz_id: int, now: datetime | None = None) -> None:
        from studyapp.store import quizzes

        with self.transaction() as s:
            quizzes.finish_session(s, quiz_id, as_utc(now or utcnow()))

    def record_quiz_answer(self, quiz_id: int, item, grade, response: str = "", now: datetime | None = None) -> int:
        """The attempt and, unless the quiz is practice, a review of the note's card (wrong: Again, right: Good)."""
        now = as_utc(now or utcnow())
        from studyapp.store import quizzes

        with self.transaction() as s:
            attempt = quizzes.add_attempt(s, quiz_id, item, grade, response, now)
            card_id = quizzes.note_card_id(s, item.note)
            if card_id is not None and not quizzes.is_practice(s, quiz_id):
                reviews.answer_card(session_connection(s), card_id, Rating.GOOD if grade.final_correct else Rating.AGAIN,
                                    now, "quiz")
            return attempt.id

    def override_quiz_answer(self, attempt_id: int, correct: bool) -> None:
        """The learner's verdict replaces the grader's; the card's review is redone to match."""
        from studyapp.store import quizzes

        with self.transaction() as s:
            attempt = quizzes.set_override(s, attempt_id, correct)
            if quizzes.is_practice(s, attempt.session_id):
                return
            card_id = quizzes.note_card_id(s, attempt.note_slug)
            conn = session_connection(s)
            last = reviews.last_review_of(conn, card_id, source="quiz", at=attempt.answered_at)
            if last is not None and (last["rating"] > Rating.AGAIN) != correct:
                reviews.undo_review(conn, last["id"])
                reviews.answer_card(conn, card_id, Rating.GOOD if correct else Rating.AGAIN, attempt.answered_at, "quiz")

    def quiz_summary(self, days: int = 30, now: datetime | None = None) -> dict:
        from datetime import timedelta

        from studyapp.store import quizzes

        with self.transaction() as s:
            return quizzes.quiz_summary(s, as_utc(now or utcnow()) - timedelta(days=days))

    # -- labs --------------------------------------------------------------------------------
    def save_lab_run(self, result: JudgedRun, exercise: bool = False) -> int:
        """exercise: the checks ran on the learner's file (an exercise attempt)."""
        from studyapp.store import labruns

        with self.transaction() as s:
            return labruns.save_run(s, result, exercise)

    def lab_status(self, exercise: bool = False) -> dict[str, dict]:
        """Each lab's newest run (or, exercise=True, newest exercise attempt): status, device, when."""
        from studyapp.store import labruns

        with self.transaction() as s:
            return labruns.last_status(s, exercise)

    def lab_runs(self, lab_id: str | None = None, limit: int = 50, exercise: bool | None = None) -> list[dict]:
        from studyapp.store import labruns

        with self.transaction() as s:
            return labruns.runs(s, lab_id, limit, exercise)

    def lab_attempts(self, lab_id: str) -> dict[str, int]:
        """How many exercise attempts of the lab ended pass, fail, error."""
        from studyapp.store import labruns

        with self.transaction() as s:
            return labruns.attempt_counts(s, lab_id)

    def lab_exercise(self, lab_id: str) -> dict | None:
        """The learner's exercise of a lab: its file's path and the hints seen; None before the first start."""
        from studyapp.store import labruns

        with self.transaction() as s:
            return labruns.exercise_state(s, lab_id)

    def remember_lab_exercise(self, lab_id: str, path: str) -> None:
        from studyapp.store import labruns

        with self.transaction() as s:
            labruns.remember_exercise(s, lab_id, path)

    def take_lab_hint(self, lab_id: str, available: int, default_path: str) -> int:
        """The index of the next hint to show (the counter is kept per lab); the last one repeats."""
        from studyapp.store import labruns

        with self.transaction() as s:
            return labruns.take_hint(s, lab_id, available, default_path)

    # -- review history --------------------------------------------------------------------
    def import_review_history(self, reviews: list, source: str, name: str, now: datetime | None = None) -> dict:
        from studyapp.store.revlog_import import import_reviews

        with self.transaction() as s:
            return import_reviews(s, reviews, source, name, as_utc(now or utcnow()))

    def review_history(self) -> list:
        """Every answer as (card_id, rating, at, duration_ms), for fitting and evaluating FSRS."""
        from studyapp.srs.evaluate import LoggedReview

        with self.db() as conn:
            found = conn.execute(_REVIEW_HISTORY)
            return [LoggedReview(card, rating, from_db(at), ms) for card, rating, at, ms in found]

    # -- listing and stats -------------------------------------------------------------------
    def cards(self, due_only: bool = False, now: datetime | None = None,
              lab_for_slug: LabForSlug = no_lab) -> list[CardView]:
        now = as_utc(now or utcnow())
        with self.db() as conn:
            cfg = load_settings(conn)
            sql, params = card_views.ALL_CARDS, ()
            if due_only:
                sql, params = card_views.DUE_CARDS, (to_db(stats.day_end(now, cfg.rollover_hour)),)
            scheduler = cfg.scheduler
            return [card_views.row_view(row, now, scheduler, lab_for_slug) for row in rows(conn, sql, params)]

    def stats(self, now: datetime | None = None) -> StatsSummary:
        now = as_utc(now or utcnow())
        with self.db() as conn:
            return stats.summary(conn, now, load_settings(conn))


def _ensure_writable(home: Path) -> None:
    if home.exists() and not home.is_dir():
        raise NotACollection(f"{home}: is a file, not a collection folder; choose another with --home DIR")
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fault = classify(error, home)
        if fault is not None and not isinstance(fault, NotACollection):
            raise fault from None
        raise StoreFault(f"{home}: cannot create the collection folder ({error.strerror})") from None
    if not os.access(home, os.W_OK | os.X_OK):
        raise NoPermission(
            f"{home}: the collection folder is not writable; choose another with --home DIR or STUDYAPP_HOME"
        )


def _existing_file(db_path: Path) -> bool:
    """True for a non-empty collection file; anything but a regular file in its place is refused."""
    if not os.path.lexists(db_path):
        return False
    if not db_path.is_file():
        raise NotACollection(f"{db_path}: is not a regular file (a directory, a device or a broken link); "
                             "move it away or use --home DIR")
    return db_path.stat().st_size > 0


def _has_tables(db_path: Path) -> bool:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(_TABLE_COUNT).fetchone()[0] > 0
    finally:
        conn.close()


def _damaged(fault: CollectionDamaged, home: Path) -> CollectionDamaged:
    latest = backup.latest_backup(paths.backup_dir(home))
    hint = (f"the latest verified backup is {latest}; `studyapp check` tells what is wrong" if latest
            else "no backup exists yet; `studyapp check` tells what is wrong")
    return CollectionDamaged(f"{fault}; {hint}")


@contextmanager
def first_run_lock(home: Path) -> Iterator[None]:
    """An exclusive lock on a file beside the collection, held while it is opened, created or migrated."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: SQLite's own locking is all there is
        yield
        return
    with open(home / ".open.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def integrity_problems(db_path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check, read with the plain sqlite3 module."""
    conn = sqlite3.connect(db_path)
    try:
        problems = [r[0] for r in conn.execute(_INTEGRITY_CHECK) if r[0] != "ok"]
        problems += [f"foreign key: {r}" for r in conn.execute(_FOREIGN_KEY_CHECK)]
        return problems
    except sqlite3.DatabaseError as error:  # so damaged that SQLite cannot even check it
        return [f"{db_path}: {error}"]
    finally:
        conn.close()
