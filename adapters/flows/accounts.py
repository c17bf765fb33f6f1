"""Account management for the beheer role: list, create, switch off and on, role, links, reset.

Every function takes the policy grant and refuses unless it was given under the admin role, so
a route whose policy entry is widened by mistake still cannot manage accounts. Each change is
one transaction with its privacy-log event (actor = the admin): all or nothing. Beheer sees no
student data: a caseload is linked and shown by student code only (the code is checked to
exist, nothing else of the student is read), a company account by company code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from adapters.auth import accounts as store
from adapters.auth.crypto import generate_password
from adapters.db import account_queries as queries
from adapters.db.privacy_models import AccountRow
from adapters.flows.audit import AuditStatus, audit_status
from adapters.privacy.access import Grant, require_role
from adapters.privacy.audit import record
from matcher.errors import ConflictError, InvalidInputError, Issue
from matcher.privacy.vocabulary import Action, Category, Purpose, Role

ROLE_LABELS: dict[Role, str] = {
    Role.BUREAU: "BPV-bureau",
    Role.JOBCOACH: "Jobcoach",
    Role.BEGELEIDER: "BPV-begeleider",
    Role.STUDENT: "Student",
    Role.COMPANY: "Bedrijf",
    Role.ADMIN: "Beheer",
}
CASELOAD_ROLES = frozenset({Role.JOBCOACH, Role.BEGELEIDER})
STAFF_ROLES = frozenset({Role.BUREAU, Role.JOBCOACH, Role.BEGELEIDER})
ERASED_PREFIX = "verwijderd-"  # accounts anonymised by a student's erasure
_CODE_SPLIT = re.compile(r"[\s,;]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """One account as beheer sees it: no password hash, no student data beyond codes."""

    account_id: int
    email: str
    display_name: str
    roles: tuple[Role, ...]
    active: bool
    institution: str | None
    student_id: str | None
    company_id: str | None
    caseload: tuple[str, ...]
    created_at: datetime
    last_login: datetime | None

    @property
    def role_text(self) -> str:
        """The roles in Dutch."""
        return ", ".join(ROLE_LABELS[r] for r in self.roles)

    @property
    def erased(self) -> bool:
        """Whether the account was anonymised when its student was erased."""
        return self.email.startswith(ERASED_PREFIX) and self.email.endswith("@invalid")

    @property
    def has_caseload_role(self) -> bool:
        """Whether the account is a jobcoach or begeleider (who have a caseload)."""
        return bool(CASELOAD_ROLES & set(self.roles))

    @property
    def is_company(self) -> bool:
        """Whether the account works for a company."""
        return Role.COMPANY in self.roles


@dataclass(frozen=True, slots=True)
class NewPassword:
    """A password made for an account, to show once (it is stored only as a hash)."""

    account: AccountSummary
    password: str


def _fail(message: str, field: str, reason: str) -> InvalidInputError:
    return InvalidInputError(message, [Issue("account", None, field, reason)])


@contextmanager
def _unit(session: Session) -> Iterator[None]:
    """One change: committed with its log event, or rolled back as a whole."""
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    session.commit()


def parse_role(text: str) -> Role:
    """A role from a form or JSON value; a Dutch error naming the value otherwise."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise _fail(f"De rol '{text}' bestaat niet.", "role", f"kies een van: {choices}") from None


def parse_codes(text: str) -> list[str]:
    """Codes typed in a box: separated by commas, semicolons, spaces or new lines."""
    return sorted({code for code in _CODE_SPLIT.split(text.strip()) if code})


def _log(session: Session, grant: Grant, action: Action, motivation: str, **kw: str) -> None:
    record(
        session,
        actor=grant.actor,
        action=action,
        role=Role.ADMIN,
        purpose=Purpose.ADMINISTRATION,
        categories=(Category.ACCOUNTS,),
        motivation=motivation,
        student_id=kw.get("student_id"),
    )


def _roles_of(row: AccountRow) -> tuple[Role, ...]:
    return tuple(sorted(Role(r) for r in row.roles.split(";") if r))


def _summary(
    row: AccountRow, caseloads: dict[int, list[str]], logins: dict[int, datetime]
) -> AccountSummary:
    assert row.id is not None
    return AccountSummary(
        account_id=row.id,
        email=row.email,
        display_name=row.display_name,
        roles=_roles_of(row),
        active=row.active,
        institution=row.institution,
        student_id=row.student_id,
        company_id=row.company_id,
        caseload=tuple(caseloads.get(row.id, ())),
        created_at=row.created_at,
        last_login=logins.get(row.id),
    )


def _one(session: Session, account_id: int) -> AccountSummary:
    row = store.get_account_row(session, account_id)
    caseload = queries.caseload_of(session, account_id)
    login = queries.last_login_of(session, account_id)
    return _summary(row, {account_id: caseload}, {account_id: login} if login else {})


def list_accounts(session: Session, grant: Grant, search: str = "") -> list[AccountSummary]:
    """Every account (or those whose e-mail, name or code contains ``search``), by e-mail."""
    require_role(grant, Role.ADMIN)
    rows = queries.accounts_by_email(session)
    caseloads, logins = queries.caseloads(session), queries.last_logins(session)
    found = [_summary(row, caseloads, logins) for row in rows]
    needle = search.strip().lower()
    if not needle:
        return found
    return [
        a
        for a in found
        if needle in a.email
        or needle in a.display_name.lower()
        or needle in (a.student_id or "").lower()
        or needle in (a.company_id or "").lower()
    ]


def get_account(session: Session, grant: Grant, account_id: int) -> AccountSummary:
    """One account with its caseload codes and last login."""
    require_role(grant, Role.ADMIN)
    return _one(session, account_id)


def default_institution(session: Session) -> str | None:
    """The institution most staff accounts have (one database serves one institution)."""
    values = queries.institutions(session)
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


def _check_students(session: Session, codes: list[str]) -> None:
    """Refuse codes that are not students in the current data (only the codes are read)."""
    if not codes:
        return
    known = queries.known_student_codes(session, codes)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InvalidInputError(
            f"Deze studentcode bestaat niet: {', '.join(unknown)}."
            if len(unknown) == 1
            else f"Deze studentcodes bestaan niet: {', '.join(unknown)}.",
            [Issue("account", None, "student", f"onbekende code {c}") for c in unknown],
        )


def _check_company(session: Session, code: str) -> str:
    code = code.strip()
    if not code:
        raise _fail(
            "Vul de bedrijfscode in.", "company_id", "een bedrijfsaccount hoort bij een bedrijf"
        )
    if not queries.company_exists(session, code):
        raise _fail(
            f"De bedrijfscode {code} bestaat niet.", "company_id", "kies een bestaand bedrijf"
        )
    return code


def _check_student_link(session: Session, code: str) -> str:
    code = code.strip()
    if not code:
        raise _fail(
            "Vul de studentcode in.", "student_id", "een studentaccount hoort bij een student"
        )
    _check_students(session, [code])
    return code


def _active_admins(session: Session) -> set[int]:
    """The active admin accounts, locked (PostgreSQL) so that two admins switching each other
    off at the same moment cannot both pass the last-admin check."""
    rows = queries.lock_active_accounts(session)
    return {r.id for r in rows if r.id is not None and Role.ADMIN in _roles_of(r)}


def _keep_an_admin(session: Session, account: AccountSummary, what: str) -> None:
    """Refuse a change that would leave nobody who can manage accounts."""
    if Role.ADMIN in account.roles and _active_admins(session) <= {account.account_id}:
        raise _fail(
            f"{what}: dit is het laatste actieve beheeraccount. "
            "Maak eerst een ander beheeraccount.",
            "role",
            "er moet altijd een actief beheeraccount zijn",
        )


def create(
    session: Session,
    grant: Grant,
    *,
    email: str,
    display_name: str,
    role: str,
    institution: str = "",
    student_code: str = "",
    company_code: str = "",
) -> NewPassword:
    """A new active account with a random password, returned once and stored only hashed."""
    require_role(grant, Role.ADMIN)
    with _unit(session):
        chosen = parse_role(role)
        address = store.normalize_email(email)
        if not _EMAIL.match(address):
            raise _fail(
                f"Het e-mailadres '{email.strip()}' klopt niet.",
                "email",
                "schrijf het als naam@voorbeeld.nl",
            )
        if store.find_by_email(session, address) is not None:
            raise ConflictError(
                f"Er is al een account met het e-mailadres {address}. "
                "Kies een ander adres of zoek het bestaande account op.",
                email=address,
            )
        student = _check_student_link(session, student_code) if chosen is Role.STUDENT else None
        company = _check_company(session, company_code) if chosen is Role.COMPANY else None
        place = institution.strip() or default_institution(session)
        password = generate_password()
        principal = store.create_account(
            session,
            email=address,
            password=password,
            roles=(chosen,),
            display_name=display_name.strip(),
            institution=place if chosen in STAFF_ROLES else None,
            student_id=student,
            company_id=company,
        )
        _log(
            session,
            grant,
            Action.ACCOUNT_CREATED,
            f"account #{principal.account_id} gemaakt met rol {chosen.value}",
            **({"student_id": student} if student else {}),
        )
        made = _one(session, principal.account_id)
    return NewPassword(made, password)


def disable(session: Session, grant: Grant, account_id: int) -> AccountSummary:
    """Switch an account off: its sessions and API tokens stop working at once."""
    require_role(grant, Role.ADMIN)
    with _unit(session):
        account = _one(session, account_id)
        if not account.active:
            raise _fail("Dit account staat al uit.", "active", "er is niets veranderd")
        _keep_an_admin(session, account, "Je kunt dit account niet uitzetten")
        row = store.get_account_row(session, account_id)
        row.active = False
        session.add(row)
        ended = store.end_credentials(session, account_id)
        _log(
            session,
            grant,
            Action.ACCOUNT_DISABLED,
            f"account #{account_id} uitgezet; {ended} sessies en sleutels beëindigd",
        )
    return _one(session, account_id)


def enable(session: Session, grant: Grant, account_id: int) -> AccountSummary:
    """Switch an account on again (old sessions and tokens stay ended: log in anew)."""
    require_role(grant, Role.ADMIN)
    with _unit(session):
        account = _one(session, account_id)
        if account.erased:
            raise _fail(
                "Dit account is geanonimiseerd omdat de student is verwijderd. "
                "Het kan niet meer aan; maak zo nodig een nieuw account.",
                "active",
                "geanonimiseerd account",
            )
        if account.active:
            raise _fail("Dit account staat al aan.", "active", "er is niets veranderd")
        row = store.get_account_row(session, account_id)
        row.active = True
        session.add(row)
        _log(session, grant, Action.ACCOUNT_ENABLED, f"account #{account_id} weer aangezet")
    return _one(session, account_id)


def set_role(
    session: Session,
    grant: Grant,
    account_id: int,
    role: str,
    *,
    student_code: str = "",
    company_code: str = "",
) -> AccountSummary:
    """Give an account one role; a student or company role needs its code, a caseload goes
    when the new role has none, and staff roles get the institution."""
    require_role(grant, Role.ADMIN)
    with _unit(session):
        chosen = parse_role(role)
        account = _one(session, account_id)
        if chosen is not Role.ADMIN:
            _keep_an_admin(session, account, "Je kunt de rol niet veranderen")
        student = _check_student_link(session, student_code) if chosen is Role.STUDENT else None
        company = _check_company(session, company_code) if chosen is Role.COMPANY else None
        if account.roles == (chosen,) and (student, company) == (
            account.student_id,
            account.company_id,
        ):
            raise _fail(
                f"Het account heeft de rol {ROLE_LABELS[chosen]} al.",
                "role",
                "er is niets veranderd",
            )
        store.set_roles(session, account_id, (chosen,), student_id=student, company_id=company)
        row = store.get_account_row(session, account_id)
        if chosen in STAFF_ROLES and row.institution is None:
            row.institution = default_institution(session)
        if chosen not in STAFF_ROLES:
            row.institution = None
        session.add(row)
        if chosen not in CASELOAD_ROLES and account.caseload:
            store.set_caseload(session, account_id, ())
        before = ";".join(r.value for r in account.roles)
        _log(
            session,
            grant,
            Action.ROLE_CHANGED,
            f"account #{account_id}: rol {before} -> {chosen.value}",
        )
    return _one(session, account_id)


def set_caseload(session: Session, grant: Grant, account_id: int, codes: str) -> AccountSummary:
    """Replace a jobcoach's or begeleider's caseload by these student codes.

    Each student added or removed gets an event under their own id, so the student's
    "wie heeft mijn gegevens bekeken" shows who was linked to them.
    """
    require_role(grant, Role.ADMIN)
    with _unit(session):
        account = _one(session, account_id)
        if not account.has_caseload_role:
            raise _fail(
                "Alleen een jobcoach of BPV-begeleider heeft studenten om te begeleiden. "
                "Geef dit account eerst die rol.",
                "caseload",
                "dit account heeft geen begeleidersrol",
            )
        wanted = parse_codes(codes)
        _check_students(session, wanted)
        before = set(account.caseload)
        store.set_caseload(session, account_id, wanted)
        added, removed = sorted(set(wanted) - before), sorted(before - set(wanted))
        for sid in added:
            _log(
                session,
                grant,
                Action.CASELOAD_CHANGED,
                f"gekoppeld aan account #{account_id}",
                student_id=sid,
            )
        for sid in removed:
            _log(
                session,
                grant,
                Action.CASELOAD_CHANGED,
                f"ontkoppeld van account #{account_id}",
                student_id=sid,
            )
        if not added and not removed:
            raise _fail("Er is niets veranderd aan de studenten.", "caseload", "dezelfde codes")
    return _one(session, account_id)


def link_company(session: Session, grant: Grant, account_id: int, code: str) -> AccountSummary:
    """Link a company account to its company (by company code)."""
    require_role(grant, Role.ADMIN)
    with _unit(session):
        account = _one(session, account_id)
        if not account.is_company:
            raise _fail(
                "Alleen een bedrijfsaccount hoort bij een bedrijf. Geef het account eerst de rol "
                "Bedrijf.",
                "company_id",
                "dit account heeft de rol Bedrijf niet",
            )
        company = _check_company(session, code)
        if company == account.company_id:
            raise _fail(
                f"Het account hoort al bij bedrijf {company}.",
                "company_id",
                "er is niets veranderd",
            )
        row = store.get_account_row(session, account_id)
        row.company_id = company
        session.add(row)
        _log(
            session,
            grant,
            Action.COMPANY_LINKED,
            f"account #{account_id}: bedrijf {account.company_id or '-'} -> {company}",
        )
    return _one(session, account_id)


def reset_password(session: Session, grant: Grant, account_id: int) -> NewPassword:
    """A new random password (shown once); every old session and token ends at once."""
    require_role(grant, Role.ADMIN)
    with _unit(session):
        account = _one(session, account_id)
        if account.erased:
            raise _fail(
                "Dit account is geanonimiseerd; een nieuw wachtwoord kan niet.",
                "password",
                "geanonimiseerd account",
            )
        password = generate_password()
        store.set_password(session, account_id, password)
        ended = store.end_credentials(session, account_id)
        _log(
            session,
            grant,
            Action.PASSWORD_RESET,
            f"account #{account_id}: nieuw wachtwoord; {ended} sessies en sleutels beëindigd",
        )
    return NewPassword(_one(session, account_id), password)


def audit_overview(engine: Engine, grant: Grant) -> AuditStatus:
    """The hash chains of the audit tables checked: ok, or the first break (no personal data)."""
    require_role(grant, Role.ADMIN)
    return audit_status(engine)
