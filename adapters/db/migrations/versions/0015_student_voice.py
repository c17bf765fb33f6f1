"""The student's own voice: interests, kinds of tasks of places, and the student's favourites.

Revision ID: 0015
Revises: 0016
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0016"
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
    op.create_table(
        "student_favourite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(), nullable=False),
        sa.Column("place_id", sa.String(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rank >= 0", name="ck_student_favourite_rank"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("student_id", "place_id", name="uq_student_favourite_place"),
        sa.UniqueConstraint("student_id", "rank", name="uq_student_favourite_rank"),
    )
    op.create_index("ix_student_favourite_student_id", "student_favourite", ["student_id"])
    op.create_table(
        "student_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("proposed", sa.JSON(), nullable=True),
        sa.Column("confirmed", sa.JSON(), nullable=True),
        sa.Column("confirmed_by", sa.String(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("student_id", name="uq_student_profile_student_id"),
    )


def downgrade() -> None:
    op.drop_table("student_profile")
    op.drop_index("ix_student_favourite_student_id", table_name="student_favourite")
    op.drop_table("student_favourite")
    with op.batch_alter_table("place") as batch:
        batch.drop_column("tasks")
    with op.batch_alter_table("student") as batch:
        batch.drop_column("interest_tasks")
        batch.drop_column("interest_sectors")
