"""The company's own verdict after the kennismaking: bpv.company_verdict_on.

The verdict itself goes in the existing bpv.company_verdict and company_reason; this column
holds the day the company gave it (empty when school recorded both sides).

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-03 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bpv") as batch:
        batch.add_column(sa.Column("company_verdict_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bpv") as batch:
        batch.drop_column("company_verdict_on")
