"""The e-mail outbox: messages written with the event behind them, sent by a worker.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "round_published",
    "kennismaking_gepland",
    "evaluatie_nodig",
    "evaluatie_te_laat",
    "rematch_gestart",
)


def upgrade() -> None:
    kinds = ", ".join(f"'{k}'" for k in KINDS)
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_token", sa.String(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.CheckConstraint(f"kind IN ({kinds})", name="ck_outbox_message_kind"),
        sa.CheckConstraint("attempts >= 0", name="ck_outbox_message_attempts"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name="fk_outbox_message_account", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox_message") as batch:
        batch.create_index("ix_outbox_message_due", ["sent_at", "next_attempt_at"])
        batch.create_index("ix_outbox_message_account_id", ["account_id"])


def downgrade() -> None:
    op.drop_table("outbox_message")
