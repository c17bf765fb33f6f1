"""Table models of accounts, sessions, tokens, login throttling, consent and the privacy log.

Secrets are never stored: passwords as argon2 hashes, session ids and API tokens as SHA-256
hashes, throttling keys as a hash of e-mail and IP. ``privacy_event`` is append-only: the code
only inserts, the migration adds triggers that refuse UPDATE and DELETE on it, and every row is
linked into a hash chain (``adapters/db/audit_chain.py``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from adapters.db.types import UTCDateTime


def _account_fk(table: str) -> Column[int]:
    return Column(Integer, ForeignKey("account.id", name=f"fk_{table}_account"), nullable=False)


class AccountRow(SQLModel, table=True):
    """A person who can log in; ``roles`` is a ';'-joined sorted set of role names."""

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("email", name="uq_account_email"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str  # stored lower-case
    display_name: str = ""
    password_hash: str
    roles: str
    institution: str | None = None
    student_id: str | None = None  # the student this account belongs to (role student)
    company_id: str | None = None  # the company this account works for (role company)
    active: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime())


class CaseloadRow(SQLModel, table=True):
    """One student in a jobcoach's or begeleider's caseload."""

    __tablename__ = "account_caseload"
    __table_args__ = (
        UniqueConstraint("account_id", "student_id", name="uq_account_caseload"),
        Index("ix_account_caseload_student_id", "student_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk("account_caseload"))
    student_id: str


class ApiTokenRow(SQLModel, table=True):
    """An API token: only its SHA-256 hash is kept; the prefix helps people recognise it."""

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_api_token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk("api_token"))
    token_hash: str
    prefix: str
    name: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime())
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime())


class WebSessionRow(SQLModel, table=True):
    """A web login: the cookie holds a random id, the table only its SHA-256 hash."""

    __tablename__ = "web_session"
    __table_args__ = (UniqueConstraint("session_hash", name="uq_web_session_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_account_fk("web_session"))
    session_hash: str
    csrf_token: str
    created_at: datetime = Field(sa_type=UTCDateTime())
    expires_at: datetime = Field(sa_type=UTCDateTime())
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime())


class LoginThrottleRow(SQLModel, table=True):
    """Failed logins per account and IP (key is a hash), kept in the database across restarts."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("key_hash", name="uq_login_throttle_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str
    failures: int = 0
    last_failure_at: datetime = Field(sa_type=UTCDateTime())
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime())


class ConsentRow(SQLModel, table=True):
    """One consent: per student, purpose, recipient (a company id or 'parents') and card part."""

    __tablename__ = "consent"
    __table_args__ = (Index("ix_consent_student_purpose", "student_id", "purpose", "recipient"),)

    id: int | None = Field(default=None, primary_key=True)
    student_id: str
    purpose: str
    recipient: str
    grantor: str  # student | parent
    method: str  # digital | written | oral
    text_version: str
    shown_text: str
    recorded_by: str  # who recorded it (account id and name)
    granted_at: datetime = Field(sa_type=UTCDateTime())
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    withdrawn_by: str | None = None
    withdrawal_reason: str | None = None
    # The part of the company card (strengths / conditions / needs, matcher.privacy.consent
    # .ConsentPart) for consent to a company; None where parts do not apply (parents).
    part: str | None = None


class PrivacyEventRow(SQLModel, table=True):
    """Audit: one read of special-category data, share, consent change, export, erasure or login."""

    __tablename__ = "privacy_event"
    __table_args__ = (
        Index("ix_privacy_event_student_id", "student_id"),
        Index("ux_privacy_event_chain", "chain_lane", "chain_seq", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime())
    actor_id: int | None = None
    actor: str
    role: str | None = None
    purpose: str | None = None
    action: str
    student_id: str | None = None
    categories: str = ""
    fields: str = ""
    recipient: str | None = None
    motivation: str = ""
    # The hash chain (filled in by adapters/db/audit_chain.py when the row is inserted).
    chain_lane: int | None = None
    chain_seq: int | None = None
    prev_hash: str | None = None
    row_hash: str | None = None
