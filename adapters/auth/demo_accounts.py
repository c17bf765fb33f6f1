"""Demo accounts, only on explicit request: one per role, each with a fresh random password.

There are no default passwords anywhere; the passwords are returned once for printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from adapters.auth.accounts import create_account, find_by_email
from adapters.auth.crypto import generate_password
from adapters.db.models import CURRENT_DATASET, CompanyRow, StudentRow
from matcher.privacy.vocabulary import Role

DEMO_DOMAIN = "demo.passendeplek.invalid"
DEMO_INSTITUTION = "demo-roc"
CASELOAD_SIZE = 25


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """An account made for the demo and its password (shown once)."""

    email: str
    password: str
    roles: tuple[Role, ...]


def create_demo_accounts(session: Session) -> list[DemoAccount]:
    """Bureau, jobcoach, begeleider, student, company and admin accounts on the current data."""
    students = session.exec(
        select(StudentRow.student_id)
        .where(StudentRow.dataset == CURRENT_DATASET)
        .order_by(StudentRow.student_id)
    ).all()
    company = session.exec(
        select(CompanyRow.company_id)
        .where(CompanyRow.dataset == CURRENT_DATASET)
        .order_by(CompanyRow.company_id)
    ).first()
    plan: list[tuple[str, tuple[Role, ...], dict[str, object]]] = [
        ("bureau", (Role.BUREAU,), {"institution": DEMO_INSTITUTION}),
        (
            "jobcoach",
            (Role.JOBCOACH,),
            {"institution": DEMO_INSTITUTION, "caseload": students[:CASELOAD_SIZE]},
        ),
        (
            "begeleider",
            (Role.BEGELEIDER,),
            {
                "institution": DEMO_INSTITUTION,
                "caseload": students[CASELOAD_SIZE : 2 * CASELOAD_SIZE],
            },
        ),
        ("beheer", (Role.ADMIN,), {}),
    ]
    if students:
        plan.append(("student", (Role.STUDENT,), {"student_id": students[0]}))
    if company:
        plan.append(("bedrijf", (Role.COMPANY,), {"company_id": company}))
    made = []
    for name, roles, links in plan:
        email = f"{name}@{DEMO_DOMAIN}"
        if find_by_email(session, email) is not None:
            continue
        password = generate_password()
        create_account(
            session,
            email=email,
            password=password,
            roles=roles,
            display_name=f"Demo {name}",
            **links,  # type: ignore[arg-type]
        )
        made.append(DemoAccount(email, password, roles))
    return made
