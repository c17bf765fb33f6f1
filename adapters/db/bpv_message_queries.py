"""Queries behind the BPV e-mails: who gets them (active accounts by link and role), the held
evaluation dates, and queueing a message once under its dedupe key."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from adapters.db.bpv_models import BpvEvaluationRow
from adapters.db.outbox_models import OutboxMessageRow
from adapters.db.outbox_queries import AccountAddress
from adapters.db.privacy_models import AccountRow, CaseloadRow
from matcher.messages import Mail, MessageKind
from matcher.privacy.vocabulary import Role

A = AccountRow.__table__  # type: ignore[attr-defined]
C = CaseloadRow.__table__  # type: ignore[attr-defined]
E = BpvEvaluationRow.__table__  # type: ignore[attr-defined]
T = OutboxMessageRow.__table__  # type: ignore[attr-defined]
CASELOAD_ROLES = frozenset({Role.JOBCOACH, Role.BEGELEIDER})


def _has_role(roles: str, wanted: Iterable[Role]) -> bool:
    return bool(set(roles.split(";")) & {r.value for r in wanted})


def _addresses(session: Session, where: object, roles: Iterable[Role]) -> list[AccountAddress]:
    stmt = (
        select(A.c.id, A.c.email, A.c.display_name, A.c.roles)
        .where(where, A.c.active.is_(True))  # type: ignore[arg-type]
        .distinct()
        .order_by(A.c.id)
    )
    wanted = tuple(roles)
    return [
        AccountAddress(int(r.id), str(r.email), str(r.display_name or ""))
        for r in session.execute(stmt)
        if _has_role(str(r.roles), wanted)
    ]


def student_accounts(session: Session, student_id: str) -> list[AccountAddress]:
    """The student's own active accounts."""
    return _addresses(session, A.c.student_id == student_id, (Role.STUDENT,))


def company_accounts(session: Session, company_id: str) -> list[AccountAddress]:
    """The active accounts of the company (its praktijkopleiders)."""
    return _addresses(session, A.c.company_id == company_id, (Role.COMPANY,))


def caseload_accounts(
    session: Session, student_id: str, roles: Iterable[Role] = CASELOAD_ROLES
) -> list[AccountAddress]:
    """The active jobcoach and begeleider accounts (of ``roles``) with the student in their
    caseload."""
    mine = select(C.c.account_id).where(C.c.student_id == student_id)
    return _addresses(session, A.c.id.in_(mine), roles)


def bureau_accounts(session: Session) -> list[AccountAddress]:
    """The active accounts of the BPV-bureau."""
    return _addresses(session, A.c.institution.is_not(None), (Role.BUREAU,))


def held_dates(session: Session, bpv_ids: Iterable[int]) -> dict[int, list[date]]:
    """Per BPV the dates of its held evaluations."""
    ids = sorted(set(bpv_ids))
    found: dict[int, list[date]] = defaultdict(list)
    if ids:
        for r in session.execute(select(E.c.bpv_id, E.c.held_on).where(E.c.bpv_id.in_(ids))):
            found[int(r.bpv_id)].append(r.held_on)
    return found


def add_once(
    session: Session,
    *,
    to: AccountAddress,
    kind: MessageKind,
    mail: Mail,
    now: datetime,
    key: str,
) -> bool:
    """Queue the message unless one with ``key`` exists (sent or not); whether it was queued.

    The unique index decides: of two passes at the same moment only one inserts.
    """
    values = {
        "account_id": to.account_id, "email": to.email, "subject": mail.subject,
        "body": mail.body, "kind": kind.value, "created_at": now, "attempts": 0,
        "next_attempt_at": now, "dedupe_key": key,
    }  # fmt: skip
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(T)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(T.c.id)
    )  # RETURNING, not rowcount: psycopg's rowcount does not say whether a row went in
    return session.execute(stmt).first() is not None
