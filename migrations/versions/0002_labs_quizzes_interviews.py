"""Lab runs, quiz sessions and attempts, interview sessions and answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lab_run",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("lab_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("device", sa.String(200), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("seconds", sa.Float, nullable=True),
        sa.Column("result_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lab_run"),
    )
    op.create_index("ix_lab_run_lab_started", "lab_run", ["lab_id", "started_at"])
    op.create_table(
        "quiz_session",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("seed", sa.Integer, nullable=True),
        sa.Column("practice", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_session"),
    )
    op.create_table(
        "quiz_attempt",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("note_slug", sa.String(200), nullable=False),
        sa.Column("item_type", sa.String(20), nullable=False),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("response", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("override", sa.Boolean, nullable=True),
        sa.Column("detail_json", sa.Text, nullable=False),
        sa.Column("answered_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_quiz_attempt"),
        sa.ForeignKeyConstraint(["session_id"], ["quiz_session.id"], name="fk_quiz_attempt_session_id_quiz_session",
                                ondelete="CASCADE"),
    )
    op.create_index("ix_quiz_attempt_session_id", "quiz_attempt", ["session_id"])
    op.create_index("ix_quiz_attempt_note_slug", "quiz_attempt", ["note_slug"])
    op.create_table(
        "interview_session",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("sections_json", sa.Text, nullable=False),
        sa.Column("affects_schedule", sa.Boolean, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_interview_session"),
    )
    op.create_table(
        "interview_answer",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("note_slug", sa.String(200), nullable=False),
        sa.Column("section", sa.String(200), nullable=False),
        sa.Column("question_type", sa.String(20), nullable=False),
        sa.Column("prompt", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("seconds_allowed", sa.Integer, nullable=False),
        sa.Column("seconds_used", sa.Float, nullable=False),
        sa.Column("timed_out", sa.Boolean, nullable=False),
        sa.Column("skipped", sa.Boolean, nullable=False),
        sa.Column("coverage", sa.Float, nullable=False),
        sa.Column("self_rating", sa.Integer, nullable=True),
        sa.Column("detail_json", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_interview_answer"),
        sa.ForeignKeyConstraint(["session_id"], ["interview_session.id"],
                                name="fk_interview_answer_session_id_interview_session", ondelete="CASCADE"),
    )
    op.create_index("ix_interview_answer_session_id", "interview_answer", ["session_id"])
    op.create_index("ix_interview_answer_note_slug", "interview_answer", ["note_slug"])


def downgrade() -> None:
    for table in ("interview_answer", "interview_session", "quiz_attempt", "quiz_session", "lab_run"):
        op.drop_table(table)
