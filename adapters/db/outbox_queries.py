"""Queries of the e-mail outbox: queue, claim with a lease, record the result, list, retry.

``claim_due`` sets the claimant's token on due rows and pushes ``next_attempt_at`` past the
lease. On PostgreSQL it first locks the due rows with ``SELECT ... FOR UPDATE SKIP LOCKED``, so
two senders never claim one row (the second skips what the first holds); SQLite has no row
locks, but it runs one writer at a time and the single UPDATE re-checks that the row is still
due, which is the same guarantee. Results are recorded only under the
claimant's token, so a sender whose lease ran out cannot overwrite another's result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from adapters.db.outbox_models import OutboxMessageRow
from adapters.db.privacy_models import AccountRow
from adapters.db.round_models import APPROVED_DECISIONS, MatchRoundRow, ProposalRow
from matcher.messages import Mail, MessageKind

T = OutboxMessageRow.__table__  # type: ignore[attr-defined]
A = AccountRow.__table__  # type: ignore[attr-defined]
P = ProposalRow.__table__  # type: ignore[attr-defined]
R = MatchRoundRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class AccountAddress:
    """An active account that can get e-mail, with what a message needs about it."""

    account_id: int | None
    email: str
    display_name: str


@dataclass(frozen=True, slots=True)
class Claimed:
    """A message a sender holds the lease on."""

    message_id: int
    email: str
    subject: str
    body: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Listed:
    """A message as beheer sees it: to whom (account), why, and how sending went; no text."""

    message_id: int
    account_id: int | None
    account_name: str
    email: str
    kind: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str | None


def add(
    session: Session,
    *,
    to: AccountAddress,
    kind: MessageKind,
    mail: Mail,
    now: datetime,
) -> None:
    """Queue one message in the caller's transaction (due at once)."""
    session.add(
        OutboxMessageRow(
            account_id=to.account_id, email=to.email, subject=mail.subject, body=mail.body,
            kind=kind.value, created_at=now, attempts=0, next_attempt_at=now,
        )
    )  # fmt: skip


def _address(row: object) -> AccountAddress:
    return AccountAddress(int(row.id), str(row.email), str(row.display_name or ""))  # type: ignore[attr-defined]


def _approved(round_id: int) -> object:
    """The approved proposals with a place in the round's last completed run."""
    return and_(
        P.c.round_id == round_id,
        P.c.run == select(R.c.current_run).where(R.c.id == round_id).scalar_subquery(),
        P.c.decision.in_(sorted(APPROVED_DECISIONS)),
        P.c.place_id.is_not(None),
    )


def approved_student_accounts(session: Session, round_id: int) -> list[AccountAddress]:
    """Active accounts of the students with an approved place in the round, by account id."""
    stmt = (
        select(A.c.id, A.c.email, A.c.display_name)
        .join(P, P.c.student_id == A.c.student_id)
        .where(_approved(round_id), A.c.active.is_(True))  # type: ignore[arg-type]
        .distinct()
        .order_by(A.c.id)
    )
    return [_address(r) for r in session.execute(stmt)]


def approved_company_accounts(session: Session, round_id: int) -> list[tuple[AccountAddress, int]]:
    """Active company accounts with how many students were approved for their company."""
    counts = (
        select(P.c.company_id, func.count(func.distinct(P.c.student_id)).label("n"))
        .where(_approved(round_id))  # type: ignore[arg-type]
        .group_by(P.c.company_id)
        .subquery()
    )
    stmt = (
        select(A.c.id, A.c.email, A.c.display_name, counts.c.n)
        .join(counts, counts.c.company_id == A.c.company_id)
        .where(A.c.active.is_(True))
        .order_by(A.c.id)
    )
    return [(_address(r), int(r.n)) for r in session.execute(stmt)]


def claim_due(
    session: Session, *, now: datetime, lease_until: datetime, token: str, limit: int
) -> list[Claimed]:
    """Claim up to ``limit`` due messages (oldest first) for ``token``; one more attempt each."""
    due = (
        select(T.c.id)
        .where(T.c.sent_at.is_(None), T.c.next_attempt_at <= now)
        .order_by(T.c.next_attempt_at, T.c.id)
        .limit(limit)
    )
    where: Any
    if session.get_bind().dialect.name == "postgresql":
        # lock first, then update the locked ids: a LIMIT ... SKIP LOCKED subquery inside the
        # UPDATE may run more than once and hand back other rows each time
        ids = list(session.scalars(due.with_for_update(skip_locked=True)))
        if not ids:
            return []
        where = T.c.id.in_(ids)
    else:  # one statement: SQLite runs it under its single writer lock
        where = T.c.id.in_(due)
    stmt = (
        update(T)
        .where(where, T.c.sent_at.is_(None), T.c.next_attempt_at <= now)
        .values(lease_token=token, next_attempt_at=lease_until, attempts=T.c.attempts + 1)
        .returning(T.c.id, T.c.email, T.c.subject, T.c.body, T.c.attempts)
    )
    rows = session.execute(stmt).all()
    return sorted(
        (Claimed(int(r.id), r.email, r.subject, r.body, int(r.attempts)) for r in rows),
        key=lambda c: c.message_id,
    )


def mark_sent(session: Session, message_id: int, *, token: str, now: datetime) -> bool:
    """Record that the claimant sent the message; False when the claim was lost."""
    stmt = (
        update(T)
        .where(T.c.id == message_id, T.c.lease_token == token, T.c.sent_at.is_(None))
        .values(sent_at=now, next_attempt_at=None, lease_token=None, last_error=None)
    )
    return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def mark_failed(
    session: Session, message_id: int, *, token: str, error: str, retry_at: datetime | None
) -> bool:
    """Record the claimant's failure and when to try again (None: not by itself)."""
    stmt = (
        update(T)
        .where(T.c.id == message_id, T.c.lease_token == token, T.c.sent_at.is_(None))
        .values(next_attempt_at=retry_at, lease_token=None, last_error=error[:1000])
    )
    return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def retry_now(session: Session, message_id: int, *, now: datetime) -> bool:
    """Make an unsent message due now (beheer's "Opnieuw proberen"); False when it was sent
    or does not exist."""
    stmt = (
        update(T)
        .where(T.c.id == message_id, T.c.sent_at.is_(None))
        .values(next_attempt_at=now, lease_token=None)
    )
    return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


def was_sent(session: Session, message_id: int) -> bool:
    """Whether the message exists and was sent."""
    stmt = select(T.c.id).where(T.c.id == message_id, T.c.sent_at.is_not(None))
    return session.execute(stmt).first() is not None


def list_messages(session: Session, *, limit: int) -> list[Listed]:
    """The newest ``limit`` messages with the name on their account."""
    stmt = (
        select(
            T.c.id, T.c.account_id, A.c.display_name, T.c.email, T.c.kind, T.c.created_at,
            T.c.attempts, T.c.next_attempt_at, T.c.sent_at, T.c.last_error,
        )
        .outerjoin(A, A.c.id == T.c.account_id)
        .order_by(T.c.id.desc())
        .limit(limit)
    )  # fmt: skip
    return [
        Listed(
            int(r.id), r.account_id, r.display_name or "", r.email, r.kind, r.created_at,
            int(r.attempts), r.next_attempt_at, r.sent_at, r.last_error,
        )
        for r in session.execute(stmt)
    ]  # fmt: skip


def count_by_state(session: Session) -> dict[str, int]:
    """How many messages are sent, waiting, and stopped (refused for good)."""
    stmt = select(
        func.count().filter(T.c.sent_at.is_not(None)),
        func.count().filter(T.c.sent_at.is_(None), T.c.next_attempt_at.is_not(None)),
        func.count().filter(T.c.sent_at.is_(None), T.c.next_attempt_at.is_(None)),
    )
    sent, waiting, stopped = session.execute(stmt).one()
    return {"sent": int(sent), "waiting": int(waiting), "stopped": int(stopped)}


def messages_for(session: Session, kinds: Sequence[MessageKind] = ()) -> list[OutboxMessageRow]:
    """Every message (of these kinds), oldest first: for tests and tools."""
    stmt = select(OutboxMessageRow).order_by(OutboxMessageRow.id)  # type: ignore[arg-type]
    if kinds:
        stmt = stmt.where(OutboxMessageRow.kind.in_([k.value for k in kinds]))  # type: ignore[attr-defined]
    return list(session.scalars(stmt))


def delete_for_accounts(session: Session, account_ids: Iterable[int]) -> int:
    """Delete every message to these accounts (their address is personal data); the count."""
    ids = sorted(set(account_ids))
    if not ids:
        return 0
    done = session.execute(delete(T).where(T.c.account_id.in_(ids)))
    return int(done.rowcount)  # type: ignore[attr-defined]
