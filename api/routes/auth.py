"""Logging in and out, one's own account, and personal API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status
from pydantic import BaseModel, Field

from adapters.auth.sessions import create_token, revoke_token, token_id
from adapters.db.types import MAX_DB_INT
from adapters.privacy.audit import record
from api.deps import EngineDep, SessionDep, SettingsDep
from api.schemas.common import CleanInput
from api.security import Authorized, check_json_login, client_ip, logout, start_session
from matcher.errors import NotAuthenticatedError, NotFoundError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Action

router = APIRouter(tags=["inloggen"])
DAY_S = 24 * 3600


class LoginIn(CleanInput):
    """E-mail and password (the password is never stored or logged)."""

    email: Annotated[str, Field(min_length=3, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class MeOut(BaseModel):
    """The logged-in account as the privacy rules see it."""

    account_id: int
    email: str
    display_name: str
    roles: list[str]
    institution: str | None
    student_id: str | None
    company_id: str | None
    caseload_size: int

    @classmethod
    def of(cls, principal: Principal) -> MeOut:
        """From the principal."""
        return cls(
            account_id=principal.account_id,
            email=principal.email,
            display_name=principal.display_name,
            roles=sorted(principal.roles),
            institution=principal.institution,
            student_id=principal.student_id,
            company_id=principal.company_id,
            caseload_size=len(principal.caseload),
        )


class LoginOut(BaseModel):
    """Who logged in, and the token unsafe requests with the cookie must send along."""

    account: MeOut
    csrf_token: str = Field(description="stuur mee als header X-CSRF-Token bij POST/PATCH/DELETE")


class TokenIn(CleanInput):
    """A name to recognise the token by, and how long it stays valid."""

    name: Annotated[str, Field(max_length=80)] = ""
    days: Annotated[int | None, Field(ge=1, le=366)] = 90


class TokenOut(BaseModel):
    """A new API token: shown once, stored only as a hash."""

    id: int
    token: str
    name: str
    note: str = "Bewaar deze sleutel goed. Je ziet hem maar één keer."


def _me(grant: Authorized) -> Principal:
    if grant.principal is None:  # the policy already refused anonymous requests
        raise NotAuthenticatedError("Log eerst in.")
    return grant.principal


@router.post("/auth/login", summary="Inloggen (zet een sessie-cookie)")
def post_login(
    _: Authorized,
    _json: Annotated[None, Depends(check_json_login)],
    body: LoginIn,
    request: Request,
    response: Response,
    session: SessionDep,
    engine: EngineDep,
    settings: SettingsDep,
) -> LoginOut:
    """Check e-mail and password; too many failures give 429 with Retry-After.

    Only as ``application/json`` and not from another site's page (no login CSRF; checked
    by ``check_json_login`` before the body is read).
    """
    principal, new = start_session(
        response, session, engine, body.email, body.password, client_ip(request), settings
    )
    return LoginOut(account=MeOut.of(principal), csrf_token=new.csrf_token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Uitloggen")
def post_logout(
    _: Authorized, request: Request, session: SessionDep, settings: SettingsDep
) -> Response:
    """End the session at once and remove the cookie."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    logout(request, response, session, settings)
    return response


@router.get("/me", summary="Mijn account")
def read_me(grant: Authorized) -> MeOut:
    """The logged-in account, its roles and links."""
    return MeOut.of(_me(grant))


@router.post("/me/tokens", status_code=status.HTTP_201_CREATED, summary="Nieuwe API-sleutel")
def post_token(grant: Authorized, body: TokenIn, session: SessionDep) -> TokenOut:
    """A personal API token for scripts: send it as ``Authorization: Bearer <token>``."""
    principal = _me(grant)
    ttl = None if body.days is None else body.days * DAY_S
    token = create_token(session, principal.account_id, name=body.name, ttl_s=ttl)
    new_id = token_id(session, token)
    record(session, actor=grant.actor, action=Action.TOKEN_CREATED)
    session.commit()
    return TokenOut(id=new_id, token=token, name=body.name)


@router.delete(
    "/me/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT, summary="API-sleutel intrekken"
)
def delete_token(
    grant: Authorized, token_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)], session: SessionDep
) -> Response:
    """Switch off one of your own tokens; it stops working at once."""
    try:
        revoke_token(session, _me(grant).account_id, token_id)
    except NotAuthenticatedError as error:  # not yours or unknown: the same answer
        raise NotFoundError("Deze sleutel bestaat niet (meer).", token_id=token_id) from error
    session.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
