"""An evaluation can record whether the company would host a student again.

Revision ID: 0012
Revises: 0014
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bpv_evaluation") as batch:
        batch.add_column(sa.Column("would_host_again", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bpv_evaluation") as batch:
        batch.drop_column("would_host_again")
