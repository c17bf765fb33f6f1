"""Accounts: create, load as a ``Principal``, change password, set a caseload."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, delete, select

from adapters import clock
from adapters.auth.crypto import MIN_PASSWORD_LENGTH, hash_password
from adapters.db import outbox_queries
from adapters.db.privacy_models import AccountRow, ApiTokenRow, CaseloadRow, WebSessionRow
from matcher.errors import ConflictError, InvalidInputError, Issue, NotFoundError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role
from matcher.text import name_problem


def normalize_email(email: str) -> str:
    """E-mail as stored and looked up: trimmed and lower-case."""
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short (the message never repeats the password)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError(
            "Het wachtwoord is te kort.",
            [
                Issue(
                    "account",
                    None,
                    "password",
                    f"gebruik minstens {MIN_PASSWORD_LENGTH} tekens",
                )
            ],
        )


def _check_display_name(name: str) -> None:
    """Refuse a name with hidden or direction characters (it shows in logs and on pages)."""
    problem = name_problem(name)
    if problem is not None:
        reason = f"de naam {problem}"
        raise InvalidInputError(
            "De naam van het account klopt niet.", [Issue("account", None, "name", reason)]
        )


def _check_links(roles: frozenset[Role], student_id: str | None, company_id: str | None) -> None:
    issues = []
    if Role.STUDENT in roles and not student_id:
        issues.append(
            Issue("account", None, "student_id", "een studentaccount hoort bij een student")
        )
    if Role.COMPANY in roles and not company_id:
        issues.append(
            Issue("account", None, "company_id", "een bedrijfsaccount hoort bij een bedrijf")
        )
    if not roles:
        issues.append(Issue("account", None, "roles", "geef minstens één rol"))
    if issues:
        raise InvalidInputError("Het account is niet compleet.", issues)


def create_account(
    session: Session,
    *,
    email: str,
    password: str,
    roles: Iterable[Role],
    display_name: str = "",
    institution: str | None = None,
    student_id: str | None = None,
    company_id: str | None = None,
    caseload: Iterable[str] = (),
    now: datetime | None = None,
) -> Principal:
    """A new active account; the password is stored only as an argon2 hash."""
    role_set = frozenset(Role(r) for r in roles)
    _check_links(role_set, student_id, company_id)
    _check_display_name(display_name)
    check_password_strength(password)
    address = normalize_email(email)
    if session.exec(select(AccountRow).where(AccountRow.email == address)).first():
        raise ConflictError("Er is al een account met dit e-mailadres.", email=address)
    row = AccountRow(
        email=address,
        display_name=display_name,
        password_hash=hash_password(password),
        roles=";".join(sorted(role_set)),
        institution=institution,
        student_id=student_id,
        company_id=company_id,
        created_at=now or clock.now(),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    set_caseload(session, row.id, caseload)
    return load_principal(session, row.id)


def set_caseload(session: Session, account_id: int, student_ids: Iterable[str]) -> None:
    """Replace the caseload of a jobcoach or begeleider."""
    session.exec(delete(CaseloadRow).where(col(CaseloadRow.account_id) == account_id))
    for student_id in sorted(set(student_ids)):
        session.add(CaseloadRow(account_id=account_id, student_id=student_id))
    session.flush()


def get_account_row(session: Session, account_id: int) -> AccountRow:
    """The account row, or a Dutch not-found error."""
    row = session.get(AccountRow, account_id)
    if row is None:
        raise NotFoundError("Dit account bestaat niet.", account_id=account_id)
    return row


def find_by_email(session: Session, email: str) -> AccountRow | None:
    """The account with this e-mail address, if any."""
    return session.exec(
        select(AccountRow).where(AccountRow.email == normalize_email(email))
    ).first()


def load_principal(session: Session, account_id: int) -> Principal:
    """The account as the privacy core sees it: roles, links and caseload."""
    row = get_account_row(session, account_id)
    caseload = session.exec(
        select(CaseloadRow.student_id).where(CaseloadRow.account_id == account_id)
    ).all()
    return Principal(
        account_id=account_id,
        email=row.email,
        display_name=row.display_name,
        roles=frozenset(Role(r) for r in row.roles.split(";") if r),
        institution=row.institution,
        student_id=row.student_id,
        company_id=row.company_id,
        caseload=frozenset(caseload),
    )


def set_password(session: Session, account_id: int, password: str) -> None:
    """Replace an account's password (hashed)."""
    check_password_strength(password)
    row = get_account_row(session, account_id)
    row.password_hash = hash_password(password)
    session.add(row)
    session.flush()


def deactivate_student_accounts(session: Session, student_id: str) -> int:
    """Switch off every account linked to a student (used by erasure); returns how many.

    The e-mails to those accounts go too: the outbox keeps the old address and a greeting."""
    rows = session.exec(select(AccountRow).where(AccountRow.student_id == student_id)).all()
    outbox_queries.delete_for_accounts(session, [row.id for row in rows if row.id is not None])
    for row in rows:
        row.active = False
        row.email = f"verwijderd-{row.id}@invalid"
        row.display_name = "geanonimiseerd"
        session.add(row)
    session.flush()
    return len(rows)


def end_credentials(session: Session, account_id: int, *, now: datetime | None = None) -> int:
    """End every web session and API token of an account at once; returns how many.

    Used when an account is switched off or its password is reset, so that re-enabling it
    later never brings an old session or token back to life.
    """
    now = now or clock.now()
    sessions = session.exec(
        select(WebSessionRow).where(
            WebSessionRow.account_id == account_id, col(WebSessionRow.revoked_at).is_(None)
        )
    ).all()
    tokens = session.exec(
        select(ApiTokenRow).where(
            ApiTokenRow.account_id == account_id, col(ApiTokenRow.revoked_at).is_(None)
        )
    ).all()
    for row in (*sessions, *tokens):
        row.revoked_at = now
        session.add(row)
    ended = len(sessions) + len(tokens)
    session.flush()
    return ended


def set_roles(
    session: Session,
    account_id: int,
    roles: Iterable[Role],
    *,
    student_id: str | None = None,
    company_id: str | None = None,
) -> None:
    """Replace an account's roles and links (a student or company role needs its link)."""
    role_set = frozenset(Role(r) for r in roles)
    _check_links(role_set, student_id, company_id)
    row = get_account_row(session, account_id)
    row.roles = ";".join(sorted(role_set))
    row.student_id = student_id if Role.STUDENT in role_set else None
    row.company_id = company_id if Role.COMPANY in role_set else None
    session.add(row)
    session.flush()
