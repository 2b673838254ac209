"""Exercise attempts among the lab runs, and each lab's exercise: where its file is, how many hints were shown.

Revision ID: 0003_lab_exercises
Revises: 0002
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_lab_exercises"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lab_run") as batch:
        # the rows already there are runs of the labs' own code, never the learner's
        batch.add_column(sa.Column("exercise", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "lab_exercise",
        sa.Column("lab_id", sa.String(100), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("hints_shown", sa.Integer, nullable=False, server_default="0"),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("lab_id", name="pk_lab_exercise"),
    )


def downgrade() -> None:
    op.drop_table("lab_exercise")
    with op.batch_alter_table("lab_run") as batch:
        batch.drop_column("exercise")
