"""The student's own voice: interests of students and the kinds of tasks of places.

Revision ID: 0015
Revises: 0009 (the chain runs 0008, 0010, 0011, 0009; the lead re-chains at merge)
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0009"  # the head; its own parent is 0011
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("student") as batch:
        batch.add_column(
            sa.Column("interest_sectors", sa.String(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("interest_tasks", sa.String(), nullable=False, server_default=""))
    with op.batch_alter_table("place") as batch:
        batch.add_column(sa.Column("tasks", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("place") as batch:
        batch.drop_column("tasks")
    with op.batch_alter_table("student") as batch:
        batch.drop_column("interest_tasks")
        batch.drop_column("interest_sectors")
