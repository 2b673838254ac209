"""The collection: decks, notes, cards, review log, undo stack, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deck"),
        sa.UniqueConstraint("source", name="uq_deck_source"),
    )
    op.create_table(
        "note",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("deck_id", sa.Integer, nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("section", sa.String(200), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("parent_slug", sa.String(200), nullable=True),
        sa.Column("retired", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_note"),
        sa.ForeignKeyConstraint(["deck_id"], ["deck.id"], name="fk_note_deck_id_deck", ondelete="CASCADE"),
        sa.UniqueConstraint("deck_id", "slug", name="uq_note_deck_id"),
    )
    op.create_index("ix_note_deck_id", "note", ["deck_id"])
    op.create_index("ix_note_family", "note", ["deck_id", "parent_slug"])
    op.create_table(
        "card",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("note_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("state", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("due", sa.DateTime, nullable=False),
        sa.Column("last_review", sa.DateTime, nullable=True),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("lapses", sa.Integer, nullable=False),
        sa.Column("suspended", sa.Boolean, nullable=False),
        sa.Column("buried_until", sa.DateTime, nullable=True),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("front", sa.Text, nullable=True),
        sa.Column("back", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_card"),
        sa.ForeignKeyConstraint(["note_id"], ["note.id"], name="fk_card_note_id_note", ondelete="CASCADE"),
        sa.UniqueConstraint("note_id", "kind", "ordinal", name="uq_card_note_id"),
    )
    op.create_index("ix_card_note_id", "card", ["note_id"])
    op.create_index("ix_card_queue", "card", ["state", "suspended", "due"])
    op.create_index("ix_card_new", "card", ["state", "suspended", "id"])
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("card_id", sa.Integer, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("reviewed_at", sa.DateTime, nullable=False),
        sa.Column("duration_ms", sa.Integer, nullable=True),
        sa.Column("state_before", sa.Integer, nullable=False),
        sa.Column("stability", sa.Float, nullable=True),
        sa.Column("difficulty", sa.Float, nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_review_log"),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"], name="fk_review_log_card_id_card", ondelete="CASCADE"),
    )
    op.create_index("ix_review_log_card_time", "review_log", ["card_id", "reviewed_at"])
    op.create_index("ix_review_log_reviewed_at", "review_log", ["reviewed_at"])
    op.create_table(
        "undo_entry",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("review_log_id", sa.Integer, nullable=False),
        sa.Column("card_before", sa.Text, nullable=False),
        sa.Column("buried_siblings", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_undo_entry"),
        sa.ForeignKeyConstraint(
            ["review_log_id"], ["review_log.id"], name="fk_undo_entry_review_log_id_review_log", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("review_log_id", name="uq_undo_entry_review_log_id"),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_setting"),
    )


def downgrade() -> None:
    for table in ("setting", "undo_entry", "review_log", "card", "note", "deck"):
        op.drop_table(table)
