"""The e-mail outbox: one row per message, written in the transaction of the event behind it.

A message is queued with its full text (built by ``matcher/messages.py``), so what is sent is
what the event said, and a rolled-back event leaves no message. The sender
(``adapters/flows/outbox.py``) claims due rows with a lease: ``next_attempt_at`` moves past the
lease and ``lease_token`` names the claimant, so a second sender skips the row and only the
claimant records the result. ``next_attempt_at`` NULL without ``sent_at``: the server refused the
message for good; it waits for someone to press "Opnieuw proberen" in beheer. ``dedupe_key``
(unique, NULL for messages without one) names the event and recipient of a BPV message, so a
reminder pass that runs twice queues it once (``adapters/flows/bpv_messages.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime
from matcher.messages import MessageKind

_KINDS = ", ".join(f"'{k.value}'" for k in MessageKind)


class OutboxMessageRow(SQLModel, table=True):
    """One e-mail to one account, waiting, sent, or refused with the last error."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KINDS})", name="ck_outbox_message_kind"),
        CheckConstraint("attempts >= 0", name="ck_outbox_message_attempts"),
        Index("ix_outbox_message_due", "sent_at", "next_attempt_at"),
        Index("ix_outbox_message_account_id", "account_id"),
        Index("ux_outbox_message_dedupe_key", "dedupe_key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("account.id", name="fk_outbox_message_account", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    email: str
    subject: str
    body: str
    kind: str
    created_at: datetime = Field(sa_type=UTCDateTime())
    attempts: int = 0
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    lease_token: str | None = None
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    last_error: str | None = None
    dedupe_key: str | None = Field(default=None, max_length=200)
