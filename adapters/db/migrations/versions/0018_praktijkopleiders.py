"""Praktijkopleiders as people, and a company's experience with extra support.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("support_experience", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            "ck_company_support_experience", "support_experience BETWEEN 0 AND 2"
        )
    op.create_table(
        "praktijkopleider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("support_experience", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "hours_per_week > 0 AND hours_per_week <= 40", name="ck_praktijkopleider_hours"
        ),
        sa.CheckConstraint(
            "support_experience BETWEEN 0 AND 2", name="ck_praktijkopleider_support_experience"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_praktijkopleider_company_id", "praktijkopleider", ["company_id"])


def downgrade() -> None:
    op.drop_index("ix_praktijkopleider_company_id", table_name="praktijkopleider")
    op.drop_table("praktijkopleider")
    with op.batch_alter_table("company") as batch:
        batch.drop_constraint("ck_company_support_experience", type_="check")
        batch.drop_column("support_experience")
