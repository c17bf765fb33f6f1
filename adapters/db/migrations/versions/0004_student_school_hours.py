"""Students' school hours in a BPV week (M4: for 16/17 they count as working time).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("student") as batch:
        batch.add_column(
            sa.Column("school_hours_per_week", sa.Float(), nullable=False, server_default="0")
        )
        batch.create_check_constraint("ck_student_school_hours", "school_hours_per_week >= 0")


def downgrade() -> None:
    with op.batch_alter_table("student") as batch:
        batch.drop_constraint("ck_student_school_hours", type_="check")
        batch.drop_column("school_hours_per_week")
