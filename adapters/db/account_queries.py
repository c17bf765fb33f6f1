"""Reads for account management: accounts, caseloads, last logins, codes that exist.

Unscoped: ``adapters.flows.accounts`` checks the admin role before it calls any of these. A
caseload is read as student codes only, a company link as its code: nothing else of a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from adapters.db.models import CURRENT_DATASET, CompanyRow, StudentRow
from adapters.db.privacy_models import AccountRow, CaseloadRow, PrivacyEventRow
from matcher.privacy.vocabulary import Action


def last_logins(session: Session) -> dict[int, datetime]:
    """Per account id: when it last logged in (accounts that never did are absent)."""
    rows = session.exec(
        select(PrivacyEventRow.actor_id, func.max(PrivacyEventRow.at))
        .where(PrivacyEventRow.action == Action.LOGIN.value)
        .group_by(col(PrivacyEventRow.actor_id))
    ).all()
    return {int(actor): at for actor, at in rows if actor is not None}


def last_login_of(session: Session, account_id: int) -> datetime | None:
    """When this account last logged in, or None."""
    return session.exec(
        select(func.max(PrivacyEventRow.at)).where(
            PrivacyEventRow.action == Action.LOGIN.value, PrivacyEventRow.actor_id == account_id
        )
    ).first()


def caseloads(session: Session) -> dict[int, list[str]]:
    """Per account id: the student codes of its caseload, sorted."""
    found: dict[int, list[str]] = {}
    for account_id, student_id in session.exec(
        select(CaseloadRow.account_id, CaseloadRow.student_id).order_by(col(CaseloadRow.student_id))
    ).all():
        found.setdefault(account_id, []).append(student_id)
    return found


def caseload_of(session: Session, account_id: int) -> list[str]:
    """The student codes of one account's caseload, sorted."""
    return list(
        session.exec(
            select(CaseloadRow.student_id)
            .where(CaseloadRow.account_id == account_id)
            .order_by(col(CaseloadRow.student_id))
        ).all()
    )


def accounts_by_email(session: Session) -> list[AccountRow]:
    """Every account, by e-mail address."""
    return list(session.exec(select(AccountRow).order_by(col(AccountRow.email))).all())


def institutions(session: Session) -> list[str]:
    """The institution of every account that has one (once per account)."""
    return [
        v
        for v in session.exec(
            select(AccountRow.institution).where(col(AccountRow.institution).is_not(None))
        ).all()
        if v is not None
    ]


def known_student_codes(session: Session, codes: Sequence[str]) -> set[str]:
    """Which of these codes are students in the current data (only the codes are read)."""
    return set(
        session.exec(
            select(StudentRow.student_id).where(
                StudentRow.dataset == CURRENT_DATASET, col(StudentRow.student_id).in_(codes)
            )
        ).all()
    )


def company_exists(session: Session, code: str) -> bool:
    """Whether a company with this code is in the current data."""
    found = session.exec(
        select(CompanyRow.company_id).where(
            CompanyRow.dataset == CURRENT_DATASET, CompanyRow.company_id == code
        )
    ).first()
    return found is not None


def lock_active_accounts(session: Session) -> list[AccountRow]:
    """The active accounts, locked (FOR UPDATE on PostgreSQL) until the transaction ends."""
    return list(
        session.exec(
            select(AccountRow).where(col(AccountRow.active).is_(True)).with_for_update()
        ).all()
    )


def company_accounts(session: Session, company_id: str) -> list[AccountRow]:
    """The active accounts that work for a company, by name (the BPV flows scope the caller)."""
    return list(
        session.exec(
            select(AccountRow)
            .where(col(AccountRow.active), col(AccountRow.company_id) == company_id)
            .order_by(col(AccountRow.display_name), col(AccountRow.email))
        ).all()
    )


def caseload_accounts(session: Session, student_id: str) -> list[AccountRow]:
    """The active accounts with this student in their caseload, by name."""
    return list(
        session.exec(
            select(AccountRow)
            .join(CaseloadRow, col(CaseloadRow.account_id) == col(AccountRow.id))
            .where(col(AccountRow.active), col(CaseloadRow.student_id) == student_id)
            .order_by(col(AccountRow.display_name), col(AccountRow.email))
        ).all()
    )
