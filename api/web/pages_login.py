"""Log in and out, and the start page that sends each role to its own page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api import security
from api.deps import EngineDep, SessionDep, SettingsDep
from api.web.access import PageUserDep
from api.web.render import page
from matcher.errors import MatcherError
from matcher.privacy.principal import Principal
from matcher.privacy.vocabulary import Role

router = APIRouter(tags=["webpagina's"])

HOME_BY_ROLE: tuple[tuple[Role, str], ...] = (
    (Role.BUREAU, "/bureau"),
    (Role.JOBCOACH, "/jobcoach"),
    (Role.BEGELEIDER, "/jobcoach"),
    (Role.STUDENT, "/student"),
    (Role.COMPANY, "/bedrijf"),
)


def home_of(principal: Principal) -> str:
    """The first page for this person's roles."""
    return next((url for role, url in HOME_BY_ROLE if role in principal.roles), "/login")


def _safe_next(target: str) -> str | None:
    return target if target.startswith("/") and not target.startswith("//") else None


@router.get("/", response_class=HTMLResponse)
def start(user: PageUserDep) -> Response:
    """Send a logged-in person to their page, anyone else to the login page."""
    return RedirectResponse(home_of(user.principal) if user.principal else "/login", 303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, _user: PageUserDep, terug: str = "") -> Response:
    """The login form."""
    return page(request, "login.html", terug=terug, error="")


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    _user: PageUserDep,
    session: SessionDep,
    engine: EngineDep,
    settings: SettingsDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    terug: Annotated[str, Form()] = "",
) -> Response:
    """Check the e-mail and password; on success start a session and go to the right page."""
    response = RedirectResponse(_safe_next(terug) or "/", status_code=303)
    try:
        principal = security.login(
            response, session, engine, email, password, security.client_ip(request), settings
        )
    except MatcherError as exc:
        return page(request, "login.html", status_code=401, terug=terug, error=exc.message)
    if not _safe_next(terug):
        response.headers["location"] = home_of(principal)
    return response


@router.post("/logout", response_class=HTMLResponse)
def logout(
    request: Request, _user: PageUserDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """End the session and show the login page."""
    response = RedirectResponse("/login", status_code=303)
    security.logout(request, response, session, settings)
    return response
