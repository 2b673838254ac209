"""Lab runs record where they ran: the backend's name (`local` for this machine) and the device's name.

Revision ID: 0004_lab_backend
Revises: 0003_lab_exercises
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_lab_backend"
down_revision = "0003_lab_exercises"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lab_run") as batch:
        batch.add_column(sa.Column("backend", sa.String(100), nullable=False, server_default="local"))
        batch.add_column(sa.Column("device_name", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lab_run") as batch:
        batch.drop_column("device_name")
        batch.drop_column("backend")
