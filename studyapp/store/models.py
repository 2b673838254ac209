"""SQLAlchemy models of the collection. The schema itself is owned by Alembic (migrations/)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.sqlite import DATETIME
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from studyapp.store import schema
from studyapp.store.schema import BASIC, CardState

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class _StoredText(DATETIME):
    """SQLite's DATETIME column type, with SQLAlchemy's own conversion switched off: UTCDateTime converts."""

    def bind_processor(self, dialect):
        return None

    def result_processor(self, dialect, coltype):
        return None


class UTCDateTime(TypeDecorator):
    """A moment, written and read by the same pair of functions as the plain sqlite3 path (`schema.to_db`,
    `schema.from_db`): naive UTC text in a DATETIME column, timezone-aware in Python."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return _StoredText()

    def process_bind_param(self, value, dialect):
        return schema.to_db(value)

    def process_result_value(self, value, dialect):
        return schema.from_db(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Deck(Base):
    __tablename__ = "deck"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, unique=True)  # path of the document, or a placeholder key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    notes: Mapped[list[Note]] = relationship(back_populates="deck")


class Note(Base):
    __tablename__ = "note"
    __table_args__ = (UniqueConstraint("deck_id", "slug"), Index("ix_note_family", "deck_id", "parent_slug"))

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("deck.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(200), default="")
    line: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="qa")
    parent_slug: Mapped[str | None] = mapped_column(String(200), nullable=True)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    deck: Mapped[Deck] = relationship(back_populates="notes")
    cards: Mapped[list[Card]] = relationship(back_populates="note")


class Card(Base):
    __tablename__ = "card"
    __table_args__ = (
        UniqueConstraint("note_id", "kind", "ordinal"),
        Index("ix_card_queue", "state", "suspended", "due"),
        Index("ix_card_new", "state", "suspended", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=BASIC)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[int] = mapped_column(Integer, default=CardState.NEW)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    tags: Mapped[str] = mapped_column(Text, default="")  # space-separated, e.g. "leech"
    front: Mapped[str | None] = mapped_column(Text, nullable=True)  # cloze cards: the text with its gap
    back: Mapped[str | None] = mapped_column(Text, nullable=True)  # cloze cards: what fills the gap

    note: Mapped[Note] = relationship(back_populates="cards")


class ReviewLog(Base):
    __tablename__ = "review_log"
    __table_args__ = (Index("ix_review_log_card_time", "card_id", "reviewed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("card.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)  # 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    state_before: Mapped[int] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float, nullable=True)  # after the review
    difficulty: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(20), default="review")  # review | quiz | interview | import


class UndoEntry(Base):
    """The card as it was before one answer: the last answers can be taken back."""

    __tablename__ = "undo_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_log_id: Mapped[int] = mapped_column(ForeignKey("review_log.id", ondelete="CASCADE"), unique=True)
    card_before: Mapped[str] = mapped_column(Text)  # JSON of the card's scheduling fields
    buried_siblings: Mapped[str] = mapped_column(Text, default="[]")  # JSON ids buried by this answer


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class LabRun(Base):
    """One run of a lab, with its whole result document."""

    __tablename__ = "lab_run"
    __table_args__ = (Index("ix_lab_run_lab_started", "lab_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lab_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10))  # pass | fail | error
    mode: Mapped[str] = mapped_column(String(10))
    device: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    result_json: Mapped[str] = mapped_column(Text)
    exercise: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # the learner's code
    backend: Mapped[str] = mapped_column(String(100), default="local", server_default="local")  # where it ran
    device_name: Mapped[str | None] = mapped_column(String(200), nullable=True)  # e.g. the remote GPU's name


class LabExercise(Base):
    """A lab's exercise as the learner works on it: the file the checks read, the hints seen so far."""

    __tablename__ = "lab_exercise"

    lab_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    hints_shown: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QuizSession(Base):
    __tablename__ = "quiz_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    practice: Mapped[bool] = mapped_column(Boolean, default=False)  # practice: the schedule is not touched


class QuizAttempt(Base):
    """One answered quiz item; `override` holds the learner's own verdict when they disagreed with the grader."""

    __tablename__ = "quiz_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("quiz_session.id", ondelete="CASCADE"), index=True)
    note_slug: Mapped[str] = mapped_column(String(200), index=True)
    item_type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool] = mapped_column(Boolean)
    override: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    detail_json: Mapped[str] = mapped_column(Text, default="{}")  # key points found/missed, expected answer
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InterviewSession(Base):
    __tablename__ = "interview_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(20))  # practice | pressure
    sections_json: Mapped[str] = mapped_column(Text, default="[]")
    affects_schedule: Mapped[bool] = mapped_column(Boolean, default=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    report_json: Mapped[str] = mapped_column(Text, default="{}")


class InterviewAnswer(Base):
    __tablename__ = "interview_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("interview_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    note_slug: Mapped[str] = mapped_column(String(200), index=True)
    section: Mapped[str] = mapped_column(String(200), default="")
    question_type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    seconds_allowed: Mapped[int] = mapped_column(Integer)
    seconds_used: Mapped[float] = mapped_column(Float, default=0.0)
    timed_out: Mapped[bool] = mapped_column(Boolean, default=False)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)  # "I don't know"
    coverage: Mapped[float] = mapped_column(Float, default=0.0)
    self_rating: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0..4 after seeing the reference
    detail_json: Mapped[str] = mapped_column(Text, default="{}")  # key points found/missed
