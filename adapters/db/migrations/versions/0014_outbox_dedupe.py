"""A dedupe key on outbox messages: an event's message is queued once, however often its
reminder pass runs.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("dedupe_key", sa.String(length=200), nullable=True))
        # NULLs are distinct: messages without a key (round published) never collide.
        batch.create_index("ux_outbox_message_dedupe_key", ["dedupe_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_index("ux_outbox_message_dedupe_key")
        batch.drop_column("dedupe_key")
