"""Account management as JSON (beheer), on the same flows as the /beheer pages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from pydantic import BaseModel, Field

from adapters.db.types import MAX_DB_INT
from adapters.flows import accounts as flow
from api.deps import EngineDep, SessionDep
from api.schemas.common import CleanInput
from api.security import Authorized

router = APIRouter(tags=["beheer"])
AccountId = Annotated[int, Path(ge=1, le=MAX_DB_INT)]
NO_STORE = {"Cache-Control": "no-store"}


class AccountOut(BaseModel):
    """One account as beheer sees it: student and company by code only."""

    account_id: int
    email: str
    display_name: str
    roles: list[str]
    active: bool
    institution: str | None
    student_id: str | None
    company_id: str | None
    caseload: list[str]
    last_login: datetime | None

    @classmethod
    def of(cls, a: flow.AccountSummary) -> AccountOut:
        """From the flow's summary."""
        return cls(
            account_id=a.account_id,
            email=a.email,
            display_name=a.display_name,
            roles=[r.value for r in a.roles],
            active=a.active,
            institution=a.institution,
            student_id=a.student_id,
            company_id=a.company_id,
            caseload=list(a.caseload),
            last_login=a.last_login,
        )


class NewPasswordOut(BaseModel):
    """The account and its new password: shown in this answer only, stored only as a hash."""

    account: AccountOut
    password: str


class AccountIn(CleanInput):
    """A new account; the password is made by the server."""

    email: Annotated[str, Field(min_length=3, max_length=254)]
    display_name: Annotated[str, Field(max_length=200)] = ""
    role: Annotated[str, Field(max_length=40)]
    institution: Annotated[str, Field(max_length=200)] = ""
    student_id: Annotated[str, Field(max_length=100)] = ""
    company_id: Annotated[str, Field(max_length=100)] = ""


class RoleIn(CleanInput):
    """The account's new role and, for student or company, its link."""

    role: Annotated[str, Field(max_length=40)]
    student_id: Annotated[str, Field(max_length=100)] = ""
    company_id: Annotated[str, Field(max_length=100)] = ""


class CaseloadIn(CleanInput):
    """The student codes the account guides (replaces the current list)."""

    student_ids: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=5000)]


class CompanyIn(CleanInput):
    """The company code of a company account."""

    company_id: Annotated[str, Field(min_length=1, max_length=100)]


class ChainOut(BaseModel):
    """One audit chain: rows checked, the fingerprint (last hash) and the first break."""

    table: str
    rows: int
    last_hash: str
    ok: bool
    message: str


class AuditStatusOut(BaseModel):
    """Whether every chain holds."""

    ok: bool
    chains: list[ChainOut]


@router.get("/accounts", response_model=list[AccountOut])
def list_accounts(grant: Authorized, session: SessionDep, q: str = "") -> list[AccountOut]:
    """Every account, or those whose e-mail, name or code contains ``q``."""
    return [AccountOut.of(a) for a in flow.list_accounts(session, grant, q)]


@router.post("/accounts", response_model=NewPasswordOut, status_code=status.HTTP_201_CREATED)
def create_account(
    body: AccountIn, grant: Authorized, session: SessionDep, response: Response
) -> NewPasswordOut:
    """Make an account with a random password (in this answer only)."""
    new = flow.create(
        session,
        grant,
        email=body.email,
        display_name=body.display_name,
        role=body.role,
        institution=body.institution,
        student_code=body.student_id,
        company_code=body.company_id,
    )
    response.headers.update(NO_STORE)
    return NewPasswordOut(account=AccountOut.of(new.account), password=new.password)


@router.get("/accounts/{account_id}", response_model=AccountOut)
def get_account(account_id: AccountId, grant: Authorized, session: SessionDep) -> AccountOut:
    """One account."""
    return AccountOut.of(flow.get_account(session, grant, account_id))


@router.post("/accounts/{account_id}/disable", response_model=AccountOut)
def disable(account_id: AccountId, grant: Authorized, session: SessionDep) -> AccountOut:
    """Switch the account off; its sessions and tokens stop at once."""
    return AccountOut.of(flow.disable(session, grant, account_id))


@router.post("/accounts/{account_id}/enable", response_model=AccountOut)
def enable(account_id: AccountId, grant: Authorized, session: SessionDep) -> AccountOut:
    """Switch the account on again."""
    return AccountOut.of(flow.enable(session, grant, account_id))


@router.post("/accounts/{account_id}/role", response_model=AccountOut)
def set_role(
    account_id: AccountId, body: RoleIn, grant: Authorized, session: SessionDep
) -> AccountOut:
    """Give the account one role."""
    return AccountOut.of(
        flow.set_role(
            session,
            grant,
            account_id,
            body.role,
            student_code=body.student_id,
            company_code=body.company_id,
        )
    )


@router.post("/accounts/{account_id}/caseload", response_model=AccountOut)
def set_caseload(
    account_id: AccountId, body: CaseloadIn, grant: Authorized, session: SessionDep
) -> AccountOut:
    """Replace the students a jobcoach or begeleider guides."""
    return AccountOut.of(flow.set_caseload(session, grant, account_id, " ".join(body.student_ids)))


@router.post("/accounts/{account_id}/company", response_model=AccountOut)
def link_company(
    account_id: AccountId, body: CompanyIn, grant: Authorized, session: SessionDep
) -> AccountOut:
    """Link a company account to its company."""
    return AccountOut.of(flow.link_company(session, grant, account_id, body.company_id))


@router.post("/accounts/{account_id}/reset-password", response_model=NewPasswordOut)
def reset_password(
    account_id: AccountId, grant: Authorized, session: SessionDep, response: Response
) -> NewPasswordOut:
    """A new random password (in this answer only); old sessions and tokens end."""
    new = flow.reset_password(session, grant, account_id)
    response.headers.update(NO_STORE)
    return NewPasswordOut(account=AccountOut.of(new.account), password=new.password)


@router.get("/audit/status", response_model=AuditStatusOut)
def audit_status(grant: Authorized, engine: EngineDep) -> AuditStatusOut:
    """The audit log's hash chains: ok, or the first break, with each chain's fingerprint."""
    found = flow.audit_overview(engine, grant)
    return AuditStatusOut(
        ok=found.ok,
        chains=[
            ChainOut(table=r.table, rows=r.rows, last_hash=r.last_hash, ok=r.ok, message=line)
            for r, line in zip(found.reports, found.lines(), strict=True)
        ],
    )
