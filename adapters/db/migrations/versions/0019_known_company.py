"""A company the student knows themself (eigen netwerk): student_known_company.

Revision ID: 0019
Revises: 0015
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "student_known_company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("town", sa.String(), nullable=False),
        sa.Column("contact", sa.String(), nullable=False),
        sa.Column("why", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("company_id", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'toegevoegd', 'niet_erkend')",
            name="ck_student_known_company_status",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("student_id", name="uq_student_known_company_student_id"),
    )
    op.create_index(
        "ix_student_known_company_status", "student_known_company", ["status"]
    )


def downgrade() -> None:
    op.drop_index("ix_student_known_company_status", table_name="student_known_company")
    op.drop_table("student_known_company")
